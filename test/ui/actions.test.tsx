import { describe, expect, it } from 'vitest';
import type { Snapshot } from '../../src/db/index.js';
import { createTriageSession } from '../../src/triage/session.js';
import type { TriageSource } from '../../src/triage/source.js';
import { count, DROPPED, FAILED, PENDING, uiSnapshot } from '../fixtures.js';
import { KEY, renderApp, renderSnapshot, screen } from './harness.js';

const { status, message, selected: selectedLine } = screen;
const resolvedOrder = (snap: Snapshot, ref: string) =>
  count(snap, 'SELECT resolved FROM orders WHERE order_ref = ?', [ref]);

describe('the options menu', () => {
  it("lists the tab's actions for the selected row; Esc closes it without changing anything", async () => {
    const snap = await uiSnapshot();
    const app = await renderSnapshot(snap);
    await app.press('G', 'o');
    expect(app.frame()).toContain(`Options for order ${FAILED}`);
    for (const label of ['1. Re-Run', '2. Mark as Resolved', '3. Mark as Unresolved', '4. Resolve and Run Again'])
      expect(app.frame()).toContain(label);
    await app.press('j'); // the menu's own j, not the table's
    await app.press(KEY.escape);
    expect(app.frame()).not.toContain('Options for');
    expect(selectedLine(app)).toContain(FAILED);
    expect(count(snap, 'SELECT COUNT(*) FROM audit_log')).toBe(0);
    await app.press('2');
    expect(app.lines()[0]).toContain('[2 Inventory');
    await app.press('o');
    expect(app.frame()).not.toContain('Resolve and Run Again'); // Orders only
    expect(app.frame()).toContain('3. Mark as Unresolved');
    app.unmount();
  });

  it('Mark as Resolved changes the database, the row, the tab count and the status line, and keeps the selection', async () => {
    const snap = await uiSnapshot();
    const source = createTriageSession(snap, { actor: 'tester' });
    const before = await source.openErrorCounts();
    const app = await renderApp(source);
    await app.press('G', 'o', KEY.down, KEY.enter);
    expect(resolvedOrder(snap, FAILED)).toBe(1);
    expect(count(snap, "SELECT resolved FROM errors WHERE code = 'ORD_SKU_UNLINKED'")).toBe(1);
    expect(count(snap, "SELECT COUNT(*) FROM audit_log WHERE action = 'resolve' AND actor = 'tester'")).toBe(1);
    expect(status(app)).toBe('row 3 of 3 │ in-memory snapshot');
    expect(message(app)).toBe(`✓ Marked order ${FAILED} as resolved with 1 error`);
    expect(selectedLine(app)).toMatch(new RegExp(`^› ${FAILED} .* Yes$`));
    const after = await source.openErrorCounts();
    expect(after.orders).toBeLessThan(before.orders);
    expect(app.lines()[0]).toContain(`[1 Orders ${after.orders} open]`);
    // And back.
    await app.press('o', '3');
    expect(resolvedOrder(snap, FAILED)).toBe(0);
    expect(selectedLine(app)).toMatch(new RegExp(`^› ${FAILED} .* No$`));
    expect(app.lines()[0]).toContain(`[1 Orders ${before.orders} open]`);
    app.unmount();
  });

  it('moves the selection to the nearest row when the record leaves the filtered set', async () => {
    const snap = await uiSnapshot();
    const app = await renderSnapshot(snap);
    await app.press('h', 'G'); // hide resolved: PENDING, FAILED
    expect(selectedLine(app)).toContain(FAILED);
    await app.press('o', '2');
    expect(resolvedOrder(snap, FAILED)).toBe(1);
    expect(app.frame()).not.toContain(FAILED.slice(0, 19) + ' 2026');
    expect(selectedLine(app)).toContain(PENDING);
    expect(status(app)).toContain('row 1 of 1');
    app.unmount();
  });

  it('Re-Run writes a new transaction for the order and reports the outcome', async () => {
    const snap = await uiSnapshot();
    const txBefore = count(snap, 'SELECT COUNT(*) FROM transactions WHERE order_ref = ?', [FAILED]);
    const app = await renderSnapshot(snap);
    await app.press('G', 'o', '1');
    expect(count(snap, 'SELECT COUNT(*) FROM transactions WHERE order_ref = ?', [FAILED])).toBe(txBefore + 1);
    const latest = snap.get<{ rerun_of: number | null; status: string }>(
      'SELECT rerun_of, status FROM transactions WHERE order_ref = ? ORDER BY id DESC LIMIT 1',
      [FAILED],
    )!;
    expect(latest.rerun_of).not.toBeNull();
    expect(count(snap, "SELECT COUNT(*) FROM audit_log WHERE action = 'rerun'")).toBe(1);
    expect(message(app)).toMatch(new RegExp(`^✗ Re-run of order ${FAILED}: still failing: ORD_SKU_UNLINKED`));
    expect(selectedLine(app)).toContain(FAILED);
    await app.press('3');
    expect(status(app)).toContain(`of ${count(snap, 'SELECT COUNT(*) FROM transactions')}`);
    app.unmount();
  });

  it('Resolve and Run Again on an order marks it resolved before re-running it', async () => {
    const snap = await uiSnapshot();
    const app = await renderSnapshot(snap);
    await app.press('o', '4'); // PENDING, first row
    expect(count(snap, "SELECT COUNT(*) FROM audit_log WHERE action = 'resolve-rerun'")).toBe(1);
    expect(
      count(snap, 'SELECT COUNT(*) FROM transactions WHERE order_ref = ? AND rerun_of IS NOT NULL', [PENDING]),
    ).toBe(1);
    expect(message(app)).toContain(`Resolved and re-ran order ${PENDING}`);
    app.unmount();
  });

  it('acts on the Inventory, Errors and Logs tabs too', async () => {
    const snap = await uiSnapshot();
    const app = await renderSnapshot(snap);
    const inventoryRed = () => count(snap, "SELECT resolved FROM inventory_log WHERE sku = 'AMZ-RED'");
    const negativeQty = () => count(snap, "SELECT resolved FROM errors WHERE code = 'INV_NEGATIVE_QTY'");
    expect([inventoryRed(), negativeQty()]).toEqual([0, 0]);
    await app.press('2', 'f');
    await app.type('AMZ-RED');
    await app.press(KEY.enter, 'o', '2');
    expect(inventoryRed()).toBe(1);
    expect(negativeQty()).toBe(1); // resolving the row resolves its errors
    expect(selectedLine(app)).toMatch(/AMZ-RED.* Yes/);
    await app.press('4', 'f');
    await app.type('INV_NEGATIVE_QTY');
    await app.press(KEY.enter, 'o', '3');
    expect(negativeQty()).toBe(0);
    // Resolved is on the line under the table at 80 columns (the code is never cut).
    expect(selectedLine(app)).toMatch(/INV_NEGATIVE_QTY +INV_NEGATIVE/);
    expect(screen.body(app)).toMatch(/^ {2}Resolved No · Tries/m);
    const drop = () => count(snap, "SELECT resolved FROM transactions WHERE message = 'Drop: dropped as SO-000001'");
    expect(drop()).toBe(1);
    await app.press('3', '/');
    await app.type('Drop:');
    await app.press(KEY.enter, 'o', '3');
    expect(drop()).toBe(0);
    expect(message(app)).toMatch(/^✓ Marked transaction \d+ as unresolved/);
    app.unmount();
  });

  it('is not offered on a read-only snapshot: the status line says why', async () => {
    const snap = await uiSnapshot();
    const source: TriageSource = {
      ...createTriageSession(snap, { actor: 'tester' }),
      readOnlyReason: 'opened with --read-only',
    };
    const app = await renderApp(source);
    await app.press('o');
    expect(app.frame()).not.toContain('Options for');
    expect(message(app)).toBe('✗ Read-only: opened with --read-only');
    await app.press('2'); // the key goes to the tab bar, not to a menu
    expect(app.lines()[0]).toContain('[2 Inventory');
    expect(count(snap, 'SELECT COUNT(*) FROM audit_log')).toBe(0);
    app.unmount();
  });

  it('stays responsive while an action runs, shows "working…", and ignores a second action until it ends', async () => {
    const snap = await uiSnapshot();
    const session = createTriageSession(snap, { actor: 'tester' });
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let calls = 0;
    const source: TriageSource = {
      ...session,
      act: async (...args) => {
        calls++;
        await gate;
        return session.act(...args);
      },
    };
    const app = await renderApp(source);
    await app.press('o', '2');
    expect(status(app)).toContain('working…');
    expect(message(app)).toBe(`✓ Mark as Resolved order ${PENDING}…`);
    await app.press('j'); // the table still moves
    expect(selectedLine(app)).toContain(DROPPED);
    await app.press('o');
    expect(app.frame()).not.toContain('Options for');
    expect(message(app)).toBe('✗ An action is still running');
    expect(calls).toBe(1);
    release();
    await app.settle();
    expect(status(app)).not.toContain('working…');
    expect(message(app)).toContain(`✓ Marked order ${PENDING} as resolved`);
    expect(resolvedOrder(snap, PENDING)).toBe(1);
    expect(calls).toBe(1);
    app.unmount();
  });

  it('asks before quitting while an action runs', async () => {
    const snap = await uiSnapshot();
    const session = createTriageSession(snap, { actor: 'tester' });
    const source: TriageSource = { ...session, act: () => new Promise(() => {}) };
    const app = await renderApp(source);
    await app.press('o', '2', 'q');
    expect(app.frame()).toContain('An action is still running. Quit anyway? (y/n)');
    await app.press('n');
    expect(app.exited()).toBe(false);
    expect(app.frame()).toContain(PENDING);
    await app.press('q', 'y');
    expect(app.exited()).toBe(true);
  });

  it('keys typed straight after o reach the menu (nothing is lost before it is drawn)', async () => {
    const snap = await uiSnapshot();
    const app = await renderSnapshot(snap);
    await app.press('G');
    await app.typeAhead('o', KEY.down, KEY.enter);
    expect(resolvedOrder(snap, FAILED)).toBe(1);
    expect(message(app)).toBe(`✓ Marked order ${FAILED} as resolved with 1 error`);
    app.unmount();
  });

  it("the record's detail shows who resolved it and when (audit)", async () => {
    const snap = await uiSnapshot();
    const app = await renderSnapshot(snap);
    await app.press('G');
    await app.typeAhead('o', KEY.down, KEY.enter);
    await app.press(KEY.enter);
    for (let i = 0; i < 6 && !app.frame().includes('tester resolve'); i++) await app.press(KEY.pageDown);
    const at = String(snap.value("SELECT at FROM audit_log WHERE action = 'resolve'"));
    expect(app.frame()).toContain(`${at} tester resolve: marked resolved with 1 error`);
    app.unmount();
  });
});
