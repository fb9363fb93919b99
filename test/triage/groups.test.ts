import { beforeAll, describe, expect, it } from 'vitest';
import { createSnapshot, type Snapshot } from '../../src/db/index.js';
import { generateDemo } from '../../src/demo/generate-demo.js';
import { countRows, errorGroups, errorPattern, NO_FILTERS, runAction } from '../../src/triage/index.js';
import { addOrder, baseSnapshot, count } from '../fixtures.js';
import { runOrderImport } from '../../src/engine/index.js';

let db: Snapshot;
beforeAll(async () => {
  db = await createSnapshot();
  generateDemo(db, { transactions: 1500, seed: 9 });
});

describe('error groups', () => {
  it('replaces what varies in a message (ids, SKUs, numbers, quoted values) so one cause is one group', () => {
    expect(errorPattern('linked item KIT-6665 is inactive')).toBe('linked item # is inactive');
    expect(errorPattern("5000: Value '-2' is not facet-valid with respect to minInclusive '0'")).toBe(
      "#: Value '#' is not facet-valid with respect to minInclusive '#'",
    );
    expect(errorPattern('order 114-1684319-9931457 not found for SKU NZ-ZGJM-SWZP')).toBe(
      'order # not found for SKU #',
    );
    expect(errorPattern('connection to sellingpartnerapi-na.amazon.com timed out')).toBe(
      'connection to sellingpartnerapi-na.amazon.com timed out',
    );
  });

  it('counts each group as a plain count of its open errors does, and filters the Errors tab to exactly it', () => {
    const groups = errorGroups(db);
    expect(groups.length).toBeGreaterThan(3);
    const open = db.all<{ code: string; message: string; order_ref: string | null; sku: string | null }>(
      "SELECT code, message, order_ref, sku FROM errors WHERE resolved = 0 AND severity = 'error'",
    );
    expect(groups.reduce((n, g) => n + g.count, 0)).toBe(open.length);
    for (const g of groups) {
      const members = open.filter((e) => e.code === g.code && errorPattern(e.message) === g.pattern);
      expect(g.count).toBe(members.length);
      expect(g.orders).toBe(new Set(members.map((e) => e.order_ref).filter((r) => r !== null)).size);
      expect(g.skus).toBe(new Set(members.map((e) => e.sku).filter((r) => r !== null)).size);
      expect(
        countRows(db, 'errors', {
          ...NO_FILTERS,
          code: g.code,
          pattern: g.pattern,
          hideResolved: true,
          errorsOnly: true,
        }),
      ).toBe(g.count);
    }
    expect(groups.map((g) => g.count)).toEqual([...groups.map((g) => g.count)].sort((a, b) => b - a));
  });

  it('re-runs each transaction once when several of its errors are re-run together', async () => {
    const snap = await baseSnapshot();
    addOrder(snap, { ref: '112-0000009-0000009', lines: [{ sku: 'AMZ-NEW-1' }, { sku: 'AMZ-NEW-2' }] });
    const first = runOrderImport(snap, '112-0000009-0000009');
    const ids = snap
      .all<{ id: number }>('SELECT id FROM errors WHERE transaction_id = ?', [first.transactionId])
      .map((r) => r.id);
    expect(ids).toHaveLength(2);
    const out = runAction(snap, 'errors', 'rerun', ids, { actor: 't' });
    expect(count(snap, 'SELECT COUNT(*) FROM transactions WHERE rerun_of = ?', [first.transactionId])).toBe(1);
    // Two errors of one order's import are one problem: one run, counted once.
    expect(out.message).toBe('Re-ran 1 problem (2 errors): 0 succeeded, 1 still failing (ORD_SKU_UNLINKED x1)');
    expect(out.same).toBe(1);
  });
});
