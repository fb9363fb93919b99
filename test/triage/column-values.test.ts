import { beforeAll, describe, expect, it } from 'vitest';
import { createSnapshot, type Snapshot } from '../../src/db/index.js';
import { generateDemo } from '../../src/demo/generate-demo.js';
import {
  ColumnValues,
  foldAscii,
  LISTED_COLUMNS,
  likeTest,
  type ListedColumn,
} from '../../src/triage/column-values.js';
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

    // A new version of the snapshot: the kept matches are dropped, the lists stay. The columns' values are matched
    // in JavaScript; Inventory's filter, which also matches the SKU links, waits for their list.
    snap.run("UPDATE settings SET value = value WHERE key = 'default_sku'");
    const sql = sqlOf(snap, () => answers(snap, skus[2]!)).join('\n');
    expect(sql).toMatch(/inventory_log WHERE sku IN \(SELECT value FROM temp\.column_values/);
    expect(sql).toMatch(/order_lines WHERE amazon_sku IN \(SELECT value FROM temp\.column_matches/);
    expect(sql).not.toMatch(/WHERE sku LIKE|sku > \?/);
    expect(patterns.map((p) => answers(snap, p))).toEqual(before);
    expect(before[0]!.find((a) => a.tab === 'inventory')!.ids.length).toBeGreaterThan(0);

    // The links listed too, in chunks: no LIKE is left to SQLite, and the links are not scanned.
    chunks = 0;
    while (values.listLinks(50)) chunks++;
    expect(chunks).toBeGreaterThan(1);
    snap.run("UPDATE settings SET value = value WHERE key = 'default_sku'");
    const matched = sqlOf(snap, () => answers(snap, skus[2]!)).join('\n');
    expect(matched).toMatch(
      /inventory_log WHERE sku IN \(SELECT value FROM temp\.column_matches WHERE key = 'inventory_log\.sku\+links'/,
    );
    // (The links are still read by their Amazon SKU, for the Item column of the rows shown.)
    expect(matched).not.toMatch(/LIKE/);
    expect(patterns.map((p) => answers(snap, p))).toEqual(before);
    // The links' other halves are found: an ERP item's text finds the stock rows of the Amazon SKUs linked to it.
    const link = snap.get<{ amazon_sku: string; item_sku: string }>(
      'SELECT amazon_sku, item_sku FROM sku_links WHERE amazon_sku IN (SELECT sku FROM inventory_log) AND item_sku NOT IN (SELECT sku FROM inventory_log) LIMIT 1',
    )!;
    const stockOf = (sku: string) =>
      snap.all<{ id: number }>('SELECT id FROM inventory_log WHERE sku = ?', [sku]).map((r) => r.id);
    expect(countRows(snap, 'inventory', { ...NO_FILTERS, sku: link.item_sku })).toBeGreaterThanOrEqual(
      stockOf(link.amazon_sku).length,
    );
    expect(stockOf(link.amazon_sku).length).toBeGreaterThan(0);
  });

  it("matches in JavaScript as SQLite's LIKE does: ASCII letters in either case, other letters as they are, % _ and escapes", () => {
    const values = ['AB-12', 'ab-12', 'Ab_12', 'Ab%12', 'Ab\\12', 'Éclair', 'éclair', 'Straße', 'x😀y', 'xy', 'x'];
    const patterns = [
      '%ab%',
      '%AB-1%',
      '%b\\_1%',
      '%b\\%1%',
      '%b\\\\1%',
      '%É%',
      '%é%',
      '%SS%',
      'x_y',
      'x%',
      '%',
      '_',
      '%b\\',
      'ab-12',
      '%\\%%',
    ];
    for (const pattern of patterns) {
      const test = likeTest(pattern);
      const ours = values.filter((v) => test(foldAscii(v)));
      const sqlite = values.filter((v) => snap.value<number>("SELECT ? LIKE ? ESCAPE '\\'", [v, pattern]) === 1);
      expect(ours, pattern).toEqual(sqlite);
    }
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

  it('matches the values and links written after the lists were made', () => {
    const values = ColumnValues.of(snap);
    for (const col of LISTED_COLUMNS) while (values.listSome(col));
    const stock = (sku: string) =>
      snap.run(
        "INSERT INTO inventory_log (adjusted_at, sku, store, qty_before, qty_after, reason, status, resolved) VALUES ('2026-11-30T11:00:00Z', ?, 'MAIN', 1, 2, 'count', 'Success', 1)",
        [sku],
      );
    const inventory = (text: string) =>
      sqlOf(snap, () => expect(countRows(snap, 'inventory', { ...NO_FILTERS, sku: text })).toBe(1)).join('\n');
    stock('ZZ-STOCK-NEW-3');
    expect(inventory('stock-new')).toMatch(/temp\.column_matches/);
    // A link made now: its ERP item's text finds the Amazon SKU's stock rows; relinked elsewhere, it no longer does.
    stock('ZZ-LINKED-4');
    snap.run("INSERT INTO sku_links (amazon_sku, item_sku) VALUES ('ZZ-LINKED-4', 'ITEM-NEWLY-LINKED')");
    expect(inventory('newly-linked')).toMatch(/temp\.column_matches/);
    snap.run("UPDATE sku_links SET item_sku = 'ITEM-OTHER' WHERE amazon_sku = 'ZZ-LINKED-4'");
    expect(countRows(snap, 'inventory', { ...NO_FILTERS, sku: 'newly-linked' })).toBe(0);
    expect(countRows(snap, 'inventory', { ...NO_FILTERS, sku: 'item-other' })).toBe(1);
  });

  it('matches a link rewritten while the links were being listed as it is now', async () => {
    const fresh = await createSnapshot();
    generateDemo(fresh, { transactions: 300, seed: 5 });
    const values = ColumnValues.of(fresh);
    for (const col of LISTED_COLUMNS) while (values.listSome(col));
    // A link listed in the first chunk, then given another item before the list is complete.
    expect(values.listLinks(10)).toBe(true);
    const early = fresh.get<{ amazon_sku: string }>(
      'SELECT amazon_sku FROM (SELECT amazon_sku FROM sku_links ORDER BY rowid LIMIT 10) WHERE amazon_sku IN (SELECT sku FROM inventory_log) LIMIT 1',
    )!.amazon_sku;
    fresh.run("UPDATE sku_links SET item_sku = 'ITEM-RELINKED-EARLY' WHERE amazon_sku = ?", [early]);
    while (values.listLinks());
    const stockRows = fresh.value<number>('SELECT COUNT(*) FROM inventory_log WHERE sku = ?', [early])!;
    expect(stockRows).toBeGreaterThan(0);
    expect(countRows(fresh, 'inventory', { ...NO_FILTERS, sku: 'relinked-early' })).toBe(stockRows);
  });
});
