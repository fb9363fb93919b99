import { beforeAll, describe, expect, it, vi } from 'vitest';
import { buildSearchIndexes, createSnapshot, type Snapshot } from '../../src/db/index.js';
import { generateDemo } from '../../src/demo/generate-demo.js';
import {
  countRows,
  indexOfRow,
  listRecords,
  listRows,
  NO_FILTERS,
  TAB_IDS,
  type TabFilters,
  type TabId,
} from '../../src/triage/index.js';
import { nextMatch } from '../../src/triage/query.js';

let db: Snapshot;
let plain: Snapshot;

beforeAll(async () => {
  db = await createSnapshot();
  generateDemo(db, { transactions: 2500, seed: 11 });
  // Rows without a date sort last; paging must not lose them.
  db.run('UPDATE transactions SET import_date = NULL WHERE id IN (7, 8, 9)');
  db.run('UPDATE errors SET created_at = NULL WHERE id IN (3, 4)');
  plain = await createSnapshot();
  generateDemo(plain, { transactions: 2500, seed: 11 });
  plain.run('UPDATE transactions SET import_date = NULL WHERE id IN (7, 8, 9)');
  plain.run('UPDATE errors SET created_at = NULL WHERE id IN (3, 4)');
  await buildSearchIndexes(db);
});

const FILTERS: Partial<TabFilters>[] = [
  {},
  { hideResolved: true },
  { errorsOnly: true },
  { hideResolved: true, errorsOnly: true },
];
const all = (tab: TabId, f: TabFilters) => listRecords(db, tab, f, -1).map((r) => Number(r.id));

describe('paging', () => {
  for (const tab of TAB_IDS) {
    for (const partial of FILTERS) {
      it(`${tab} ${JSON.stringify(partial)}: pages down, jumps to the end and back, and finds each row, as OFFSET would`, () => {
        const f = { ...NO_FILTERS, ...partial };
        const expected = all(tab, f);
        const total = countRows(db, tab, f);
        expect(total).toBe(expected.length);
        const page = 17;
        const seen: number[] = [];
        for (let offset = 0; offset < total; offset += page)
          seen.push(...listRows(db, tab, f, offset, page).map((r) => r.id));
        expect(seen).toEqual(expected);
        // G, then PgUp from the end, then g.
        const end = Math.max(0, total - page);
        expect(listRows(db, tab, f, end, page).map((r) => r.id)).toEqual(expected.slice(end));
        const back = Math.max(0, end - page);
        expect(listRows(db, tab, f, back, page).map((r) => r.id)).toEqual(expected.slice(back, back + page));
        expect(listRows(db, tab, f, 0, page).map((r) => r.id)).toEqual(expected.slice(0, page));
        // Past the end and an empty page.
        expect(listRows(db, tab, f, total, page)).toEqual([]);
        expect(listRows(db, tab, f, 0, 0)).toEqual([]);
        for (const i of [0, 1, Math.floor(total / 2), total - 1].filter((x) => x >= 0))
          expect(indexOfRow(db, tab, f, expected[i]!)).toBe(i);
      });
    }
  }

  it('n / N: the next and previous row with the keyword in the date order, rows without a date last', () => {
    for (const partial of [{}, { hideResolved: true }]) {
      const f = { ...NO_FILTERS, ...partial };
      const order = all('logs', f);
      for (const keyword of partial.hideResolved ? ['linked', 'Order', 'not'] : ['dropped', 'quantity', 'linked']) {
        const has = new Set(all('logs', { ...f, keyword }));
        expect(has.size).toBeGreaterThan(3);
        // The rows without a date (7, 8, 9, at the end when the filters keep them) and others around the order.
        const from = [
          0,
          1,
          2,
          Math.floor(order.length / 2),
          ...[7, 8, 9].map((id) => order.indexOf(id)),
          order.length - 1,
        ];
        for (const at of from.filter((i) => i >= 0)) {
          const id = order[at]!;
          expect(nextMatch(db, 'logs', f, keyword, id, 1), `${keyword} after ${id}`).toBe(
            order.findIndex((x, i) => i > at && has.has(x)),
          );
          expect(nextMatch(db, 'logs', f, keyword, id, -1), `${keyword} before ${id}`).toBe(
            order.slice(0, at).reduce((last, x, i) => (has.has(x) ? i : last), -1),
          );
        }
      }
    }
  });

  it('sees a write at once (cached totals and positions are dropped)', () => {
    const f = { ...NO_FILTERS, hideResolved: true };
    const before = countRows(db, 'errors', f);
    listRows(db, 'errors', f, 0, 17);
    const id = all('errors', f)[0]!;
    db.run('UPDATE errors SET resolved = 1 WHERE id = ?', [id]);
    expect(countRows(db, 'errors', f)).toBe(before - 1);
    expect(listRows(db, 'errors', f, 0, 17).map((r) => r.id)).not.toContain(id);
  });
});

describe('keyword search through the full-text index', () => {
  // Words and word prefixes, the way an operator types them; a keyword that starts inside a word is not one of these.
  const words = [
    'timeout',
    'TIMEOUT',
    'Scheduled',
    'sched',
    'dropped as',
    'not linked',
    'quota',
    'Committed to SO',
    'Inventory Sync',
    'FreeEconomy',
    'Unshipped',
    'Canceled',
    'SO-000',
    'INV-0',
    'Chicago',
    'zzzz-no-hit',
  ];
  for (const tab of ['logs', 'orders', 'inventory'] as const) {
    it(`${tab}: gives the same rows as a plain substring scan for words and word prefixes`, () => {
      let nonEmpty = 0;
      for (const keyword of words) {
        const f = { ...NO_FILTERS, keyword };
        const indexed = listRecords(db, tab, f, -1).map((r) => Number(r.id));
        const scanned = listRecords(plain, tab, f, -1).map((r) => Number(r.id));
        expect(indexed, keyword).toEqual(scanned);
        expect(countRows(db, tab, f)).toBe(scanned.length);
        if (scanned.length) nonEmpty++;
      }
      expect(nonEmpty).toBeGreaterThan(1);
    });
  }

  it('matches order refs and SKUs by their beginning, and symbols literally', () => {
    const ref = String(db.value("SELECT order_ref FROM orders WHERE status = 'Dropped' LIMIT 1"));
    for (const keyword of [ref, ref.slice(0, 8), '%', '_', "'", '\\']) {
      const f = { ...NO_FILTERS, keyword };
      expect(
        listRecords(db, 'orders', f, -1).map((r) => r.id),
        keyword,
      ).toEqual(listRecords(plain, 'orders', f, -1).map((r) => r.id));
    }
    expect(countRows(db, 'orders', { ...NO_FILTERS, keyword: ref })).toBe(1);
  });

  it('Orders: the orders a keyword finds through several indexes are found once per version, and follow a write', () => {
    const f = { ...NO_FILTERS, keyword: 'Zebulon' };
    const spies = (['all', 'get', 'value', 'temp', 'run'] as const).map((name) => vi.spyOn(db, name));
    const matchesRun = () =>
      spies.flatMap((spy) => spy.mock.calls).filter(([sql]) => /\bMATCH\b/.test(String(sql))).length;
    try {
      // No order has the word yet; an error of one order gets it (the orders' own index does not hold errors).
      expect(listRows(db, 'orders', f, 0, 10)).toEqual([]);
      const order = db.get<{ id: number; order_ref: string }>('SELECT id, order_ref FROM orders ORDER BY id LIMIT 1')!;
      db.run("INSERT INTO errors (order_ref, code, message, created_at) VALUES (?, 'X_TEST', 'Zebulon was here', ?)", [
        order.order_ref,
        '2026-11-20T10:00:00Z',
      ]);
      expect(listRows(db, 'orders', f, 0, 10).map((r) => r.id)).toEqual([order.id]);
      const found = matchesRun();
      expect(found).toBeGreaterThan(0);
      // The next page, the count, a place and n / N: from the kept orders, no index read again.
      expect(listRows(db, 'orders', f, 10, 10)).toEqual([]);
      expect(countRows(db, 'orders', f)).toBe(1);
      expect(indexOfRow(db, 'orders', f, order.id)).toBe(0);
      expect(nextMatch(db, 'orders', f, 'Zebulon', order.id, 1)).toBe(-1);
      expect(matchesRun()).toBe(found);
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
    // The same meaning as a scan of a snapshot without the indexes, given the same error.
    const order = db.get<{ order_ref: string }>('SELECT order_ref FROM orders ORDER BY id LIMIT 1')!;
    plain.run("INSERT INTO errors (order_ref, code, message, created_at) VALUES (?, 'X_TEST', 'Zebulon was here', ?)", [
      order.order_ref,
      '2026-11-20T10:00:00Z',
    ]);
    expect(listRecords(db, 'orders', f, -1).map((r) => Number(r.id))).toEqual(
      listRecords(plain, 'orders', f, -1).map((r) => Number(r.id)),
    );
  });
});
