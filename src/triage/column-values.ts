import type { Snapshot } from '../db/index.js';

/**
 * The distinct values of the SKU columns, for SKU# filters. A SKU# matches
 * anywhere in the value, a LIKE no index can seek, so without this list the
 * filter reads every entry of the column's index: 900,000 for the Inventory
 * tab on a million transactions, 0.15-0.3 s. The distinct values are twenty
 * times fewer (47,000); the rows with the matching ones are then found
 * through the index.
 *
 * The list is a TEMP table (this connection's, never saved), filled a chunk
 * at a time in the index's order by the database thread while it is idle,
 * and kept current by temp triggers on insert and update. A value whose rows
 * are all deleted stays listed: it then finds no row.
 */
export const LISTED_COLUMNS = [
  'inventory_log.sku',
  'transactions.sku',
  'order_lines.amazon_sku',
  'errors.sku',
] as const;
export type ListedColumn = (typeof LISTED_COLUMNS)[number];

/** SQL testing `expr` against the listed values of `col` that are LIKE the `?` pattern. */
export function inListedValues(expr: string, col: ListedColumn): string {
  return `${expr} IN (SELECT value FROM temp.column_values WHERE col = '${col}' AND value LIKE ? ESCAPE '\\')`;
}

/** Distinct values listed per chunk: at most 5 ms of reading the index on a million rows (19 entries per value). */
const CHUNK = 500;

const perSnapshot = new WeakMap<Snapshot, ColumnValues>();

export class ColumnValues {
  static of(db: Snapshot): ColumnValues {
    let values = perSnapshot.get(db);
    if (!values) perSnapshot.set(db, (values = new ColumnValues(db)));
    return values;
  }

  /** Per column: the greatest value listed so far, or true once all are. */
  private readonly progress = new Map<ListedColumn, string | true>();

  private constructor(private readonly db: Snapshot) {
    db.temp(
      'CREATE TEMP TABLE IF NOT EXISTS column_values (col TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (col, value)) WITHOUT ROWID',
    );
  }

  /**
   * How far the column is listed: true when all of it, else the greatest
   * value listed (every value up to it is), or undefined before the first chunk.
   */
  listedUpTo(col: ListedColumn): string | true | undefined {
    return this.progress.get(col);
  }

  /**
   * Lists the next chunk of the column's values, in its index's order (the
   * first call also makes the triggers that list what is written from then
   * on). Returns false once all are listed.
   */
  listSome(col: ListedColumn, chunk = CHUNK): boolean {
    const done = this.progress.get(col);
    if (done === true) return false;
    const [table, column] = col.split('.') as [string, string];
    if (done === undefined) this.db.temp(triggers(col, table, column));
    const values = this.db
      .all<{ value: unknown }>(
        `SELECT DISTINCT ${column} AS value FROM main.${table} WHERE ${column} > ? ORDER BY ${column} LIMIT ?`,
        [done ?? '', chunk],
      )
      .map((r) => String(r.value));
    if (values.length)
      this.db.temp('INSERT OR IGNORE INTO temp.column_values (col, value) SELECT ?, value FROM json_each(?)', [
        col,
        JSON.stringify(values),
      ]);
    // A short chunk was the last one. (NULLs are never listed: a filter's LIKE never matches them.)
    const finished = values.length < chunk;
    this.progress.set(col, finished ? true : values[values.length - 1]!);
    return !finished;
  }
}

function triggers(col: ListedColumn, table: string, column: string): string {
  const name = `column_values_${table}_${column}`;
  const list = `INSERT OR IGNORE INTO temp.column_values (col, value) VALUES ('${col}', new.${column})`;
  return `
    CREATE TEMP TRIGGER IF NOT EXISTS ${name}_ai AFTER INSERT ON main.${table} WHEN new.${column} IS NOT NULL BEGIN ${list}; END;
    CREATE TEMP TRIGGER IF NOT EXISTS ${name}_au AFTER UPDATE OF ${column} ON main.${table} WHEN new.${column} IS NOT NULL BEGIN ${list}; END;`;
}
