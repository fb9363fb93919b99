/**
 * "Would pass if re-run now" (the Errors tab's ✓, its filter, the groups
 * view): the open errors whose run the rules would now let through. The
 * diagnoses are kept across writes that cannot change one (marking errors
 * resolved), and must be what the rules say after any write to what they read.
 */
import { describe, expect, it, vi } from 'vitest';
import { createSnapshot, type Snapshot } from '../../src/db/index.js';
import { generateDemo } from '../../src/demo/generate-demo.js';
import { wouldPassNow } from '../../src/engine/index.js';
import { setResolved } from '../../src/triage/index.js';
import { wouldPassErrors } from '../../src/triage/problems.js';

async function demo(): Promise<Snapshot> {
  const db = await createSnapshot();
  generateDemo(db, { transactions: 600, seed: 3 });
  return db;
}

/** The definition: each open error's run, put through the rules now. */
function defined(db: Snapshot): number[] {
  return db
    .all<{ id: number; transaction_id: number }>(
      "SELECT id, transaction_id FROM errors WHERE resolved = 0 AND severity = 'error' AND transaction_id IS NOT NULL",
    )
    .filter((e) => {
      try {
        return wouldPassNow(db, e.transaction_id).pass;
      } catch {
        return false;
      }
    })
    .map((e) => Number(e.id))
    .sort((a, b) => a - b);
}

const kept = (db: Snapshot) => [...wouldPassErrors(db)].sort((a, b) => a - b);

describe('would pass if re-run now', () => {
  it('is kept across marking errors resolved: the rules are not run again, and the resolved error leaves the set', async () => {
    const db = await demo();
    const before = kept(db);
    expect(before).toEqual(defined(db));
    expect(before.length).toBeGreaterThan(1);
    setResolved(db, 'errors', before[0]!, true);
    const reads = (['all', 'get', 'value'] as const).map((name) => vi.spyOn(db, name));
    let after: number[];
    let ruleReads: string[];
    try {
      after = kept(db);
    } finally {
      ruleReads = reads
        .flatMap((spy) => spy.mock.calls)
        .map(([sql]) => String(sql))
        .filter((sql) => /FROM (orders|order_lines|sku_links|items|stock|settings|transactions)\b/.test(sql));
      for (const spy of reads) spy.mockRestore();
    }
    expect(ruleReads).toEqual([]);
    expect(after).toEqual(before.slice(1));
    expect(after).toEqual(defined(db));
  });

  // Each write below changes what the rules say of some open error of this demo (checked first).
  const writes: Record<string, string> = {
    'a link added': `INSERT OR IGNORE INTO sku_links (amazon_sku, item_sku)
      SELECT DISTINCT l.amazon_sku, (SELECT sku FROM items WHERE active = 1 LIMIT 1) FROM order_lines l
       WHERE NOT EXISTS (SELECT 1 FROM sku_links k WHERE k.amazon_sku = l.amazon_sku)`,
    'the links removed': 'DELETE FROM sku_links',
    'items made inactive or active': 'UPDATE items SET active = 1 - active',
    'stock emptied': 'UPDATE stock SET on_hand = 0',
    'settings turned': "UPDATE settings SET value = CASE value WHEN '1' THEN '0' WHEN '0' THEN '1' ELSE value END",
    'the shipping methods removed': 'DELETE FROM ship_methods',
  };
  for (const [what, sql] of Object.entries(writes)) {
    it(`follows ${what}`, async () => {
      const db = await demo();
      const before = kept(db);
      db.run(sql);
      const now = defined(db);
      expect(now).not.toEqual(before);
      expect(kept(db)).toEqual(now);
    });
  }
});
