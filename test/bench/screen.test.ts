import { describe, expect, it } from 'vitest';
import { filterOn, hasRows, messageLine, rowNumber } from '../../bench/screen.mjs';

/** The bottom and top of real screens (tmux capture-pane, 120x40) of the Errors tab on the 1M demo. */
const top = (filters: string) =>
  [
    ' 1 Orders 15476 open │ 2 Inventory 3159 open │ 3 Logs 21920 open │[4 Errors 22288 open]',
    `Filters: ${filters}`,
    'New errors/day 276 ▃▃▃▃▃▃▃▃▃▃▃▃▃▃▃▃▃▃▃▃▄▃▃▄▄▄▄▆█▃ 309  peak 935 on 11-26 · 10-29–11-27',
    '  Date UTC▼        Code                      Message                 Order ref / SKU     Resolved Tries      Tx Severity',
    '›✓2026-11-27 08:00 NET_TIMEOUT               connection to sellingp… OFF-8111-13         No           1  999996 error',
    '  2026-11-27 07:58 ORD_STILL_PENDING         order still Pending on… 702-9538901-4079955 No           1  999983 warning',
  ].join('\n');
const hints = '✓ passes if re-run now  ↑↓ move  Enter open  o options  / search  f filters  c clear  ? help  q quit';

describe("the bench's reading of the dashboard's screen", () => {
  it('reads the message under the status line, not the legend of the key hints', () => {
    const none = `${top('Hide Resolved Exports')}\nrow 1 of 24193 │ work-1000000.db (demo: made-up data)\n\n${hints}\n`;
    expect(messageLine(none)).toBe('');
    const marked = `${top('Hide Resolved Exports')}\nrow 1 of 24193 │ work-1000000.db\n✓ Marked error 999996 as resolved\n${hints}\n`;
    expect(messageLine(marked)).toBe('✓ Marked error 999996 as resolved');
    const refused = `${top('none')}\nrow 1 of 24193 │ work-1000000.db\n✗ Nothing to go back to\n${hints}\n`;
    expect(messageLine(refused)).toBe('✗ Nothing to go back to');
  });

  it('counts rows as shown only once they answer the filters on screen', () => {
    const stale = `${top('Hide Resolved Exports')}\nrow … of … │ work-1000000.db │ working…\n✓ Inventory: filters cleared\n${hints}\n`;
    expect(hasRows(stale)).toBe(false);
    expect(rowNumber(stale)).toBeNaN();
    const counting = `${top('Hide Resolved Exports')}\nrow 1 of … (counting) │ work-1000000.db\n\n${hints}\n`;
    expect(hasRows(counting)).toBe(true);
    expect(rowNumber(counting)).toBe(1);
  });

  it('reads which filters are on from the filters line, not from the hints that name them', () => {
    const off = `${top('none (h Hide Resolved Exports, e Show Errors Only, f form, / search)')}\nrow 1 of 129197 │ x\n\n${hints}\n`;
    expect(filterOn(off, 'Hide Resolved')).toBe(false);
    const on = `${top('Hide Resolved Exports')}\nrow 1 of 24193 │ x\n\n${hints}\n`;
    expect(filterOn(on, 'Hide Resolved')).toBe(true);
  });
});
