/**
 * Per-day figures of a tab under its filters: what the pictures draw and
 * `amazon-logs stats` prints.
 */
import type { Snapshot } from '../db/index.js';
import { TAB_SQL } from './filters.js';
import { dayAfter, dayWindow, newestDay } from './days.js';
import { whereFor } from './query.js';
import type { TabFilters, TabId } from './triage-types.js';

export interface DailySeries {
  /** 'rows' (every row of the filtered tab), 'failed' (those Show Errors Only keeps). */
  key: 'rows' | 'failed';
  /** What a row is on this tab, for labels: "transactions", "failed". */
  label: string;
  /** One figure per day of `days`, oldest first. */
  values: number[];
}

export interface DailyFigures {
  tab: TabId;
  /** The days of the window, YYYY-MM-DD (UTC), oldest first; the last is the snapshot's newest day. */
  days: string[];
  series: DailySeries[];
}

/** What each tab counts per day: its rows, and those Show Errors Only keeps. */
export const DAILY_LABELS: Record<TabId, [rows: string, failed: string]> = {
  orders: ['orders', 'with an error'],
  inventory: ['stock changes', 'failed'],
  logs: ['transactions', 'failed'],
  errors: ['errors', 'failing'],
};

/**
 * Days counted by one query when the filters carry a keyword: its index
 * lookup runs once per query, so a query per day would run it 60 times.
 */
const KEYWORD_CHUNK_DAYS = 10;

/**
 * Per day of the last `days` days of the snapshot: the rows of the filtered
 * tab, and those of them Show Errors Only keeps. Each day is a COUNT over its
 * range of the date column, which the column's index (or the filter's)
 * serves; with a keyword, a GROUP BY over several days. `between` is awaited
 * after each query (the database thread answers other requests there).
 */
export async function dailyFigures(
  db: Snapshot,
  tab: TabId,
  filters: TabFilters,
  days = 30,
  between: () => Promise<void> = async () => {},
  last = newestDay(db),
): Promise<DailyFigures> {
  const window = dayWindow(last, days);
  const s = TAB_SQL[tab];
  const chunkDays = filters.keyword ? KEYWORD_CHUNK_DAYS : 1;
  // As a count reads: the indexes, never a walk over every row.
  const query = (f: TabFilters) => {
    const where = whereFor(db, tab, f, 'count');
    const range = `${where.sql ? `${where.sql} AND` : 'WHERE'} ${s.date} >= ? AND ${s.date} < ?`;
    const count = `SELECT COUNT(*) FROM ${s.from} ${range}`;
    const grouped = `SELECT substr(${s.date}, 1, 10) AS day, COUNT(*) AS n FROM ${s.from} ${range} GROUP BY day`;
    return (chunk: string[]): number[] => {
      const params = [...where.params, chunk[0]!, dayAfter(chunk.at(-1)!)];
      if (chunk.length === 1) return [Number(db.value(count, params) ?? 0)];
      const byDay = new Map(db.all<{ day: string; n: number }>(grouped, params).map((r) => [r.day, Number(r.n)]));
      return chunk.map((d) => byDay.get(d) ?? 0);
    };
  };
  const rowsOf = query(filters);
  // Errors only already: the failed figures are the same ones.
  const failedOf = filters.errorsOnly ? undefined : query({ ...filters, errorsOnly: true });
  const rows: number[] = [];
  const failed: number[] = [];
  for (let i = 0; i < window.length; i += chunkDays) {
    const chunk = window.slice(i, i + chunkDays);
    const r = rowsOf(chunk);
    rows.push(...r);
    await between();
    failed.push(...(failedOf ? failedOf(chunk) : r));
    await between();
  }
  const [rowsLabel, failedLabel] = DAILY_LABELS[tab];
  return {
    tab,
    days: window,
    series: [
      { key: 'rows', label: rowsLabel, values: rows },
      { key: 'failed', label: failedLabel, values: failed },
    ],
  };
}
