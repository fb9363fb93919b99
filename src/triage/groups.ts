import type { Snapshot } from '../db/index.js';
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
}

/** Open errors grouped by code and message pattern, the biggest group first. */
export function errorGroups(db: Snapshot): ErrorGroup[] {
  defineErrorPattern(db);
  fillWouldPassTable(db);
  return db.all<ErrorGroup>(
    `SELECT code, error_pattern(message) AS pattern, COUNT(*) AS count,
            SUM(id IN (SELECT error_id FROM temp.would_pass)) AS wouldPass, COUNT(DISTINCT order_ref) AS orders,
            COUNT(DISTINCT sku) AS skus, MIN(created_at) AS firstSeen, MAX(created_at) AS lastSeen
       FROM errors WHERE resolved = 0 AND severity = 'error'
      GROUP BY code, pattern ORDER BY count DESC, code`,
  );
}
