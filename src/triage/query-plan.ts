import type { Param, Snapshot } from '../db/index.js';

/**
 * Whether SQLite answers `sql` by reading every row of a table and sorting
 * them (EXPLAIN QUERY PLAN: a plain `SCAN t` and a temp b-tree for the ORDER
 * BY), rather than walking an index in the order asked.
 */
export function sortsWholeTable(db: Snapshot, sql: string, params: Param[]): boolean {
  const steps = db.all<{ detail: string }>(`EXPLAIN QUERY PLAN ${sql}`, params).map((r) => r.detail);
  return steps.some((d) => /^SCAN \w+$/.test(d)) && steps.some((d) => d.includes('TEMP B-TREE FOR ORDER BY'));
}
