/** The pure parts of issue 15: line editing, the `:` prompt's words, the OSC 52 sequence, the pager's text. */
import { describe, expect, it } from 'vitest';
import { copyChoices, osc52 } from '../../src/ui/copy.js';
import { parseGoto } from '../../src/ui/goto.js';
import { editLine, lineAt, type Line, type LineOp } from '../../src/ui/line-edit.js';
import { recordText } from '../../src/ui/pager-text.js';

const apply = (line: Line, ...ops: LineOp[]) => ops.reduce(editLine, line);
const at = (value: string, cursor: number): Line => ({ value, cursor });

describe('editing a line as shells do', () => {
  it('inserts at the cursor, and Backspace deletes the character before it, each of a burst in order', () => {
    expect(apply(lineAt('ac'), { op: 'left' }, { op: 'insert', text: 'b' })).toEqual(at('abc', 2));
    expect(apply(lineAt('abcd'), { op: 'backspace' }, { op: 'backspace' }, { op: 'backspace' })).toEqual(at('a', 1));
    expect(apply(lineAt(''), { op: 'backspace' })).toEqual(at('', 0));
  });

  it('Ctrl-A / Ctrl-E go to the start and the end; Ctrl-U and Ctrl-K delete to them', () => {
    expect(apply(at('order 112', 3), { op: 'start' })).toEqual(at('order 112', 0));
    expect(apply(at('order 112', 3), { op: 'end' })).toEqual(at('order 112', 9));
    expect(apply(at('order 112', 6), { op: 'killStart' })).toEqual(at('112', 0));
    expect(apply(at('order 112', 5), { op: 'killEnd' })).toEqual(at('order', 5));
  });

  it('Ctrl-W deletes the word before the cursor; Alt-B / Alt-F move by words', () => {
    expect(apply(lineAt('SKU unlinked  '), { op: 'killWord' })).toEqual(at('SKU ', 4));
    expect(apply(lineAt('tx 2847'), { op: 'wordLeft' })).toEqual(at('tx 2847', 3));
    expect(apply(at('tx 2847', 0), { op: 'wordRight' })).toEqual(at('tx 2847', 2));
  });

  it('counts the cursor in characters, not UTF-16 units, and drops control characters from pasted text', () => {
    expect(apply(lineAt('café😀'), { op: 'backspace' })).toEqual(at('café', 4));
    expect(apply(lineAt(''), { op: 'insert', text: 'a\x1b[31mb\x07' }).value).not.toMatch(/[\x00-\x1f]/);
  });
});

describe('the : prompt', () => {
  it('takes an order number, tx N, err N, a tab and a row id, or a tab name', () => {
    expect(parseGoto('112-1234567-1234567')).toEqual({ kind: 'ref', tab: 'orders', ref: '112-1234567-1234567' });
    expect(parseGoto('tx 2847')).toEqual({ kind: 'ref', tab: 'logs', ref: 'tx:2847' });
    expect(parseGoto('err:308')).toEqual({ kind: 'ref', tab: 'errors', ref: 'err:308' });
    expect(parseGoto('orders 42')).toEqual({ kind: 'ref', tab: 'orders', ref: '42' });
    expect(parseGoto('Errors')).toEqual({ kind: 'tab', tab: 'errors' });
    expect(parseGoto('3')).toEqual({ kind: 'tab', tab: 'logs' });
    expect(parseGoto('nonsense').kind).toBe('bad');
  });
});

describe('copy and pager', () => {
  it('OSC 52 carries the value in base64 to the clipboard selection', () => {
    expect(osc52('112-0000001-0000001')).toBe(`\x1b]52;c;${Buffer.from('112-0000001-0000001').toString('base64')}\x07`);
  });

  it('offers the order number first on an error, then its code and message', () => {
    const choices = copyChoices('errors', {
      id: 7,
      resolved: false,
      cells: { order_ref: '112-0000001-0000001', code: 'ORD_SKU_UNLINKED', message: 'SKU X is not linked' },
    });
    expect(choices.map((c) => c.label)).toEqual(['Order number', 'Error code', 'Message']);
    expect(choices[0]!.value).toBe('112-0000001-0000001');
  });

  it("the pager's text has every field, then each section, with control characters made visible", () => {
    const text = recordText({
      tab: 'logs',
      id: 1,
      title: 'Transaction 1',
      fields: [
        ['Status', 'Error'],
        ['Message', 'bad\x1b[2J'],
      ],
      sections: [{ title: 'Payload', lines: ['{', '  "a": 1', '}'] }],
      transactionIds: [],
    });
    expect(text.split('\n').slice(0, 6)).toEqual([
      'Transaction 1',
      '',
      'Status   Error',
      expect.stringMatching(/^Message {2}bad/),
      '',
      'Payload:',
    ]);
    expect(text).not.toContain('\x1b');
  });
});
