import { describe, expect, it } from 'vitest';
import { createSnapshot } from '../../src/db/index.js';
import { generateDemo } from '../../src/demo/generate-demo.js';
import { countRows, NO_FILTERS } from '../../src/triage/index.js';
import { count, DROPPED, FAILED, PENDING, uiSnapshot } from '../fixtures.js';
import { KEY, renderSnapshot, screen } from './harness.js';

describe('marking rows and bulk actions', () => {
  it('space marks the row and moves down (as in mc and mutt); o acts on the marked rows after a confirmation that shows the count; marks then clear', async () => {
    const snap = await uiSnapshot();
    const app = await renderSnapshot(snap);
    await app.press(' ', ' '); // the two newest orders
    expect(screen.status(app)).toBe('row 3 of 3 · 2 marked │ in-memory snapshot');
    expect(app.lines().filter((l) => /^[› ]\*/.test(l))).toHaveLength(2);
    await app.press(' ', 'k'); // the last row: marked, and the selection stays on it
    expect(screen.status(app)).toBe('row 2 of 3 · 3 marked │ in-memory snapshot');
    await app.press('j', ' '); // marking twice unmarks
    expect(screen.status(app)).toContain('· 2 marked');
    await app.press('o');
    expect(app.frame()).toContain('Options for 2 marked orders');
    await app.press('2');
    expect(app.frame()).toContain('Mark as Resolved 2 marked orders? y runs it, n or Esc goes back');
    expect(count(snap, 'SELECT COUNT(*) FROM audit_log')).toBe(0);
    await app.press('y');
    expect(screen.message(app)).toBe('✓ Marked 2 orders as resolved');
    expect(
      count(snap, 'SELECT COUNT(*) FROM orders WHERE resolved = 1 AND order_ref IN (?, ?)', [PENDING, DROPPED]),
    ).toBe(2);
    expect(count(snap, 'SELECT resolved FROM orders WHERE order_ref = ?', [FAILED])).toBe(0);
    expect(count(snap, "SELECT COUNT(*) FROM audit_log WHERE action = 'resolve'")).toBe(2);
    expect(screen.status(app)).not.toContain('marked');
    app.unmount();
  });

  it('n goes back without acting; u clears the marks', async () => {
    const snap = await uiSnapshot();
    const app = await renderSnapshot(snap);
    await app.press(' ', 'j', ' ', 'o', '2', 'n');
    expect(count(snap, 'SELECT COUNT(*) FROM audit_log')).toBe(0);
    expect(screen.status(app)).toContain('2 marked');
    await app.press('u');
    expect(screen.status(app)).not.toContain('marked');
    expect(screen.message(app)).toBe('✓ Marks cleared');
    app.unmount();
  });

  it('* marks every row matching the filters, not only the visible ones; a bulk re-run sums up fixed and still failing by code', async () => {
    const snap = await createSnapshot();
    generateDemo(snap, { transactions: 1500, seed: 9 });
    const failing = { ...NO_FILTERS, errorsOnly: true, hideResolved: true };
    const n = countRows(snap, 'logs', failing);
    expect(n).toBeGreaterThan(17); // more than one screen
    const app = await renderSnapshot(snap, { columns: 200 });
    await app.press('3', 'e', 'h', '*');
    expect(screen.status(app)).toContain(`· ${n} marked`);
    const before = count(snap, 'SELECT MAX(id) FROM transactions');
    await app.press('o', '1');
    expect(app.frame()).toContain(`Re-Run ${n} marked transactions?`);
    await app.press(KEY.enter);
    const reruns = snap.all<{ status: string; id: number }>(
      'SELECT id, status FROM transactions WHERE id > ? AND sync_type = ?',
      [before, 'Manual'],
    );
    expect(reruns).toHaveLength(n);
    const fixed = reruns.filter((r) => r.status === 'Success').length;
    const codes = snap.all<{ code: string; k: number }>(
      "SELECT code, COUNT(DISTINCT transaction_id) AS k FROM errors WHERE transaction_id > ? AND severity = 'error' GROUP BY code ORDER BY k DESC",
      [before],
    );
    const message = screen.message(app);
    expect(message).toMatch(
      new RegExp(`^[✓✗] Re-ran ${n} transactions: ${fixed} succeeded, ${n - fixed} still failing`),
    );
    // The line is cut at the terminal's width; every code it names has the count the database shows.
    const named = [...message.matchAll(/([A-Z]+_[A-Z_]+) x(\d+)/g)].map((m) => ({ code: m[1], k: Number(m[2]) }));
    expect(named.length).toBeGreaterThanOrEqual(Math.min(3, codes.length));
    for (const { code, k } of named) expect(codes.find((c) => c.code === code)?.k).toBe(k);
    expect(screen.status(app)).not.toContain('marked');
    app.unmount();
  });

  it('a long bulk run shows its progress as it goes', async () => {
    const snap = await createSnapshot();
    generateDemo(snap, { transactions: 1500, seed: 9 });
    const n = countRows(snap, 'errors', NO_FILTERS);
    expect(n).toBeGreaterThan(100);
    const app = await renderSnapshot(snap);
    await app.press('4', '*', 'o', '2', 'y');
    const progress = app.frames.map((f) => f.split('\n').find((l) => l.includes('Mark as Resolved:'))).filter(Boolean);
    expect(progress[0]).toMatch(new RegExp(`^✓ Mark as Resolved: \\[#+\\.+\\] 50 of ${n}$`));
    const steps = [...new Set(progress.map((l) => Number(/(\d+) of/.exec(l!)![1])))];
    expect(steps).toEqual(Array.from({ length: Math.ceil(n / 50) - 1 }, (_, i) => (i + 1) * 50));
    expect(screen.message(app)).toBe(`✓ Marked ${n} errors as resolved`);
    expect(count(snap, 'SELECT COUNT(*) FROM errors WHERE resolved = 0')).toBe(0);
    app.unmount();
  });
});
