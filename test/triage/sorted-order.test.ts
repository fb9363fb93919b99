/**
 * A tab under a chosen sort (s / S): pages, a row's place and n / N must be
 * what one plain ORDER BY over the filtered rows gives, ties and NULL keys
 * included, within the ids kept, beyond them, and near the end; and the order
 * is sorted once per version of the snapshot, not once per page.
 */
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { buildSearchIndexes, createSnapshot, type Snapshot } from '../../src/db/index.js';
import { generateDemo } from '../../src/demo/generate-demo.js';
import { SORTS } from '../../src/triage/filters.js';
import {
  countRows,
  indexOfRow,
  listRecords,
  listRows,
  NO_FILTERS,
  TAB_IDS,
  type TabFilters,
} from '../../src/triage/index.js';
import { nextMatch } from '../../src/triage/query.js';
import type { TabId } from '../../src/triage/triage-types.js';

let db: Snapshot;

beforeAll(async () => {
  db = await createSnapshot();
  // More rows than the order keeps (2,000), so that pages and places beyond the kept ids are tried too.
  generateDemo(db, { transactions: 2600, seed: 5 });
  // NULL keys: first in an ascending sort, last in a descending one.
  db.run('UPDATE transactions SET order_ref = NULL, sku = NULL WHERE id % 97 = 0');
  db.run('UPDATE errors SET order_ref = NULL, sku = NULL WHERE id % 11 = 0');
  await buildSearchIndexes(db);
});

/** The reference: the filtered ids in one plain ORDER BY, from the tab's table alone. */
function expectedOrder(tab: TabId, f: TabFilters): number[] {
  const table = { orders: 'orders o', inventory: 'inventory_log v', logs: 'transactions t', errors: 'errors e' }[tab];
  const alias = table.split(' ')[1]!;
  const key = SORTS[tab][f.sortBy!]!;
  const dir = f.sortAsc ? 'ASC' : 'DESC';
  const where = f.hideResolved ? `WHERE ${alias}.resolved = 0` : '';
  return db
    .all<{ id: number }>(`SELECT ${alias}.id AS id FROM ${table} ${where} ORDER BY ${key} ${dir}, ${alias}.id ${dir}`)
    .map((r) => Number(r.id));
}

/** A write that changes nothing the tabs show: the next query starts from a new version, nothing kept. */
function newVersion(): void {
  db.run("UPDATE meta SET value = value WHERE key = 'schema_version'");
}

const page = 37;

describe('a chosen sort', () => {
  for (const tab of TAB_IDS) {
    for (const sortBy of Object.keys(SORTS[tab])) {
      for (const sortAsc of [false, true]) {
        it(`${tab} by ${sortBy} ${sortAsc ? 'ascending' : 'descending'}: pages, places and the end as one ORDER BY`, () => {
          for (const hideResolved of [false, true]) {
            const f: TabFilters = { ...NO_FILTERS, sortBy, sortAsc, hideResolved };
            const expected = expectedOrder(tab, f);
            const total = expected.length;
            // Pages down from a fresh version (the first keeps the first ids, a page past them keeps more).
            newVersion();
            const seen: number[] = [];
            for (let offset = 0; offset < total; offset += page)
              seen.push(...listRows(db, tab, f, offset, page).map((r) => r.id));
            expect(seen).toEqual(expected);
            // The end straight away (G), with the count known as the dashboard knows it: read from the reverse order.
            newVersion();
            expect(countRows(db, tab, f)).toBe(total);
            const end = Math.max(0, total - page);
            expect(listRows(db, tab, f, end, page).map((r) => r.id)).toEqual(expected.slice(end));
            const back = Math.max(0, end - page);
            expect(listRows(db, tab, f, back, page).map((r) => r.id)).toEqual(expected.slice(back, back + page));
            // Places, kept or counted: a fresh version for each, so that none comes from ids kept by another.
            for (const i of [0, 1, 1999, 2000, 2001, Math.floor(total / 2), total - 1].filter((x) => x < total)) {
              newVersion();
              expect(indexOfRow(db, tab, f, expected[i]!), `${i}`).toBe(i);
            }
            if (hideResolved) {
              const resolved = db.value<number>(`SELECT id FROM ${tableOf(tab)} WHERE resolved = 1 LIMIT 1`);
              if (resolved !== undefined) expect(indexOfRow(db, tab, f, resolved)).toBe(-1);
            }
          }
        });
      }
    }
  }

  it('a keyword under a sort: pages, the end and places as one ORDER BY over its matching rows', () => {
    for (const keyword of ['dropped', 'linked', 'Inventory Sync']) {
      const matching = listRecords(db, 'logs', { ...NO_FILTERS, keyword }, -1).map((r) => Number(r.id));
      expect(matching.length, keyword).toBeGreaterThan(page);
      for (const [sortBy, sortAsc] of [
        ['status', false],
        ['ref', true],
      ] as const) {
        const f: TabFilters = { ...NO_FILTERS, keyword, sortBy, sortAsc };
        const dir = sortAsc ? 'ASC' : 'DESC';
        const expected = db
          .all<{ id: number }>(
            `SELECT id FROM transactions t WHERE id IN (${matching.join(', ')}) ORDER BY ${SORTS.logs[sortBy]} ${dir}, id ${dir}`,
          )
          .map((r) => Number(r.id));
        newVersion();
        const seen: number[] = [];
        for (let offset = 0; offset < expected.length; offset += page)
          seen.push(...listRows(db, 'logs', f, offset, page).map((r) => r.id));
        expect(seen, `${keyword} by ${sortBy}`).toEqual(expected);
        newVersion();
        expect(countRows(db, 'logs', f)).toBe(expected.length);
        const end = expected.length - page;
        expect(listRows(db, 'logs', f, end, page).map((r) => r.id)).toEqual(expected.slice(end));
        for (const i of [0, end, expected.length - 1]) {
          newVersion();
          expect(indexOfRow(db, 'logs', f, expected[i]!)).toBe(i);
        }
      }
    }
  });

  it('n / N find the next and previous row with the keyword in the chosen order, from kept ids and beyond them', () => {
    for (const [sortBy, sortAsc] of [
      ['status', false],
      ['ref', true],
      ['type', false],
    ] as const) {
      const f: TabFilters = { ...NO_FILTERS, sortBy, sortAsc };
      const order = expectedOrder('logs', f);
      const withWord = new Set(
        db.all<{ id: number }>("SELECT id FROM transactions WHERE message LIKE '%dropped%'").map((r) => Number(r.id)),
      );
      expect(withWord.size).toBeGreaterThan(10);
      for (const from of [0, 5, 1500, 2100, order.length - 3]) {
        const next = order.findIndex((id, i) => i > from && withWord.has(id));
        const previous = order.slice(0, from).reduce((last, id, i) => (withWord.has(id) ? i : last), -1);
        expect(nextMatch(db, 'logs', f, 'dropped', order[from]!, 1), `${sortBy} after ${from}`).toBe(next);
        expect(nextMatch(db, 'logs', f, 'dropped', order[from]!, -1), `${sortBy} before ${from}`).toBe(previous);
      }
    }
  });

  it('sorts once per version of the snapshot: the pages after the first come from the kept ids; a write sorts again', () => {
    const f: TabFilters = { ...NO_FILTERS, sortBy: 'status' };
    newVersion();
    const all = vi.spyOn(db, 'all');
    const sorts = () => all.mock.calls.filter(([sql]) => /^SELECT .*t\.status.* ORDER BY /.test(String(sql))).length;
    listRows(db, 'logs', f, 0, page);
    expect(sorts()).toBe(1);
    for (let offset = page; offset < 20 * page; offset += page) listRows(db, 'logs', f, offset, page);
    expect(indexOfRow(db, 'logs', f, expectedOrder('logs', f)[500]!)).toBe(500);
    expect(sorts()).toBe(1);
    // Descending with ties, the table is read newest first (the top-N sort keeps few rows then).
    expect(
      all.mock.calls.some(([sql]) => /ORDER BY t\.id DESC LIMIT -1\) ORDER BY sort_key DESC/.test(String(sql))),
    ).toBe(true);
    // A write that moves a row: the order follows it.
    const last = expectedOrder('logs', f).at(-1)!;
    db.run("UPDATE transactions SET status = 'ZZZ' WHERE id = ?", [last]);
    expect(listRows(db, 'logs', f, 0, 1)[0]!.id).toBe(last);
    expect(sorts()).toBe(2);
    all.mockRestore();
  });
});

function tableOf(tab: TabId): string {
  return { orders: 'orders', inventory: 'inventory_log', logs: 'transactions', errors: 'errors' }[tab];
}
