/**
 * One line of text being typed (the keyword, the `:` prompt, a filter field,
 * a fix's value), edited the way shells and readline do: every key of a burst
 * (pasted text, several Backspaces at once) is applied in order, by the
 * reducer, so nothing is lost between two renders.
 */
import { stripUnsafe } from '../text/sanitize.js';

export interface Line {
  value: string;
  /** Cursor position in code points, 0..value's length. */
  cursor: number;
}

export type LineOp =
  | { op: 'insert'; text: string }
  | { op: 'backspace' }
  | { op: 'left' }
  | { op: 'right' }
  | { op: 'start' }
  | { op: 'end' }
  /** Ctrl-U: delete from the start of the line to the cursor. */
  | { op: 'killStart' }
  /** Ctrl-K: delete from the cursor to the end. */
  | { op: 'killEnd' }
  /** Ctrl-W: delete the word before the cursor (and the spaces after it). */
  | { op: 'killWord' }
  /** Alt-B / Alt-F: to the start of the previous word, the end of the next. */
  | { op: 'wordLeft' }
  | { op: 'wordRight' };

export function lineAt(value: string): Line {
  return { value, cursor: [...value].length };
}

const isWordChar = (ch: string | undefined) => ch !== undefined && /[\p{L}\p{N}_]/u.test(ch);

/** Where the word before `at` starts (skipping spaces and symbols first, as readline does). */
function wordStart(chars: string[], at: number): number {
  let i = at;
  while (i > 0 && !isWordChar(chars[i - 1])) i--;
  while (i > 0 && isWordChar(chars[i - 1])) i--;
  return i;
}

function wordEnd(chars: string[], at: number): number {
  let i = at;
  while (i < chars.length && !isWordChar(chars[i])) i++;
  while (i < chars.length && isWordChar(chars[i])) i++;
  return i;
}

/** The line after one edit. Text typed or pasted loses control characters (a terminal would act on them). */
export function editLine(line: Line, edit: LineOp): Line {
  const chars = [...line.value];
  const at = Math.max(0, Math.min(chars.length, line.cursor));
  const make = (next: string[], cursor: number): Line => ({ value: next.join(''), cursor });
  switch (edit.op) {
    case 'insert': {
      const text = [...stripUnsafe(edit.text)];
      return make([...chars.slice(0, at), ...text, ...chars.slice(at)], at + text.length);
    }
    case 'backspace':
      return at === 0 ? line : make([...chars.slice(0, at - 1), ...chars.slice(at)], at - 1);
    case 'left':
      return { ...line, cursor: Math.max(0, at - 1) };
    case 'right':
      return { ...line, cursor: Math.min(chars.length, at + 1) };
    case 'start':
      return { ...line, cursor: 0 };
    case 'end':
      return { ...line, cursor: chars.length };
    case 'killStart':
      return make(chars.slice(at), 0);
    case 'killEnd':
      return make(chars.slice(0, at), at);
    case 'killWord': {
      const from = wordStart(chars, at);
      return make([...chars.slice(0, from), ...chars.slice(at)], from);
    }
    case 'wordLeft':
      return { ...line, cursor: wordStart(chars, at) };
    case 'wordRight':
      return { ...line, cursor: wordEnd(chars, at) };
  }
}
