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

/**
 * Whether SQLite follows an index for the first terms of `sql`'s ORDER BY
 * and sorts each group of equal keys for the rest (a key's index that ends
 * in another column than the id ties go by): each group is then read whole,
 * even for one row.
 */
export function sortsEachGroup(db: Snapshot, sql: string, params: Param[]): boolean {
  return db
    .all<{ detail: string }>(`EXPLAIN QUERY PLAN ${sql}`, params)
    .some((r) => /TEMP B-TREE FOR (LAST TERM|RIGHT PART) OF ORDER BY/.test(r.detail));
}
