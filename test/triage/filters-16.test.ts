/**
 * The filters people expect (issue 16): each against plain SQL over the same
 * data, and keyword search against a substring scan of every tab's fields.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { buildSearchIndexes, createSnapshot, type Snapshot } from '../../src/db/index.js';
import { generateDemo } from '../../src/demo/generate-demo.js';
import { codeCounts, countRows, listIds, NO_FILTERS, type TabFilters, type TabId } from '../../src/triage/index.js';
import { waitingCutoff } from '../../src/triage/filters.js';

let indexed: Snapshot;
let bare: Snapshot;
beforeAll(async () => {
  indexed = await createSnapshot();
  generateDemo(indexed, { transactions: 1500, seed: 9 });
  await buildSearchIndexes(indexed);
  // The same data as a producer might ship it: no search index at all.
  bare = await createSnapshot();
  generateDemo(bare, { transactions: 1500, seed: 9 });
});

const ids = (db: Snapshot, tab: TabId, f: Partial<TabFilters>) =>
  listIds(db, tab, { ...NO_FILTERS, ...f }).sort((a, b) => a - b);
const sqlIds = (db: Snapshot, sql: string, params: (string | number)[] = []) =>
  db
    .all<{ id: number }>(sql, params)
    .map((r) => Number(r.id))
    .sort((a, b) => a - b);

describe('Order# and SKU#: anywhere in the value, any case', () => {
  it('Order# finds a number by its middle or end, on every tab that has it', () => {
    const ref = String(indexed.value('SELECT order_ref FROM errors WHERE order_ref IS NOT NULL ORDER BY id LIMIT 1'));
    const middle = ref.slice(5, 12);
    for (const [tab, table] of [
      ['orders', 'orders'],
      ['logs', 'transactions'],
      ['errors', 'errors'],
    ] as const) {
      const expected = sqlIds(indexed, `SELECT id FROM ${table} WHERE instr(order_ref, ?) > 0`, [middle]);
      expect(expected.length).toBeGreaterThan(0);
      expect(ids(indexed, tab, { orderRef: middle })).toEqual(expected);
      expect(countRows(indexed, tab, { ...NO_FILTERS, orderRef: middle })).toBe(expected.length);
    }
  });

  it('SKU# ignores case and matches inside the SKU', () => {
    const sku = String(indexed.value("SELECT sku FROM transactions WHERE sku GLOB '*[A-Z]*-*' ORDER BY id LIMIT 1"));
    const part = sku.slice(1, 6).toLowerCase();
    const expected = sqlIds(indexed, 'SELECT id FROM transactions WHERE instr(lower(sku), ?) > 0', [part]);
    expect(expected.length).toBeGreaterThan(0);
    expect(ids(indexed, 'logs', { sku: part })).toEqual(expected);
    // Orders: any line's SKU.
    const lineSku = String(indexed.value('SELECT amazon_sku FROM order_lines ORDER BY rowid LIMIT 1'));
    const linePart = lineSku.slice(2).toLowerCase();
    expect(ids(indexed, 'orders', { sku: linePart })).toEqual(
      sqlIds(indexed, 'SELECT DISTINCT order_id AS id FROM order_lines WHERE instr(lower(amazon_sku), ?) > 0', [
        linePart,
      ]),
    );
  });

  it('a value most rows have is walked in order, with the same rows', () => {
    const expected = sqlIds(indexed, "SELECT id FROM transactions WHERE instr(order_ref, '1') > 0");
    expect(expected.length).toBeGreaterThan(100);
    expect(ids(indexed, 'logs', { orderRef: '1' })).toEqual(expected);
  });

  it('Inventory SKU# matches the Amazon SKU or the ERP item, either side of a link', () => {
    const { amazon_sku, item_sku } = indexed.get<{ amazon_sku: string; item_sku: string }>(
      'SELECT k.amazon_sku, k.item_sku FROM sku_links k WHERE EXISTS (SELECT 1 FROM inventory_log v WHERE v.sku = k.amazon_sku) ORDER BY k.amazon_sku LIMIT 1',
    )!;
    const truth = (value: string) =>
      sqlIds(
        indexed,
        `SELECT id FROM inventory_log v WHERE instr(lower(v.sku), lower(?1)) > 0
            OR EXISTS (SELECT 1 FROM sku_links k WHERE k.amazon_sku = v.sku AND instr(lower(k.item_sku), lower(?1)) > 0)
            OR EXISTS (SELECT 1 FROM sku_links k WHERE k.item_sku = v.sku AND instr(lower(k.amazon_sku), lower(?1)) > 0)`,
        [value],
      );
    const byItem = ids(indexed, 'inventory', { sku: item_sku });
    expect(byItem).toEqual(truth(item_sku));
    // The ERP item finds the rows of the Amazon SKU linked to it.
    expect(byItem).toEqual(
      expect.arrayContaining(sqlIds(indexed, 'SELECT id FROM inventory_log WHERE sku = ?', [amazon_sku])),
    );
    expect(ids(indexed, 'inventory', { sku: amazon_sku.toLowerCase() })).toEqual(truth(amazon_sku));
  });
});

describe('the new filters, each against SQL', () => {
  it('Logs: Status, Sync Type, Entity Type', () => {
    expect(ids(indexed, 'logs', { status: 'error' })).toEqual(
      sqlIds(indexed, "SELECT id FROM transactions WHERE status = 'Error'"),
    );
    expect(ids(indexed, 'logs', { syncType: 'Manual' })).toEqual(
      sqlIds(indexed, "SELECT id FROM transactions WHERE sync_type = 'Manual'"),
    );
    expect(ids(indexed, 'logs', { entityType: 'fulfillment', syncType: 'auto' })).toEqual(
      sqlIds(indexed, "SELECT id FROM transactions WHERE entity_type = 'Fulfillment' AND sync_type = 'Auto'"),
    );
    expect(() => ids(indexed, 'logs', { syncType: 'hourly' })).toThrow(
      /unknown sync type "hourly" \(one of: Auto, Manual\)/,
    );
  });

  it('Orders: the document dropped as, and waiting longer than N days', () => {
    for (const kind of ['sales order', 'invoice']) {
      const expected = sqlIds(
        indexed,
        'SELECT o.id FROM orders o JOIN documents d ON d.order_ref = o.order_ref WHERE d.kind = ?',
        [kind.replace(' ', '_')],
      );
      expect(expected.length).toBeGreaterThan(0);
      expect(ids(indexed, 'orders', { documentKind: kind })).toEqual(expected);
    }
    expect(ids(indexed, 'orders', { documentKind: 'sales-order' })).toEqual(
      ids(indexed, 'orders', { documentKind: 'sales order' }),
    );
    const cutoff = waitingCutoff(3, Date.now());
    const waiting = sqlIds(
      indexed,
      "SELECT id FROM orders WHERE status = 'Pending' AND julianday(coalesce(import_date, purchase_date)) < julianday(?)",
      [cutoff],
    );
    expect(waiting.length).toBeGreaterThan(0);
    expect(ids(indexed, 'orders', { waitingDays: 3 })).toEqual(waiting);
  });

  it('Errors: the code field offers the catalogue with the count of each code under the other filters', () => {
    const truth = (where: string) =>
      Object.fromEntries(
        indexed
          .all<{ code: string; n: number }>(`SELECT code, COUNT(*) AS n FROM errors WHERE ${where} GROUP BY code`)
          .map((r) => [r.code, Number(r.n)]),
      );
    expect(codeCounts(indexed, NO_FILTERS)).toEqual(truth('1 = 1'));
    // Its own code is left out: the counts say what picking another would give.
    expect(codeCounts(indexed, { ...NO_FILTERS, hideResolved: true, code: 'API_QUOTA' })).toEqual(
      truth('resolved = 0'),
    );
  });
});

/**
 * The documented meaning, as a plain scan: the keyword (any case) in one of
 * the fields, at the start of a word unless it starts with a symbol.
 */
function scanHas(keyword: string, fields: (string | null)[]): boolean {
  const k = keyword.trim().toLowerCase();
  const wordStart = /^[a-z0-9]/.test(k);
  return fields.some((f) => {
    const t = (f ?? '').toLowerCase();
    for (let at = t.indexOf(k); at >= 0; at = t.indexOf(k, at + 1)) {
      if (!wordStart || at === 0 || !/[a-z0-9]/.test(t[at - 1]!)) return true;
    }
    return false;
  });
}

/** Every row of a tab with the fields its keyword covers (Orders: also its lines' SKUs and its errors). */
function searchable(db: Snapshot, tab: TabId): { id: number; fields: (string | null)[] }[] {
  switch (tab) {
    case 'orders': {
      const lines = db.all<{ order_id: number; amazon_sku: string }>('SELECT order_id, amazon_sku FROM order_lines');
      const errs = db.all<{ order_ref: string; message: string; code: string; sku: string | null }>(
        'SELECT order_ref, message, code, sku FROM errors WHERE order_ref IS NOT NULL',
      );
      return db
        .all<Record<string, string | null> & { id: number }>(
          'SELECT id, order_ref, buyer_name, ship_city, xoro_ref, amazon_status FROM orders',
        )
        .map((o) => ({
          id: o.id,
          fields: [
            o.order_ref,
            o.buyer_name,
            o.ship_city,
            o.xoro_ref,
            o.amazon_status,
            ...lines.filter((l) => l.order_id === o.id).map((l) => l.amazon_sku),
            ...errs.filter((e) => e.order_ref === o.order_ref).flatMap((e) => [e.message, e.code, e.order_ref, e.sku]),
          ],
        }));
    }
    case 'inventory':
      return db
        .all<{ id: number; sku: string; reason: string; store: string }>(
          'SELECT id, sku, reason, store FROM inventory_log',
        )
        .map((r) => ({ id: r.id, fields: [r.sku, r.reason, r.store] }));
    case 'logs':
      return db
        .all<{ id: number; message: string; order_ref: string; sku: string; type: string }>(
          'SELECT id, message, order_ref, sku, type FROM transactions',
        )
        .map((r) => ({
          id: r.id,
          fields: [r.message, r.order_ref, r.sku, r.type],
        }));
    case 'errors':
      return db
        .all<{ id: number; message: string; code: string; order_ref: string; sku: string }>(
          'SELECT id, message, code, order_ref, sku FROM errors',
        )
        .map((r) => ({
          id: r.id,
          fields: [r.message, r.code, r.order_ref, r.sku],
        }));
  }
}

describe('keyword search means the same on every tab', () => {
  const keywords = (db: Snapshot): string[] => {
    const ref = String(
      db.value("SELECT order_ref FROM errors WHERE order_ref IS NOT NULL AND code = 'ORD_SKU_UNLINKED' LIMIT 1"),
    );
    const sku = String(db.value("SELECT amazon_sku FROM order_lines WHERE amazon_sku LIKE '%-%' LIMIT 1"));
    const doc = String(db.value('SELECT number FROM documents LIMIT 1'));
    return [
      'unlink', // the start of a word
      'nlinked', // inside a word: no match
      'not linked', // two words, in order
      ref.slice(0, 6), // an order number's start, with its dash
      ref.slice(4, 11), // its middle group
      sku, // a SKU, whole
      sku.toLowerCase(), // any case
      doc, // a document number
      'ORD_SKU_UNLINKED', // an error code
      'timed out',
      '%',
      "'",
    ];
  };

  for (const [name, pick] of [
    ['with the search indexes', () => indexed],
    ['on a file without them (a producer’s)', () => bare],
  ] as const) {
    it(`returns exactly what a substring scan of the searched fields finds, on every tab, ${name}`, () => {
      const db = pick();
      for (const tab of ['orders', 'inventory', 'logs', 'errors'] as const) {
        const rows = searchable(db, tab);
        for (const keyword of keywords(db)) {
          const expected = rows
            .filter((r) => scanHas(keyword, r.fields))
            .map((r) => r.id)
            .sort((a, b) => a - b);
          expect(ids(db, tab, { keyword }), `${tab} "${keyword}"`).toEqual(expected);
          expect(countRows(db, tab, { ...NO_FILTERS, keyword }), `count ${tab} "${keyword}"`).toBe(expected.length);
        }
      }
    });
  }

  it('on Orders covers the lines’ SKUs, the errors’ text and the document number', () => {
    const { order_ref, message } = indexed.get<{ order_ref: string; message: string }>(
      "SELECT order_ref, message FROM errors WHERE code = 'ORD_SHIP_SERVICE_UNMAPPED' LIMIT 1",
    )!;
    const orderId = Number(indexed.value('SELECT id FROM orders WHERE order_ref = ?', [order_ref]));
    expect(ids(indexed, 'orders', { keyword: message.split(' ').slice(0, 3).join(' ') })).toContain(orderId);
    const { id, number } = indexed.get<{ id: number; number: string }>(
      'SELECT o.id, d.number FROM orders o JOIN documents d ON d.order_ref = o.order_ref LIMIT 1',
    )!;
    expect(ids(indexed, 'orders', { keyword: number })).toEqual([id]);
  });
});
