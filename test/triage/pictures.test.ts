/** The per-day figures the pictures draw (and `stats` prints), each against a GROUP BY straight from the data. */
import { beforeAll, describe, expect, it } from 'vitest';
import { buildSearchIndexes, createSnapshot, type Snapshot } from '../../src/db/index.js';
import { generateDemo } from '../../src/demo/generate-demo.js';
import {
  dailyFigures,
  dayWindow,
  errorGroups,
  errorPattern,
  GROUP_DAYS,
  newestDay,
  NO_FILTERS,
  type TabFilters,
} from '../../src/triage/index.js';
import { addTransaction, baseSnapshot } from '../fixtures.js';

let db: Snapshot;
beforeAll(async () => {
  db = await createSnapshot();
  generateDemo(db, { transactions: 1500, seed: 9 });
  await buildSearchIndexes(db);
});

/** day -> count, from one GROUP BY over the table with a plain WHERE. */
function perDay(sql: string, params: (string | number)[] = []): Map<string, number> {
  return new Map(db.all<{ day: string; n: number }>(sql, params).map((r) => [r.day, Number(r.n)]));
}

function expectSeries(values: number[], days: string[], truth: Map<string, number>): void {
  expect(values).toEqual(days.map((d) => truth.get(d) ?? 0));
}

describe('per-day figures', () => {
  it("end on the snapshot's newest day, whatever the date today", () => {
    const newest = String(db.value('SELECT MAX(import_date) FROM transactions')).slice(0, 10);
    expect(newestDay(db)).toBe(newest);
    expect(dayWindow('2026-03-02', 3)).toEqual(['2026-02-28', '2026-03-01', '2026-03-02']);
  });

  it('Errors: new errors per day over 30 days, unfiltered and under the toggles, a code and a keyword', async () => {
    const cases: [Partial<TabFilters>, string][] = [
      [{}, '1 = 1'],
      [{ hideResolved: true }, 'resolved = 0'],
      [{ errorsOnly: true, hideResolved: true }, "resolved = 0 AND severity = 'error'"],
      [{ code: 'INV_NEGATIVE_QTY' }, "code = 'INV_NEGATIVE_QTY'"],
      [{ keyword: 'timed out' }, "lower(message) LIKE '%timed out%'"],
    ];
    for (const [filters, where] of cases) {
      const f = await dailyFigures(db, 'errors', { ...NO_FILTERS, ...filters }, 30);
      expect(f.days).toHaveLength(30);
      expect(f.days.at(-1)).toBe(newestDay(db));
      const truth = perDay(
        `SELECT substr(created_at, 1, 10) AS day, COUNT(*) AS n FROM errors WHERE ${where} GROUP BY day`,
      );
      expectSeries(f.series[0]!.values, f.days, truth);
      const failing = perDay(
        `SELECT substr(created_at, 1, 10) AS day, COUNT(*) AS n FROM errors WHERE ${where} AND severity = 'error' GROUP BY day`,
      );
      expectSeries(f.series[1]!.values, f.days, failing);
    }
  });

  it('Logs: failed against total transactions per day, under the filters', async () => {
    const cases: [Partial<TabFilters>, string][] = [
      [{}, '1 = 1'],
      [{ type: 'Order Import' }, "type = 'Order Import'"],
      [{ syncType: 'manual' }, "sync_type = 'Manual'"],
      [{ hideResolved: true }, 'resolved = 0'],
    ];
    for (const [filters, where] of cases) {
      const f = await dailyFigures(db, 'logs', { ...NO_FILTERS, ...filters }, 30);
      const total = perDay(
        `SELECT substr(import_date, 1, 10) AS day, COUNT(*) AS n FROM transactions WHERE ${where} GROUP BY day`,
      );
      const failed = perDay(
        `SELECT substr(import_date, 1, 10) AS day, SUM(status = 'Error') AS n FROM transactions WHERE ${where} GROUP BY day`,
      );
      expect(f.series.map((s) => s.label)).toEqual(['transactions', 'failed']);
      expectSeries(f.series[0]!.values, f.days, total);
      expectSeries(f.series[1]!.values, f.days, failed);
      expect(f.series[0]!.values.some((v) => v > 0)).toBe(true);
    }
  });

  it('Orders and Inventory count by their own dates', async () => {
    const orders = await dailyFigures(db, 'orders', NO_FILTERS, 30);
    expectSeries(
      orders.series[0]!.values,
      orders.days,
      perDay('SELECT substr(purchase_date, 1, 10) AS day, COUNT(*) AS n FROM orders GROUP BY day'),
    );
    const inventory = await dailyFigures(db, 'inventory', { ...NO_FILTERS, errorsOnly: true }, 7);
    expect(inventory.days).toHaveLength(7);
    expectSeries(
      inventory.series[0]!.values,
      inventory.days,
      perDay(
        "SELECT substr(adjusted_at, 1, 10) AS day, COUNT(*) AS n FROM inventory_log WHERE status = 'Error' GROUP BY day",
      ),
    );
  });

  it('lets other work in between days, with a keyword too (a day of rows at a time, never the whole index of a common word)', async () => {
    for (const filters of [NO_FILTERS, { ...NO_FILTERS, keyword: 'order' }]) {
      let turns = 0;
      await dailyFigures(db, 'logs', filters, 10, async () => {
        turns++;
      });
      expect(turns).toBe(20);
    }
  });

  it("a producer's date that is not ISO does not move the window", async () => {
    const snap = await baseSnapshot();
    addTransaction(snap, { date: '2026-05-03T10:00:00Z' });
    addTransaction(snap, { date: 'yesterday, around noon' });
    expect(newestDay(snap)).toBe('2026-05-03');
    const f = await dailyFigures(snap, 'logs', NO_FILTERS, 3);
    expect(f.series[0]!.values).toEqual([0, 0, 1]);
  });
});

describe('error groups per day', () => {
  it("count every error of the group's cause per day over two weeks, as a GROUP BY on the pattern does", () => {
    const groups = errorGroups(db);
    const days = dayWindow(newestDay(db), GROUP_DAYS);
    const all = db.all<{ code: string; message: string; day: string }>(
      "SELECT code, message, substr(created_at, 1, 10) AS day FROM errors WHERE severity = 'error' AND created_at >= ?",
      [days[0]!],
    );
    let drawn = 0;
    for (const g of groups) {
      expect(g.days).toHaveLength(GROUP_DAYS);
      const mine = all.filter((e) => e.code === g.code && errorPattern(e.message) === g.pattern);
      expect(g.days).toEqual(days.map((d) => mine.filter((e) => e.day === d).length));
      drawn += g.days.reduce((a, b) => a + b, 0);
    }
    expect(drawn).toBeGreaterThan(0);
  });
});
