/**
 * The one keyboard router: a key and the current state in, a command out.
 * Pure, so the same table of keys drives the app, the help overlay and tests.
 */
import type { Key } from 'ink';
import { tabSpec } from '../triage/tabs.js';
import { TAB_IDS, type TabId } from '../triage/types.js';
import { detailViewport } from './detailLines.js';
import { screenLayout, tableLayout, tooSmall } from './layout.js';
import type { Action, AppState } from './state.js';

export type Command =
  | Action
  | { type: 'quit' }
  | { type: 'jumpTo'; tab: TabId; id: number }
  | { type: 'runOption'; index: number }
  | { type: 'exportRows'; format: 'csv' | 'json' }
  | { type: 'markAll' }
  | { type: 'runConfirmed' }
  | { type: 'openGroups' }
  | { type: 'groupOptions' }
  | { type: 'applyFix' }
  | { type: 'openSettings' }
  | { type: 'orderErrors'; orderRef: string };

/** The subset of Ink's Key the router reads (tests build these by hand). */
export type KeyInfo = Pick<
  Key,
  'upArrow' | 'downArrow' | 'leftArrow' | 'rightArrow' | 'pageUp' | 'pageDown' | 'home' | 'end' | 'return' | 'escape' | 'ctrl' | 'shift' | 'tab'
> &
  Partial<Pick<Key, 'backspace' | 'delete' | 'meta'>>;

export function routeKey(state: AppState, input: string, key: KeyInfo): Command | undefined {
  if (key.ctrl && input === 'c') return { type: 'quit' };
  // The too-small screen shows one line; only quitting makes sense there.
  if (tooSmall(state.columns, state.rows)) return input === 'q' ? { type: 'quit' } : undefined;
  const mode = state.mode;
  switch (mode.kind) {
    case 'prompt':
      // ink-text-input edits the value; only Enter and Esc are ours.
      if (key.return) return { type: 'applyPrompt' };
      if (key.escape) return { type: 'back' };
      return undefined;
    case 'filters':
      return formKey(state, input, key);
    case 'options':
      return optionsKey(state, mode.actions.length, mode.cursor, input, key);
    case 'fix':
      // ink-text-input edits the value (ERP item, ship-via); only Enter and Esc are ours.
      if (key.return) return { type: 'applyFix' };
      return key.escape ? { type: 'back' } : undefined;
    case 'settings':
      if (key.escape || input === 'i') return { type: 'back' };
      return input === 'q' ? quit(state) : undefined;
    case 'help':
      if (key.escape || input === '?') return { type: 'back' };
      return input === 'q' ? quit(state) : undefined;
    case 'groups': {
      const group = mode.groups?.[mode.cursor];
      if (key.escape || input === 'E') return { type: 'back' };
      if (key.upArrow || input === 'k') return { type: 'groupsMove', delta: -1 };
      if (key.downArrow || input === 'j') return { type: 'groupsMove', delta: 1 };
      if (key.return && group) return { type: 'showGroup', group };
      if (input === 'o' && group) return state.readOnlyReason ? { type: 'message', message: { text: `Read-only: ${state.readOnlyReason}`, ok: false } } : { type: 'groupOptions' };
      return input === 'q' ? quit(state) : undefined;
    }
    case 'confirm':
      if (input === 'y' || input === 'Y' || key.return) return { type: 'runConfirmed' };
      return input === 'n' || input === 'N' || key.escape ? { type: 'back' } : undefined;
    case 'confirm-quit':
      if (input === 'y' || input === 'Y') return { type: 'quit' };
      return input === 'n' || input === 'N' || key.escape ? { type: 'back' } : undefined;
    case 'detail':
      return detailKey(state, input, key);
    case 'table':
      return tableKey(state, input, key);
  }
}

function quit(state: AppState): Command {
  return state.acting ? { type: 'confirmQuit' } : { type: 'quit' };
}

/** Keys that work in both the table and the detail view. */
function commonKey(state: AppState, input: string, key: KeyInfo): Command | undefined {
  if (input === 'q') return quit(state);
  if (input === '?') return { type: 'openHelp' };
  if (input === 'i') return { type: 'openSettings' };
  if (/^[1-4]$/.test(input)) return { type: 'switchTab', tab: TAB_IDS[Number(input) - 1]! };
  if (key.tab) return { type: 'cycleTab', delta: key.shift ? -1 : 1 };
  if (input === ']') return { type: 'cycleTab', delta: 1 };
  if (input === '[') return { type: 'cycleTab', delta: -1 };
  return undefined;
}

function tableKey(state: AppState, input: string, key: KeyInfo): Command | undefined {
  const page = tableLayout(state.tab, state.columns, state.rows).tableRows;
  if (key.upArrow || input === 'k') return { type: 'move', delta: -1 };
  if (key.downArrow || input === 'j') return { type: 'move', delta: 1 };
  if (key.pageUp) return { type: 'move', delta: -page };
  if (key.pageDown) return { type: 'move', delta: page };
  if (key.home || input === 'g') return { type: 'moveTo', index: 0 };
  if (key.end || input === 'G') return { type: 'moveTo', index: -1 };
  if (key.return) return { type: 'openDetail' };
  if (key.escape) {
    if (state.back.length) return { type: 'goBack' };
    return state.message ? { type: 'message', message: undefined } : undefined;
  }
  switch (input) {
    case '/':
      return { type: 'openPrompt' };
    case 'f':
      return { type: 'openForm' };
    case 'h':
      return { type: 'toggle', which: 'hideResolved' };
    case 'e':
      return { type: 'toggle', which: 'errorsOnly' };
    case 'o':
      return { type: 'openOptions' };
    case 'c':
      return { type: 'clearFilters' };
    case ' ':
      return { type: 'toggleMark' };
    case '*':
      return { type: 'markAll' };
    case 'u':
      return { type: 'clearMarks' };
    case 'E':
      return { type: 'openGroups' };
    case 's':
      return { type: 'cycleSort' };
    case 'S':
      return { type: 'reverseSort' };
    case 'x':
      return { type: 'exportRows', format: 'csv' };
    case 'X':
      return { type: 'exportRows', format: 'json' };
  }
  return commonKey(state, input, key);
}

function detailKey(state: AppState, input: string, key: KeyInfo): Command | undefined {
  if (state.mode.kind !== 'detail') return undefined;
  const detail = state.mode.detail;
  const page = detail ? detailViewport(detail, screenLayout(state.rows).bodyHeight) : 1;
  if (key.escape) return { type: 'back' };
  if (key.upArrow || input === 'k') return { type: 'detailScroll', delta: -1 };
  if (key.downArrow || input === 'j') return { type: 'detailScroll', delta: 1 };
  if (key.pageUp) return { type: 'detailScroll', delta: -page };
  if (key.pageDown) return { type: 'detailScroll', delta: page };
  if (key.home || input === 'g') return { type: 'detailScroll', delta: -Infinity };
  if (key.end || input === 'G') return { type: 'detailScroll', delta: Infinity };
  if (key.leftArrow) return { type: 'detailTx', delta: -1 };
  if (key.rightArrow) return { type: 'detailTx', delta: 1 };
  if (key.return || input === 't') {
    const id = detail?.transactionIds[state.mode.txCursor];
    return id === undefined ? undefined : { type: 'jumpTo', tab: 'logs', id };
  }
  if (input === 'O' && detail?.orderId !== undefined) return { type: 'jumpTo', tab: 'orders', id: detail.orderId };
  // From an order: its errors in the Errors tab (Esc comes back here).
  if (input === 'e' && detail?.orderRef !== undefined) return { type: 'orderErrors', orderRef: detail.orderRef };
  return commonKey(state, input, key);
}

function formKey(state: AppState, input: string, key: KeyInfo): Command | undefined {
  if (key.escape) return { type: 'back' };
  if (key.return) return { type: 'applyForm' };
  if (key.downArrow || (key.tab && !key.shift)) return { type: 'formFocus', delta: 1 };
  if (key.upArrow || (key.tab && key.shift)) return { type: 'formFocus', delta: -1 };
  // Left/Right pick a choice; on a text field ink-text-input moves its cursor instead.
  if (key.leftArrow) return { type: 'formChoice', delta: -1 };
  if (key.rightArrow) return { type: 'formChoice', delta: 1 };
  // On a choice field, typing picks the choice with those letters (ink-text-input has the text fields).
  if (state.mode.kind === 'filters' && !hasTextInput(state)) {
    if (key.backspace || key.delete) return { type: 'formType', text: '' };
    if (input && !key.ctrl && !key.meta && /^[\p{L}\p{N}_ -]$/u.test(input)) return { type: 'formType', text: input };
  }
  return undefined;
}

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

/** Whether an ink-text-input is focused (it takes typed and pasted text itself). */
export function hasTextInput(state: AppState): boolean {
  const mode = state.mode;
  if (mode.kind === 'prompt' || mode.kind === 'fix') return true;
  return mode.kind === 'filters' && tabSpec(mode.form.tab).filters[mode.form.focus]?.kind !== 'choice';
}

/** The key flags of one character out of a run that arrived together. */
export function keyOf(ch: string): KeyInfo {
  return { ...PLAIN_KEY, return: ch === '\r', tab: ch === '\t', ctrl: ch === '\x03', shift: ch !== ch.toLowerCase() };
}

/**
 * The options menu's keys come through here, not through ink-select-input's
 * own handler: that one subscribes only after the menu is drawn, so a key typed
 * right after `o` would be lost.
 */
function optionsKey(state: AppState, offered: number, cursor: number, input: string, key: KeyInfo): Command | undefined {
  if (key.escape) return { type: 'back' };
  if (key.upArrow || input === 'k') return { type: 'optionsMove', delta: -1 };
  if (key.downArrow || input === 'j') return { type: 'optionsMove', delta: 1 };
  if (key.return) return { type: 'runOption', index: cursor };
  const n = Number(input);
  if (/^[1-9]$/.test(input) && n <= offered) return { type: 'runOption', index: n - 1 };
  return input === 'q' ? quit(state) : undefined;
}
