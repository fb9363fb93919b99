import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { addOrder, addTransaction, uiSnapshot } from '../fixtures.js';
import { KEY, renderSnapshot, screen } from './harness.js';

/** Anything a terminal would act on. With FORCE_COLOR=0 Ink itself writes no escape sequences either. */
const ACTIVE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

const TITLE = '\x1b]0;pwned\x07';
const LINK = '\x1b]8;;http://evil.example\x1b\\click\x1b]8;;\x1b\\';
const CLEAR = '\x1b[2J\x1b[H';
const DCS = '\x1bP1$qm\x1b\\';
const C1 = '\u009b31m';
const BIDI = 'invoice\u202etxt.exe\u202c\u2066x\u2069\u200f';

describe('strings from the snapshot are made safe before they reach the terminal', () => {
  it('in the table, the detail view and the status line, each hostile sequence shows as visible escapes', async () => {
    const snap = await uiSnapshot();
    addTransaction(snap, {
      orderRef: '115-0000005-0000005',
      date: '2026-11-20T00:00:00Z',
      status: 'Error',
      message: `${TITLE}${CLEAR}`,
      errors: [{ code: 'API_INVALID_INPUT', message: `${LINK}${DCS}${C1}${BIDI}\x7f\r\n\t\0` }],
    });
    addOrder(snap, { ref: `116-${CLEAR}` });
    snap.run('UPDATE orders SET buyer_name = ? WHERE order_ref = ?', [`${TITLE}${BIDI}`, `116-${CLEAR}`]);
    const app = await renderSnapshot(snap, { columns: 260, rows: 40 });
    const frames: string[] = [];
    const look = () => {
      frames.push(app.frame());
      expect(app.frame()).not.toMatch(ACTIVE);
      expect(app.frame()).not.toContain('\x1b');
    };
    look();
    expect(app.frame()).toContain('116-\\x1b[2J\\x1b[H');
    expect(app.frame()).toContain('\\x1b]0;pwned\\x07inv');
    await app.press('4');
    look();
    expect(app.frame()).toContain(
      '\\x1b]8;;http://evil.example\\x1b\\click\\x1b]8;;\\x1b\\\\x1bP1$qm\\x1b\\\\x9b31minvoice\\u202e',
    );
    await app.press(KEY.enter);
    look();
    expect(app.frame()).toContain('\\x1b]8;;http://evil.example');
    expect(app.frame()).toContain('\\x7f\\x0d\\x0a\\x09\\x00');
    await app.press('3', KEY.enter);
    look();
    expect(app.lines()[2]).toContain('Transaction');
    expect(app.frame()).toContain('\\x1b]0;pwned\\x07\\x1b[2J\\x1b[H');
    await app.press(KEY.escape, '1', 'o');
    look();
    expect(app.frame()).toContain('Options for order 116-\\x1b[2J\\x1b[H');
    await app.press('2');
    look();
    expect(screen.message(app)).toBe('✓ Marked order 116-\\x1b[2J\\x1b[H as resolved');
    // Every frame written, not only the last one.
    for (const f of app.frames) expect(f).not.toMatch(ACTIVE);
    app.unmount();
  });

  it('what the user types into a prompt cannot carry control characters either', async () => {
    const app = await renderSnapshot(await uiSnapshot());
    await app.press('/');
    await app.type('ab\u202ec');
    await app.press(KEY.enter);
    expect(screen.filterLine(app)).toBe('Filters: Keyword: "abc"');
    app.unmount();
  });

  it('wide characters, emoji and combining marks keep the columns aligned', async () => {
    const snap = await uiSnapshot();
    for (const ref of [
      '東京都-1234567',
      '👍🏽👍🏽-e\u0301e\u0301',
      'e\u0301\u0301\u0301-abc',
      'ＦＵＬＬＷＩＤＴＨ-ＲＥＦ-1234',
    ])
      addOrder(snap, { ref, purchaseDate: '2026-11-19T08:00:00Z' });
    const app = await renderSnapshot(snap, { columns: 100 });
    const rows = app.lines().filter((l) => l.includes('2026-11-'));
    expect(rows.length).toBe(7);
    // The date column starts at the same display column on every row, and matches the header.
    const dateColumn = (line: string) => stringWidth(line.slice(0, line.indexOf('2026-11-')));
    const header = app.lines()[2]!;
    const expected = stringWidth(header.slice(0, header.indexOf('Purchased')));
    for (const row of rows) expect(dateColumn(row)).toBe(expected);
    // The cell holding the too-wide ref is cut with an ellipsis, not wrapped.
    expect(app.frame()).toContain('› ＦＵＬＬＷＩＤＴＨ… 2026-11-19');
    app.unmount();
  });
});
