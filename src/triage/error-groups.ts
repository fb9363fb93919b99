import type { Snapshot } from '../db/index.js';
import { dayWindow, newestDay } from './days.js';
import { fillWouldPassTable } from './problems.js';

/**
 * A message with what varies from one error to the next (order ids, SKUs,
 * numbers, quoted values) replaced by `#`, so errors of one cause group together:
 * "linked item KIT-6665 is inactive" -> "linked item # is inactive".
 */
export function errorPattern(message: string): string {
  return message
    .replace(/'[^']*'|"[^"]*"/g, "'#'")
    .replace(/\b[A-Z0-9]+(?:-[A-Z0-9]+)+\b/g, '#')
    .replace(/[A-Za-z0-9]*\d[A-Za-z0-9]*/g, '#');
}

const defined = new WeakSet<Snapshot>();

/** Makes error_pattern(message) callable from SQL on this snapshot (grouping and the group filter). */
export function defineErrorPattern(db: Snapshot): void {
  if (defined.has(db)) return;
  db.defineFunction('error_pattern', (message) => (message === null ? null : errorPattern(String(message))));
  defined.add(db);
}

export interface ErrorGroup {
  code: string;
  pattern: string;
  count: number;
  /** Of those, the errors whose transaction would pass if re-run now. */
  wouldPass: number;
  orders: number;
  skus: number;
  firstSeen: string;
  lastSeen: string;
  /** Errors of this cause recorded per day (open or closed since) over the snapshot's last GROUP_DAYS days, oldest first. */
  days: number[];
}

/** Days of the groups' sparklines. */
export const GROUP_DAYS = 14;

/** Open errors grouped by code and message pattern, the biggest group first, each with its errors per day. */
export function errorGroups(db: Snapshot, last = newestDay(db)): ErrorGroup[] {
  defineErrorPattern(db);
  fillWouldPassTable(db);
  const groups = db.all<Omit<ErrorGroup, 'days'>>(
    `SELECT code, error_pattern(message) AS pattern, COUNT(*) AS count,
            SUM(id IN (SELECT error_id FROM temp.would_pass)) AS wouldPass, COUNT(DISTINCT order_ref) AS orders,
            COUNT(DISTINCT sku) AS skus, MIN(created_at) AS firstSeen, MAX(created_at) AS lastSeen
       FROM errors WHERE resolved = 0 AND severity = 'error'
      GROUP BY code, pattern ORDER BY count DESC, code`,
  );
  const window = dayWindow(last, GROUP_DAYS);
  const at = new Map(window.map((d, i) => [d, i]));
  const byGroup = new Map(groups.map((g) => [`${g.code}\u0000${g.pattern}`, { ...g, days: window.map(() => 0) }]));
  // Every error of the groups' codes in the window (errors_by_code_date), grouped as the open ones are.
  const codes = [...new Set(groups.map((g) => g.code))];
  const perDay = db.all<{ code: string; pattern: string; day: string; n: number }>(
    `SELECT code, error_pattern(message) AS pattern, substr(created_at, 1, 10) AS day, COUNT(*) AS n
       FROM errors WHERE code IN (SELECT value FROM json_each(?)) AND created_at >= ? AND created_at < ? AND severity = 'error'
      GROUP BY code, pattern, day`,
    [JSON.stringify(codes), window[0]!, `${last}\u{10FFFF}`],
  );
  for (const r of perDay) {
    const g = byGroup.get(`${r.code}\u0000${r.pattern}`);
    const i = at.get(r.day);
    if (g && i !== undefined) g.days[i] = Number(r.n);
  }
  return [...byGroup.values()];
}
