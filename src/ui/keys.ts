/**
 * The one keyboard router: a key and the current state in, a command out,
 * looked up in the binding table (bindings.ts). Pure, so the app, the help,
 * the hints and the tests read the same table.
 */
import type { Key } from 'ink';
import { BINDINGS, TYPING_MODES, type Binding } from './bindings.js';
import type { Command } from './commands.js';
import { tooSmall } from './layout.js';
import type { AppState } from './model.js';

export type { Command } from './commands.js';

/** The subset of Ink's Key the router reads (tests build these by hand). */
export type KeyInfo = Pick<
  Key,
  | 'upArrow'
  | 'downArrow'
  | 'leftArrow'
  | 'rightArrow'
  | 'pageUp'
  | 'pageDown'
  | 'home'
  | 'end'
  | 'return'
  | 'escape'
  | 'ctrl'
  | 'shift'
  | 'tab'
> &
  Partial<Pick<Key, 'backspace' | 'delete' | 'meta'>>;

/** No special key pressed: a plain character. */
export const PLAIN_KEY: KeyInfo = {
  upArrow: false,
  downArrow: false,
  leftArrow: false,
  rightArrow: false,
  pageUp: false,
  pageDown: false,
  home: false,
  end: false,
  return: false,
  escape: false,
  ctrl: false,
  shift: false,
  tab: false,
};

/**
 * A key's name as the binding table writes it: 'j', 'G', 'Down', 'Ctrl-D',
 * 'Alt-b', 'Enter', 'Esc', 'Space', 'Shift-Tab'. A Ctrl+letter is never its
 * letter: 'Ctrl-U' only matches a binding that names Ctrl-U.
 */
export function keyName(input: string, key: KeyInfo): string {
  if (key.upArrow) return 'Up';
  if (key.downArrow) return 'Down';
  if (key.leftArrow) return 'Left';
  if (key.rightArrow) return 'Right';
  if (key.pageUp) return 'PgUp';
  if (key.pageDown) return 'PgDn';
  if (key.home) return 'Home';
  if (key.end) return 'End';
  if (key.return) return 'Enter';
  if (key.tab) return key.shift ? 'Shift-Tab' : 'Tab';
  // Ink reports 0x7f (what Backspace sends) as delete, and Ctrl-H as backspace.
  if (key.backspace || key.delete) return 'Backspace';
  if (key.escape && !input) return 'Esc';
  if (key.ctrl && input) return `Ctrl-${input.toUpperCase()}`;
  if (key.meta && input) return `Alt-${input}`;
  if (input === ' ') return 'Space';
  return input;
}

/** The key flags of one character out of a run that arrived together (pasted text, key repeat, several Backspaces). */
export function keyOf(ch: string): { input: string; key: KeyInfo } {
  if (ch === '\r' || ch === '\n') return { input: '', key: { ...PLAIN_KEY, return: true } };
  if (ch === '\t') return { input: '', key: { ...PLAIN_KEY, tab: true } };
  if (ch === '\x7f' || ch === '\b') return { input: '', key: { ...PLAIN_KEY, delete: true } };
  const code = ch.charCodeAt(0);
  // Ctrl+letter: 0x01-0x1a.
  if (ch.length === 1 && code >= 1 && code <= 26)
    return { input: String.fromCharCode(code + 96), key: { ...PLAIN_KEY, ctrl: true } };
  return { input: ch, key: { ...PLAIN_KEY, shift: ch !== ch.toLowerCase() } };
}

export interface Resolved {
  binding: Binding | undefined;
  command: Command | undefined;
}

/**
 * The binding a key means in this state, and its command: the first enabled
 * binding of the mode with that key; when every one is disabled, the reason
 * of the first is said. A printable key no binding takes, where a line is
 * being typed, goes into it.
 */
export function resolveKey(state: AppState, input: string, key: KeyInfo): Resolved {
  const name = keyName(input, key);
  // The too-small screen shows one line; only quitting makes sense there.
  if (tooSmall(state.columns, state.rows))
    return { binding: undefined, command: name === 'q' || name === 'Ctrl-C' ? { type: 'quit' } : undefined };
  const kind = state.mode.kind;
  const candidates = BINDINGS.filter((b) => b.modes.includes(kind) && b.keys.includes(name));
  for (const b of candidates) {
    if (b.disabled?.(state) === undefined) return { binding: b, command: b.run(state, name) };
  }
  const typing =
    TYPING_MODES.includes(kind) && !key.ctrl && !key.meta && input.length > 0 && !/[\x00-\x1f\x7f]/.test(input);
  if (typing) return { binding: undefined, command: { type: 'edit', edit: { op: 'insert', text: input } } };
  const first = candidates[0];
  if (first)
    return { binding: first, command: { type: 'message', message: { text: first.disabled!(state)!, ok: false } } };
  return { binding: undefined, command: undefined };
}

export function routeKey(state: AppState, input: string, key: KeyInfo): Command | undefined {
  return resolveKey(state, input, key).command;
}
