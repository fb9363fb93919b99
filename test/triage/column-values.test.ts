import { beforeAll, describe, expect, it } from 'vitest';
import { createSnapshot, type Snapshot } from '../../src/db/index.js';
import { generateDemo } from '../../src/demo/generate-demo.js';
import { ColumnValues, LISTED_COLUMNS, type ListedColumn } from '../../src/triage/column-values.js';
import { countRows, listRows, NO_FILTERS, type TabFilters, type TabId } from '../../src/triage/index.js';
import { addTransaction } from '../fixtures.js';

/** A SKU# filter's answer on every tab that has one: ids of each page and the count. */
function answers(snap: Snapshot, sku: string) {
  const f: TabFilters = { ...NO_FILTERS, sku };
  return (['orders', 'inventory', 'logs', 'errors'] as TabId[]).map((tab) => ({
    tab,
    ids: listRows(snap, tab, f, 0, 500).map((r) => r.id),
    count: countRows(snap, tab, f),
  }));
}

/** The SQL a snapshot runs while `fn` runs. */
function sqlOf(snap: Snapshot, fn: () => void): string[] {
  const seen: string[] = [];
  const spied = ['all', 'value', 'temp'] as const;
  const originals = spied.map((m) => snap[m]);
  for (const m of spied) {
    const original = snap[m].bind(snap) as (...args: unknown[]) => unknown;
    (snap as unknown as Record<string, unknown>)[m] = (sql: string, ...rest: unknown[]) => {
      seen.push(sql);
      return original(sql, ...rest);
    };
  }
  try {
    fn();
  } finally {
    spied.forEach((m, i) => ((snap as unknown as Record<string, unknown>)[m] = originals[i]));
  }
  return seen;
}

const listed = (snap: Snapshot, col: ListedColumn) =>
  snap
    .all<{ value: string }>('SELECT value FROM temp.column_values WHERE col = ? ORDER BY value', [col])
    .map((r) => r.value);
const distinct = (snap: Snapshot, col: ListedColumn) => {
  const [table, column] = col.split('.');
  return snap
    .all<{ v: string }>(`SELECT DISTINCT ${column} AS v FROM ${table} WHERE ${column} IS NOT NULL ORDER BY 1`)
    .map((r) => r.v);
};

describe('the lists of SKU values', () => {
  let snap: Snapshot;
  let skus: string[];
  beforeAll(async () => {
    snap = await createSnapshot();
    generateDemo(snap, { transactions: 2000, seed: 3 });
    skus = snap
      .all<{ sku: string }>('SELECT sku FROM inventory_log GROUP BY sku ORDER BY COUNT(*) DESC LIMIT 3')
      .map((r) => r.sku);
  }, 60_000);

  it('once complete, a SKU# filter matches the listed values instead of every entry of the index, with the same answers', () => {
    const patterns = [skus[0]!, skus[1]!.slice(2, 6).toLowerCase(), '-', '%', '_', 'no such sku'];
    const before = patterns.map((p) => answers(snap, p));
    expect(sqlOf(snap, () => answers(snap, skus[2]!)).join('\n')).not.toMatch(/column_values/);

    const values = ColumnValues.of(snap);
    // Listed in part: the listed values, and the index beyond the last of them.
    for (const col of LISTED_COLUMNS) for (let i = 0; i < 3; i++) values.listSome(col, 7);
    const upTo = values.listedUpTo('inventory_log.sku');
    expect(typeof upTo).toBe('string');
    snap.run("UPDATE settings SET value = value WHERE key = 'default_sku'"); // the kept matches are dropped
    const partly = sqlOf(snap, () => answers(snap, skus[2]!)).join('\n');
    expect(partly).toMatch(/inventory_log WHERE sku IN \(SELECT value FROM temp\.column_values/);
    expect(partly).toMatch(/UNION SELECT rowid FROM inventory_log WHERE sku > \? AND sku LIKE/);
    expect(patterns.map((p) => answers(snap, p))).toEqual(before);

    let chunks = 0;
    for (const col of LISTED_COLUMNS) while (values.listSome(col, 7)) chunks++;
    expect(chunks).toBeGreaterThan(LISTED_COLUMNS.length); // in chunks, as the database thread lists them
    for (const col of LISTED_COLUMNS) {
      expect(listed(snap, col), col).toEqual(distinct(snap, col));
      expect(values.listedUpTo(col)).toBe(true);
    }

    // A new version of the snapshot: the kept matches are dropped, the lists stay.
    snap.run("UPDATE settings SET value = value WHERE key = 'default_sku'");
    const sql = sqlOf(snap, () => answers(snap, skus[2]!)).join('\n');
    expect(sql).toMatch(/inventory_log WHERE sku IN \(SELECT value FROM temp\.column_values/);
    expect(sql).toMatch(/order_lines WHERE amazon_sku IN \(SELECT value FROM temp\.column_values/);
    expect(sql).not.toMatch(/WHERE sku LIKE|sku > \?/);
    expect(patterns.map((p) => answers(snap, p))).toEqual(before);
    expect(before[0]!.find((a) => a.tab === 'inventory')!.ids.length).toBeGreaterThan(0);
  });

  it('lists the values written after it started', () => {
    const values = ColumnValues.of(snap);
    for (const col of LISTED_COLUMNS) while (values.listSome(col));
    const id = addTransaction(snap, { type: 'Inventory Sync', sku: 'ZZ-NEW-SKU-1', date: '2026-11-30T10:00:00Z' });
    snap.run(
      "UPDATE transactions SET sku = 'ZZ-RENAMED-2' WHERE id = (SELECT min(id) FROM transactions WHERE sku IS NOT NULL)",
    );
    expect(listed(snap, 'transactions.sku')).toEqual(expect.arrayContaining(['ZZ-NEW-SKU-1', 'ZZ-RENAMED-2']));
    expect(listRows(snap, 'logs', { ...NO_FILTERS, sku: 'new-sku' }, 0, 10).map((r) => r.id)).toEqual([id]);
    expect(countRows(snap, 'logs', { ...NO_FILTERS, sku: 'renamed' })).toBe(1);
  });
});
