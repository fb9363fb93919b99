import { describe, expect, it } from 'vitest';
import { runOrderImport } from '../../src/engine/index.js';
import { addOrder, baseSnapshot, count } from '../fixtures.js';
import { KEY, renderSnapshot, screen } from './harness.js';

/** Two orders failed on the same unlinked Amazon SKU, one on another. */
async function unlinkedSnapshot() {
  const snap = await baseSnapshot();
  for (const [ref, sku] of [
    ['112-0000001-0000001', 'AMZ-NEW'],
    ['112-0000002-0000002', 'AMZ-NEW'],
    ['112-0000003-0000003', 'AMZ-OTHER'],
  ] as const) {
    addOrder(snap, { ref, lines: [{ sku }] });
    runOrderImport(snap, ref, { now: `2026-11-20T10:0${ref.at(-1)}:00Z` });
  }
  return snap;
}

describe('Link SKU… on an error (fix in place)', () => {
  it("links the error's Amazon SKU to a typed ERP item, then re-runs exactly the transactions that failed on it", async () => {
    const snap = await unlinkedSnapshot();
    const app = await renderSnapshot(snap);
    await app.press('4', 'G'); // the oldest error: order ...1, AMZ-NEW
    expect(screen.selected(app)).toContain('ORD_SKU_UNLINKED');
    await app.press('o');
    expect(app.frame()).toContain('4. Link SKU…');
    await app.press('4');
    expect(app.frame()).toContain('ERP item:');
    await app.type('NOPE-1');
    await app.press(KEY.enter);
    expect(screen.message(app)).toBe('✗ no ERP item "NOPE-1"');
    expect(count(snap, "SELECT COUNT(*) FROM sku_links WHERE amazon_sku = 'AMZ-NEW'")).toBe(0);

    await app.press('o', '4');
    await app.type('WID-100');
    await app.press(KEY.enter);
    expect(count(snap, "SELECT COUNT(*) FROM sku_links WHERE amazon_sku = 'AMZ-NEW' AND item_sku = 'WID-100'")).toBe(1);
    expect(
      count(
        snap,
        "SELECT COUNT(*) FROM transactions WHERE type = 'Link SKU' AND sync_type = 'Manual' AND status = 'Success'",
      ),
    ).toBe(1);
    expect(screen.message(app)).toMatch(
      /^✓ Linked AMZ-NEW to WID-100 \(transaction \d+\); 2 open problems failed on it$/,
    );
    expect(app.frame()).toContain('Re-Run the 2 open problems that failed on AMZ-NEW? y runs it');
    await app.press('y');
    expect(screen.message(app)).toBe('✓ Re-ran 2 transactions: 2 succeeded, 0 still failing');
    expect(count(snap, "SELECT COUNT(*) FROM orders WHERE status = 'Dropped'")).toBe(2);
    expect(count(snap, "SELECT status = 'Error' FROM orders WHERE order_ref = '112-0000003-0000003'")).toBe(1);
    expect(count(snap, "SELECT COUNT(*) FROM errors WHERE sku = 'AMZ-NEW' AND resolved = 0")).toBe(0);
    expect(count(snap, "SELECT COUNT(*) FROM audit_log WHERE action = 'link-sku'")).toBe(1);
    app.unmount();
  });

  it('is offered only on errors about an unlinked SKU', async () => {
    const snap = await unlinkedSnapshot();
    snap.run(
      "INSERT INTO errors(transaction_id, code, message, created_at) VALUES (1, 'NET_TIMEOUT', 'timed out', '2026-11-21T00:00:00Z')",
    );
    const app = await renderSnapshot(snap);
    await app.press('4', 'g');
    expect(screen.selected(app)).toContain('NET_TIMEOUT');
    await app.press('o');
    expect(app.frame()).toContain('Options for error');
    expect(app.frame()).not.toContain('Link SKU');
    app.unmount();
  });

  it('linking a SKU to the item it is already linked to says nothing changed, and changes nothing', async () => {
    const snap = await unlinkedSnapshot();
    const app = await renderSnapshot(snap);
    await app.press('4', 'G', 'o', '4'); // the oldest error: order ...1, AMZ-NEW
    await app.type('WID-100');
    await app.press(KEY.enter);
    expect(screen.message(app)).toMatch(/^✓ Linked AMZ-NEW to WID-100 /);
    await app.press('n'); // no re-run: order ...2 still has its open error on AMZ-NEW
    await app.press('k');
    expect(screen.selected(app)).toContain('112-0000002-0000002');
    await app.press('o');
    expect(app.frame()).toContain('4. Relink SKU…');
    await app.press('4');
    await app.type('WID-100');
    await app.press(KEY.enter);
    expect(screen.message(app)).toBe('✓ AMZ-NEW is already linked to WID-100: nothing changed');
    expect(app.frame()).not.toContain('Re-Run the');
    expect(count(snap, "SELECT COUNT(*) FROM transactions WHERE type = 'Link SKU'")).toBe(1);
    expect(count(snap, "SELECT COUNT(*) FROM sku_links WHERE amazon_sku = 'AMZ-NEW' AND item_sku = 'WID-100'")).toBe(1);
    app.unmount();
  });
});
