import { describe, expect, it } from 'vitest';
import { createTriageSession } from '../../src/triage/session.js';
import { FAILED, idOf, PENDING, uiSnapshot } from '../fixtures.js';
import { KEY, renderApp, renderSnapshot, screen, type Rendered } from './harness.js';

/** Pages through the whole detail view with PgDn, returning every line seen. */
async function readAll(app: Rendered): Promise<string> {
  const seen: string[] = [app.frame()];
  for (let i = 0; i < 20; i++) {
    const info = scrollInfo(app);
    if (!info || info[1] === info[2]) break;
    await app.press(KEY.pageDown);
    seen.push(app.frame());
  }
  return seen.join('\n');
}

/** The detail title line's "lines a-b of n". */
const scrollInfo = (app: Rendered) => /lines (\d+)-(\d+) of (\d+)/.exec(app.lines()[2]!)?.slice(1).map(Number);

describe('the detail view', () => {
  it('Enter opens every field and section of the selected order, scrollable; Esc goes back', async () => {
    const app = await renderSnapshot(await uiSnapshot());
    await app.press('G', KEY.enter);
    expect(app.lines()[2]).toMatch(new RegExp(`^ Order ${FAILED} `));
    expect(app.frame()).toMatch(/Status +Error/);
    // Why it is stuck, on the first screen: its open errors right under the header fields.
    const first = app.lines().slice(3, 19).join('\n');
    expect(first).toMatch(
      /Resolved +No\n\nOpen errors \(1\)\n {2}ORD_SKU_UNLINKED: Amazon SKU AMZ-GHOST not linked to an ERP item \(tx \d+,/,
    );
    expect(first).toContain('a re-run would fail again');
    expect(scrollInfo(app)!.slice(0, 2)).toEqual([1, 16]); // 18 body lines: the title, 16 lines, the transaction strip
    await app.press(KEY.pageDown);
    expect(scrollInfo(app)!.slice(0, 2)).toEqual([17, 32]);
    expect(app.frame()).toMatch(/Buyer +Ada Lovelace/);
    expect(app.frame()).toContain('Lines');
    expect(app.frame()).toContain('AMZ-GHOST');
    expect(app.frame()).toContain('not linked');
    await app.press('G');
    const [, last, all] = scrollInfo(app)!;
    expect(last).toBe(all);
    expect(app.frame()).toContain('Audit');
    await app.press('k');
    expect(scrollInfo(app)![1]).toBe(all! - 1);
    await app.press('g');
    expect(scrollInfo(app)![0]).toBe(1);
    await app.press('j', KEY.down);
    expect(scrollInfo(app)![0]).toBe(3);
    await app.press(KEY.escape);
    expect(screen.selected(app)).toContain(FAILED);
    expect(screen.position(app)).toBe('row 3 of 3');
    app.unmount();
  });

  it("shows a transaction's errors, re-run history and payload", async () => {
    const snap = await uiSnapshot();
    const app = await renderSnapshot(snap);
    await app.press('3', 'G', KEY.enter); // the oldest transaction: the first import of FAILED
    const first = idOf(snap, 'SELECT MIN(id) FROM transactions');
    expect(app.lines()[2]).toContain(`Transaction ${first}: Order Import`);
    const text = await readAll(app);
    expect(text).toContain('ORD_SKU_UNLINKED');
    expect(text).toContain('History of this problem (2 runs)');
    expect(text).toMatch(new RegExp(`› tx ${first} .* Auto Error ORD_SKU_UNLINKED`));
    expect(text).toMatch(new RegExp(`  tx \\d+ .* re-run of ${first} Error`));
    expect(text).toContain('Payload');
    expect(text).toContain(`"AmazonOrderId": "${FAILED}"`);
    app.unmount();
  });

  it('t jumps to the chosen transaction in the Logs tab; ←→ choose, Enter jumps too', async () => {
    const snap = await uiSnapshot();
    const app = await renderSnapshot(snap);
    await app.press('G', KEY.enter);
    const [rerun, first] = snap
      .all<{ id: number }>('SELECT id FROM transactions WHERE order_ref = ? ORDER BY id DESC', [FAILED])
      .map((r) => r.id);
    expect(app.frame()).toContain(`Transactions (2): ›#${rerun}‹  #${first}`);
    await app.press('t');
    expect(screen.tabBar(app)).toContain('[3 Logs');
    expect(screen.selected(app)).toMatch(new RegExp(`^› 2026-11-11 09:01 Order Import +${FAILED}`));
    expect(screen.message(app)).toBe(`✓ Showing transaction ${rerun} in Logs; Esc goes back`);
    await app.press('1', KEY.enter, KEY.right);
    expect(app.frame()).toContain(`#${rerun}  ›#${first}‹`);
    await app.press(KEY.enter);
    expect(screen.tabBar(app)).toContain('[3 Logs');
    expect(screen.selected(app)).toMatch(new RegExp(`^› 2026-11-10 09:01 Order Import +${FAILED}`));
    app.unmount();
  });

  it('clears the Logs filters only when they would hide the transaction', async () => {
    const app = await renderSnapshot(await uiSnapshot());
    await app.press('3', 'e', '1', 'G', KEY.enter, 't');
    expect(screen.filterLine(app)).toBe('Filters: Show Errors Only'); // the failed import is an Error: still shown
    expect(screen.selected(app)).toContain(FAILED);
    await app.press('c', 'f', KEY.tab, KEY.tab, KEY.right, KEY.right, KEY.enter); // Logs: Inventory Sync only
    expect(screen.filterLine(app)).toBe('Filters: Transaction type: Inventory Sync');
    await app.press('1', KEY.enter, 't');
    expect(screen.filterLine(app)).toMatch(/^Filters: none/);
    expect(screen.message(app)).toMatch(/\(Logs filters cleared to show it\); Esc goes back$/);
    expect(screen.selected(app)).toContain(FAILED);
    app.unmount();
  });

  it('jumps from an error and from an inventory row to their transaction', async () => {
    const snap = await uiSnapshot();
    const app = await renderSnapshot(snap);
    await app.press('4', '/');
    await app.type('INV_NEG');
    await app.press(KEY.enter, KEY.enter);
    expect(app.lines()[2]).toContain('INV_NEGATIVE_QTY');
    await app.press('t');
    expect(screen.selected(app)).toMatch(/Inventory Sync +AMZ-RED/);
    await app.press('2', 'G', KEY.enter, 't');
    expect(screen.selected(app)).toMatch(/Inventory Sync +AMZ-RED/);
    app.unmount();
  });

  it('says so when the record no longer exists', async () => {
    const snap = await uiSnapshot();
    const app = await renderApp(createTriageSession(snap, { actor: 'tester' }));
    snap.run('DELETE FROM orders WHERE order_ref = ?', [PENDING]);
    await app.press(KEY.enter);
    expect(screen.message(app)).toBe('✗ That order no longer exists');
    expect(app.lines()[2]).toMatch(/^ {2}Order#/);
    app.unmount();
  });
});

describe('related records and the way back', () => {
  it("opens an error's order with O, and Esc returns to the exact place (tab, filters, selection, the open record)", async () => {
    const app = await renderSnapshot(await uiSnapshot());
    await app.press('4', 'e', 'G'); // Errors, errors only, the oldest: the failed order's
    const errorLine = screen.selected(app);
    expect(errorLine).toContain(FAILED);
    await app.press(KEY.enter);
    expect(app.lines().at(-1)).toContain('O its order');
    await app.press('O');
    expect(screen.tabBar(app)).toContain('[1 Orders');
    expect(screen.selected(app)).toMatch(new RegExp(`^› ${FAILED} `));
    expect(screen.message(app)).toBe('✓ Showing the order in Orders; Esc goes back');
    await app.press(KEY.escape);
    expect(screen.tabBar(app)).toContain('[4 Errors');
    expect(app.frame()).toContain('Error '); // the error's detail is open again
    await app.press(KEY.escape);
    expect(screen.filterLine(app)).toBe('Filters: Show Errors Only');
    expect(screen.selected(app)).toBe(errorLine);
    app.unmount();
  });
});
