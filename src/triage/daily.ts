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
 * Per day of the last `days` days of the snapshot: the rows of the filtered
 * tab, and those of them Show Errors Only keeps. Each day is a COUNT over its
 * range of the date column, which the column's index (or the filter's)
 * serves. A keyword is looked for as a page of rows is: in the few rows that
 * a rare word's index lists, or, for a common word, in each of the day's rows
 * (its index would list hundreds of thousands of rows for every day: a
 * second per query on a million transactions, with every key waiting behind
 * it). `between` is awaited after each query (the database thread answers
 * other requests there).
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
  const query = (f: TabFilters) => {
    // The other filters as a count reads them (the indexes); a keyword as a page of rows does.
    const where = whereFor(db, tab, f, f.keyword ? 'rows' : 'count');
    const count = `SELECT COUNT(*) FROM ${s.from} ${where.sql ? `${where.sql} AND` : 'WHERE'} ${s.date} >= ? AND ${s.date} < ?`;
    return (day: string): number => Number(db.value(count, [...where.params, day, dayAfter(day)]) ?? 0);
  };
  const rowsOf = query(filters);
  // Errors only already: the failed figures are the same ones.
  const failedOf = filters.errorsOnly ? undefined : query({ ...filters, errorsOnly: true });
  const rows: number[] = [];
  const failed: number[] = [];
  for (const day of window) {
    const r = rowsOf(day);
    rows.push(r);
    await between();
    failed.push(failedOf ? failedOf(day) : r);
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
