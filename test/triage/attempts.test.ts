/**
 * The attempts of a problem (the Errors tab's "Tries"): the runs of the
 * error's thing, up to its own, that reported the same code for the same SKU.
 * A SKU's problems are counted from the SKU's errors rather than from its
 * runs (which are many); the count must be the definition's, case by case.
 */
import { describe, expect, it, vi } from 'vitest';
import type { Snapshot } from '../../src/db/index.js';
import { attemptsOf } from '../../src/triage/problems.js';
import { addTransaction, uiSnapshot } from '../fixtures.js';

/** The definition, in the words of SQL: the runs of the thing listed, then the same code and SKU up to this run. */
function defined(snap: Snapshot, e: { transaction_id: number; code: string; sku: string | null }): number {
  const t = snap.get<{ type: string; order_ref: string | null; sku: string | null }>(
    'SELECT type, order_ref, sku FROM transactions WHERE id = ?',
    [e.transaction_id],
  )!;
  const types =
    t.type === 'Link SKU' ? ['Link SKU'] : t.type.startsWith('Inventory') ? ['Inventory Sync', 'Inventory Update'] : [];
  const runs = types.length
    ? snap
        .all<{ id: number }>(
          `SELECT id FROM transactions WHERE sku = ? AND type IN (${types.map(() => '?').join(', ')})`,
          [t.sku, ...types],
        )
        .map((r) => r.id)
    : snap
        .all<{ id: number }>('SELECT id FROM transactions WHERE order_ref = ? AND type = ?', [t.order_ref, t.type])
        .map((r) => r.id);
  return new Set(
    snap
      .all<{ transaction_id: number; code: string; sku: string | null }>('SELECT transaction_id, code, sku FROM errors')
      .filter(
        (x) =>
          x.code === e.code &&
          (x.sku ?? '') === (e.sku ?? '') &&
          x.transaction_id <= e.transaction_id &&
          runs.includes(x.transaction_id),
      )
      .map((x) => x.transaction_id),
  ).size;
}

describe("a problem's attempts", () => {
  it("count a SKU's failed stock syncs and link requests as the definition does, whatever else failed with the same code", async () => {
    const snap = await uiSnapshot();
    const day = (d: number) => `2026-11-${String(10 + d).padStart(2, '0')}T08:00:00Z`;
    const fail = (type: 'Inventory Sync' | 'Inventory Update' | 'Link SKU', sku: string, d: number, code: string) =>
      addTransaction(snap, { type, sku, date: day(d), status: 'Error', errors: [{ code }] });
    // Three failed syncs of one SKU, an update between them, a success, and a later failure.
    fail('Inventory Sync', 'AMZ-TRY', 0, 'INV_NEGATIVE_QTY');
    fail('Inventory Update', 'AMZ-TRY', 1, 'INV_NEGATIVE_QTY');
    addTransaction(snap, { type: 'Inventory Sync', sku: 'AMZ-TRY', date: day(2) });
    fail('Inventory Sync', 'AMZ-TRY', 3, 'INV_NEGATIVE_QTY');
    fail('Inventory Sync', 'AMZ-TRY', 4, 'INV_STORE_UNKNOWN');
    // The same code on another SKU, and on a link request of this SKU: other things, other problems.
    fail('Inventory Sync', 'AMZ-OTHER', 1, 'INV_NEGATIVE_QTY');
    fail('Link SKU', 'AMZ-TRY', 2, 'INV_NEGATIVE_QTY');
    fail('Link SKU', 'AMZ-TRY', 3, 'LINK_ITEM_UNKNOWN');
    fail('Link SKU', 'AMZ-TRY', 5, 'LINK_ITEM_UNKNOWN');
    // A run of the SKU whose error names another SKU (a kit's part): not this SKU's problem.
    const kit = addTransaction(snap, { type: 'Inventory Sync', sku: 'AMZ-TRY', date: day(6), status: 'Error' });
    snap.run(
      "INSERT INTO errors(transaction_id, sku, code, message, created_at, resolved, severity) VALUES (?, 'AMZ-PART', 'INV_NEGATIVE_QTY', 'part', ?, 0, 'error')",
      [kit, day(6)],
    );
    const errors = snap.all<{ transaction_id: number; code: string; sku: string | null }>(
      'SELECT transaction_id, code, sku FROM errors WHERE transaction_id IS NOT NULL ORDER BY id',
    );
    const counted = errors.map((e) => [e.transaction_id, e.code, e.sku, attemptsOf(snap, e)]);
    expect(counted).toEqual(errors.map((e) => [e.transaction_id, e.code, e.sku, defined(snap, e)]));
    // The cases above, by name: the third failed sync is the third attempt; the link requests count apart.
    const tries = (sku: string, code: string) =>
      errors.filter((e) => e.sku === sku && e.code === code).map((e) => attemptsOf(snap, e));
    expect(tries('AMZ-TRY', 'INV_NEGATIVE_QTY')).toEqual([1, 2, 3, 1]);
    expect(tries('AMZ-TRY', 'LINK_ITEM_UNKNOWN')).toEqual([1, 2]);
    expect(tries('AMZ-PART', 'INV_NEGATIVE_QTY')).toEqual([1]);
  });

  it('are counted once and kept across actions, and counted again after any write that can change them', async () => {
    const snap = await uiSnapshot();
    const day = (d: number) => `2026-11-${String(10 + d).padStart(2, '0')}T08:00:00Z`;
    const first = addTransaction(snap, { type: 'Inventory Sync', sku: 'AMZ-KEEP', date: day(0) });
    const second = addTransaction(snap, {
      type: 'Inventory Sync',
      sku: 'AMZ-KEEP',
      date: day(1),
      status: 'Error',
      errors: [{ code: 'INV_NEGATIVE_QTY' }],
    });
    const e = snap.get<{ id: number; transaction_id: number; code: string; sku: string | null }>(
      'SELECT id, transaction_id, code, sku FROM errors WHERE transaction_id = ?',
      [second],
    )!;
    const counts = vi.spyOn(snap, 'value');
    const countsMade = () => counts.mock.calls.filter(([sql]) => /COUNT\(DISTINCT/.test(sql)).length;
    expect(attemptsOf(snap, e)).toBe(1);
    expect(countsMade()).toBe(1);
    // An action flags rows: the count is kept.
    snap.run('UPDATE errors SET resolved = 1 WHERE id = ?', [e.id]);
    snap.run('UPDATE transactions SET resolved = 1 WHERE id = ?', [second]);
    expect(attemptsOf(snap, e)).toBe(1);
    expect(countsMade()).toBe(1);
    // Each write below changes what the count reads: the count follows, as the definition says.
    const changes: [string, (string | number)[]][] = [
      [
        "INSERT INTO errors(transaction_id, sku, code, message, created_at, resolved, severity) VALUES (?, 'AMZ-KEEP', 'INV_NEGATIVE_QTY', 'late', ?, 0, 'error')",
        [first, day(0)],
      ],
      ["UPDATE errors SET code = 'INV_STORE_UNKNOWN' WHERE transaction_id = ?", [first]],
      ["UPDATE errors SET code = 'INV_NEGATIVE_QTY' WHERE transaction_id = ?", [first]],
      ["UPDATE transactions SET sku = 'AMZ-ELSE' WHERE id = ?", [first]],
      ["UPDATE transactions SET sku = 'AMZ-KEEP' WHERE id = ?", [first]],
      ['DELETE FROM errors WHERE transaction_id = ?', [first]],
    ];
    const seen: number[] = [];
    for (const [sql, params] of changes) {
      snap.run(sql, params);
      seen.push(attemptsOf(snap, e));
      expect(seen.at(-1)).toBe(defined(snap, e));
    }
    expect(seen).toEqual([2, 1, 2, 1, 2, 1]);
  });
});
