import { beforeAll, describe, expect, it, vi } from 'vitest';
import { buildSearchIndexes, type Param, type Snapshot } from '../../src/db/index.js';
import { LiveCounts } from '../../src/triage/live-counts.js';
import { listRecords, listRows, NO_FILTERS, tabQueries, type TabFilters } from '../../src/triage/index.js';
import { nextMatch } from '../../src/triage/query.js';
import { baseSnapshot } from '../fixtures.js';

/**
 * How a keyword's page is found on a table big enough for each plan: 100,000
 * transactions, one a minute, every third one failed; "quota" in every 13th
 * (7,692: thousands, fewer than a tenth), "inactive" in every 400th (250),
 * "skipped" in 46,000, "feed" and "amazon" in more than half.
 */
const ROWS = 100_000;

let snap: Snapshot;
beforeAll(async () => {
  snap = await baseSnapshot();
  snap.run(
    `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)
     INSERT INTO transactions (type, entity_type, direction, import_date, status, resolved, message)
     SELECT 'Inventory Sync', 'Inventory', 'Xoro to Amazon', strftime('%Y-%m-%dT%H:%M:%SZ', '2026-01-01', '+' || i || ' minutes'),
            CASE WHEN i % 3 = 0 THEN 'Error' ELSE 'Success' END, i % 3 <> 0,
            CASE WHEN i % 13 = 0 THEN 'Send feed to Amazon: 429 QuotaExceeded'
                 WHEN i % 400 = 7 THEN 'Validate lines: linked item is inactive'
                 WHEN i % 2 = 0 THEN 'Send feed: quantity sent to Amazon'
                 ELSE 'Skipped: nothing to send' END
     FROM n`,
    [ROWS],
  );
  await buildSearchIndexes(snap);
}, 60_000);

const filtersWith = (f: Partial<TabFilters>): TabFilters => ({ ...NO_FILTERS, ...f });

/** The documented meaning, without the index: the rows whose message has a word starting with `word`. */
function expected(word: string, order: 'DESC' | 'ASC' = 'DESC', where = '1'): number[] {
  return snap
    .all<{ id: number }>(
      `SELECT id FROM transactions WHERE (' ' || lower(message)) GLOB ? AND ${where} ORDER BY import_date ${order}, id ${order}`,
      [`*[ :]${word}*`],
    )
    .map((r) => Number(r.id));
}

const ids = (f: TabFilters, limit = -1) => listRecords(snap, 'logs', f, limit).map((r) => Number(r.id));
/** SQLite's plan of the first page's query for these filters. */
function pagePlan(f: TabFilters): { sql: string; steps: string } {
  const { rows } = tabQueries(snap, 'logs', f, 10);
  const steps = snap
    .all<{ detail: string }>(`EXPLAIN QUERY PLAN ${rows.sql}`, rows.params)
    .map((r) => r.detail)
    .join('\n');
  return { sql: rows.sql, steps };
}

describe('a keyword page on a big table', () => {
  it('thousands of matches: walks the date order against the index list, instead of fetching each match', () => {
    const f = filtersWith({ keyword: 'quota' });
    expect(expected('quota').length).toBeGreaterThan(2000);
    const { sql, steps } = pagePlan(f);
    expect(sql).toMatch(/\+t\.id IN \(SELECT docid FROM transactions_fts/);
    expect(steps).toMatch(/SCAN t USING INDEX tx_by_date/);
    expect(steps).not.toMatch(/SEARCH t USING INTEGER PRIMARY KEY/);
    expect(ids(f)).toEqual(expected('quota'));
    expect(ids(filtersWith({ keyword: 'quota', sortAsc: true }))).toEqual(expected('quota', 'ASC'));
    expect(ids(filtersWith({ keyword: 'quota', errorsOnly: true }))).toEqual(
      expected('quota', 'DESC', "status = 'Error'"),
    );
    expect(tabQueries(snap, 'logs', filtersWith({ keyword: 'quota', sortAsc: true }), 10).rows.sql).toMatch(
      /\+t\.id IN/,
    );
  });

  it('under a sort by another column, or with few matches, fetches the matches by id', () => {
    const sorted = pagePlan(filtersWith({ keyword: 'quota', sortBy: 'status' }));
    expect(sorted.sql).not.toMatch(/\+t\.id IN/);
    expect(sorted.steps).toMatch(/SEARCH t USING INTEGER PRIMARY KEY/);
    const rare = pagePlan(filtersWith({ keyword: 'inactive' }));
    expect(rare.sql).not.toMatch(/\+t\.id IN/);
    expect(rare.steps).toMatch(/SEARCH t USING INTEGER PRIMARY KEY/);
    expect(ids(filtersWith({ keyword: 'inactive' }))).toEqual(expected('inactive'));
  });

  it("with Show Errors Only, a word in fewer than 50,000 rows is walked against its list, through the errors' index", () => {
    expect(pagePlan(filtersWith({ keyword: 'skipped' })).sql).toMatch(/keyword_in/); // alone: scanned
    const f = filtersWith({ keyword: 'skipped', errorsOnly: true });
    const { sql, steps } = pagePlan(f);
    expect(sql).toMatch(/unlikely\(\+t\.id IN \(SELECT docid/);
    expect(steps).toMatch(/SCAN t USING INDEX tx_failed_by_date/);
    expect(ids(f)).toEqual(expected('skipped', 'DESC', "status = 'Error'"));
  });

  it("a word in more rows is scanned with Show Errors Only through the errors' index, not the whole date index", () => {
    const f = filtersWith({ keyword: 'amazon', errorsOnly: true });
    expect(expected('amazon').length).toBeGreaterThan(50_000);
    const { sql, steps } = pagePlan(f);
    expect(sql).toMatch(/unlikely\(keyword_in/);
    expect(steps).toMatch(/SCAN t USING INDEX tx_failed_by_date/);
    expect(ids(f, 50)).toEqual(expected('amazon', 'DESC', "status = 'Error'").slice(0, 50));
  });

  it('a word all over the newest rows is walked in order without counting it first', () => {
    const f = filtersWith({ keyword: 'feed' });
    expect(ids(f, 10)).toEqual(expected('feed').slice(0, 10));
    // The count of a word in more than 5,000 rows would have been kept, had the plan asked for it.
    expect(LiveCounts.of(snap).wordQuery('transactions', 'feed')).toBeUndefined();
    expect(tabQueries(snap, 'logs', f, 10).rows.sql).toMatch(/keyword_in/);
    expect(expected('feed').length).toBeGreaterThan(ROWS / 2);
  });
});

describe('a keyword page of few rows, and n / N', () => {
  /** Every query with an ORDER BY and a LIMIT that `run` makes, and whether SQLite sorts the whole table for it. */
  function plansOf(run: () => void): { sql: string; sortsTable: boolean }[] {
    const all = vi.spyOn(snap, 'all');
    const value = vi.spyOn(snap, 'value');
    let calls: unknown[][];
    try {
      run();
    } finally {
      // Taken before the spies go: mockRestore forgets the calls.
      calls = [...all.mock.calls, ...value.mock.calls];
      all.mockRestore();
      value.mockRestore();
    }
    return calls
      .filter(([sql]) => /ORDER BY .* LIMIT/.test(String(sql)) && !String(sql).startsWith('EXPLAIN'))
      .map(([sql, params]) => {
        const steps = snap
          .all<{ detail: string }>(`EXPLAIN QUERY PLAN ${String(sql)}`, (params ?? []) as Param[])
          .map((r) => r.detail);
        return {
          sql: String(sql),
          // Every row read, or gathered from several ranges, then sorted for the few asked.
          sortsTable:
            steps.some((d) => /^SCAN t$|^MULTI-INDEX OR$/.test(d)) && steps.some((d) => d.includes('TEMP B-TREE')),
        };
      });
  }

  it('a page of under 25 rows (80x24) walks the date index as a big one does, never sorting the whole table', () => {
    for (const keyword of ['feed', 'quota', 'skipped'])
      for (const limit of [5, 10, 19, 37]) {
        const f = filtersWith({ keyword });
        let page: number[] = [];
        const plans = plansOf(() => (page = listRows(snap, 'logs', f, 0, limit).map((r) => r.id)));
        expect(plans.length, `${keyword} ${limit}`).toBeGreaterThan(0);
        expect(
          plans.filter((p) => p.sortsTable),
          `${keyword} ${limit}`,
        ).toEqual([]);
        expect(page).toEqual(expected(keyword).slice(0, limit));
      }
  });

  it('n / N look for one row from the selected one along the date index, newest or oldest first, never sorting the whole table', () => {
    for (const [keyword, sortAsc] of [
      ['feed', false],
      ['quota', false],
      ['inactive', false],
      ['feed', true],
      ['quota', true],
    ] as const) {
      const f = filtersWith({ sortAsc });
      const order = expected('', sortAsc ? 'ASC' : 'DESC');
      const has = new Set(expected(keyword));
      for (const at of [0, 1000, 99_000]) {
        let next = 0;
        let previous = 0;
        const plans = plansOf(() => {
          next = nextMatch(snap, 'logs', f, keyword, order[at]!, 1);
          previous = nextMatch(snap, 'logs', f, keyword, order[at]!, -1);
        });
        expect(
          plans.filter((p) => p.sortsTable),
          `${keyword} from ${at}${sortAsc ? ', oldest first' : ''}`,
        ).toEqual([]);
        expect(next).toBe(order.findIndex((id, i) => i > at && has.has(id)));
        expect(previous).toBe(order.slice(0, at).reduce((last, id, i) => (has.has(id) ? i : last), -1));
      }
    }
  });
});
