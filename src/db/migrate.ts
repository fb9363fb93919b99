/**
 * Upgrading snapshots written with an older schema_version. Each migration
 * takes a file from one version to the next; they are applied in order, all in
 * one transaction, so a failure leaves the database as it was.
 */
import type { Snapshot } from './snapshot.js';

export interface Migration {
  /** The schema_version it starts from; it leaves the snapshot at `from + 1`. */
  from: number;
  /** What it changes, for messages. */
  description: string;
  /** Trusted, parameter-free DDL/DML. */
  sql: string;
}

/**
 * Version 1 to 2: counts mean problems, not attempts. Runs of the same thing
 * (an order's import or shipment confirmation, a SKU's inventory feed or link)
 * that a later run followed are closed as superseded by the next one, with
 * their errors; orders a run skipped read Skipped with the reason; a dropped
 * order whose shipment confirmation is still failing reads unresolved;
 * shipments a successful run confirmed record it; new columns and the listings
 * table. The indexes the backfill looks rows up by come first (a producer's
 * file may lack them).
 */
const V1_TO_V2 = `
ALTER TABLE orders ADD COLUMN skip_reason TEXT;
ALTER TABLE orders ADD COLUMN amazon_updated_at TEXT;
ALTER TABLE order_lines ADD COLUMN order_item_id TEXT;
ALTER TABLE shipments ADD COLUMN confirmed_by INTEGER;
ALTER TABLE transactions ADD COLUMN superseded_by INTEGER;
ALTER TABLE errors ADD COLUMN superseded_by INTEGER;
CREATE TABLE IF NOT EXISTS listings (
  amazon_sku TEXT PRIMARY KEY, asin TEXT, title TEXT, price REAL, quantity INTEGER,
  fulfillment_channel TEXT, status TEXT, open_date TEXT, imported_at TEXT
);
CREATE INDEX IF NOT EXISTS tx_by_order ON transactions(order_ref) WHERE order_ref IS NOT NULL;
CREATE INDEX IF NOT EXISTS tx_by_sku ON transactions(sku) WHERE sku IS NOT NULL;
CREATE INDEX IF NOT EXISTS tx_reruns ON transactions(rerun_of) WHERE rerun_of IS NOT NULL;
CREATE INDEX IF NOT EXISTS errors_by_tx ON errors(transaction_id);
CREATE INDEX IF NOT EXISTS errors_by_order ON errors(order_ref) WHERE order_ref IS NOT NULL;
CREATE INDEX IF NOT EXISTS inv_by_tx ON inventory_log(transaction_id);
CREATE INDEX IF NOT EXISTS shipments_by_order ON shipments(order_ref);

CREATE TEMP TABLE v2_next (id INTEGER PRIMARY KEY, next INTEGER);
INSERT INTO temp.v2_next SELECT t.id, coalesce(
    CASE
      WHEN t.type IN ('Order Import', 'Fulfillment Update') THEN
        (SELECT min(n.id) FROM transactions n WHERE n.order_ref = t.order_ref AND n.type = t.type AND n.id > t.id)
      WHEN t.type IN ('Inventory Sync', 'Inventory Update') THEN
        (SELECT min(n.id) FROM transactions n WHERE n.sku = t.sku AND n.type IN ('Inventory Sync', 'Inventory Update') AND n.id > t.id)
      WHEN t.type = 'Link SKU' THEN
        (SELECT min(n.id) FROM transactions n WHERE n.sku = t.sku AND n.type = 'Link SKU' AND n.id > t.id)
    END,
    (SELECT min(n.id) FROM transactions n WHERE n.rerun_of = t.id))
  FROM transactions t WHERE t.resolved = 0;
DELETE FROM temp.v2_next WHERE next IS NULL;
UPDATE transactions SET resolved = 1, superseded_by = (SELECT next FROM temp.v2_next x WHERE x.id = transactions.id)
  WHERE id IN (SELECT id FROM temp.v2_next);
UPDATE errors SET resolved = 1, superseded_by = (SELECT next FROM temp.v2_next x WHERE x.id = errors.transaction_id)
  WHERE resolved = 0 AND transaction_id IN (SELECT id FROM temp.v2_next);
UPDATE inventory_log SET resolved = 1 WHERE resolved = 0 AND transaction_id IN (SELECT id FROM temp.v2_next);
DROP TABLE temp.v2_next;

UPDATE orders SET status = 'Skipped', resolved = 1, skip_reason = (
    SELECT CASE WHEN t.message LIKE 'Skipped: order canceled%' THEN 'canceled on Amazon'
                ELSE 'purchased before the integration start date' END
      FROM transactions t WHERE t.order_ref = orders.order_ref AND t.type = 'Order Import' ORDER BY t.id DESC LIMIT 1)
  WHERE status = 'Pending' AND (
    SELECT t.message LIKE 'Skipped: order canceled%' OR t.message LIKE 'Skipped: purchased before%'
      FROM transactions t WHERE t.order_ref = orders.order_ref AND t.type = 'Order Import' ORDER BY t.id DESC LIMIT 1);
UPDATE orders SET resolved = 0 WHERE resolved = 1 AND status = 'Dropped'
  AND EXISTS (SELECT 1 FROM errors e WHERE e.order_ref = orders.order_ref AND e.resolved = 0 AND e.severity = 'error');
UPDATE shipments SET confirmed_by = (
    SELECT max(t.id) FROM transactions t WHERE t.order_ref = shipments.order_ref AND t.type = 'Fulfillment Update'
       AND t.status = 'Success' AND instr(t.message, shipments.tracking_number) > 0)
  WHERE tracking_number IS NOT NULL AND trim(tracking_number) <> '';
`;

/**
 * The migrations this tool ships, oldest first. A change to data/schema.sql
 * bumps SCHEMA_VERSION and adds the step from the previous version here.
 */
export const MIGRATIONS: readonly Migration[] = [
  {
    from: 1,
    description: 'problems instead of attempts: superseded runs, Skipped orders, confirmed shipments, listings',
    sql: V1_TO_V2,
  },
];

/** A file whose version no list of migrations reaches. */
export class MigrationGapError extends Error {
  constructor(
    readonly from: number,
    readonly to: number,
    readonly missing: number,
  ) {
    super(`no migration from schema_version ${missing} (needed to go from ${from} to ${to})`);
    this.name = 'MigrationGapError';
  }
}

/** The steps from `from` to `to`, in order; throws MigrationGapError when one is missing. */
export function planMigrations(from: number, to: number, migrations: readonly Migration[]): Migration[] {
  const steps: Migration[] = [];
  for (let v = from; v < to; v++) {
    const step = migrations.find((m) => m.from === v);
    if (!step) throw new MigrationGapError(from, to, v);
    steps.push(step);
  }
  return steps;
}

/** A step that failed, with the database rolled back to where it was. */
export class MigrationFailedError extends Error {
  constructor(
    readonly step: Migration,
    readonly failure: unknown,
  ) {
    super(
      `the step from schema_version ${step.from} to ${step.from + 1} (${step.description}) failed: ${String(
        (failure as Error)?.message ?? failure,
      )
        .replace(/\s+/g, ' ')
        .trim()}`,
    );
    this.name = 'MigrationFailedError';
  }
}

/**
 * Applies the steps in memory, in one transaction, and records the version
 * reached in meta. Nothing is written to disk here.
 */
export function applyMigrations(snap: Snapshot, steps: readonly Migration[]): void {
  if (steps.length === 0) return;
  snap.transaction(() => {
    for (const step of steps) {
      try {
        snap.exec(step.sql);
      } catch (err) {
        throw new MigrationFailedError(step, err);
      }
    }
    const reached = steps[steps.length - 1]!.from + 1;
    snap.run(
      "INSERT INTO meta(key, value) VALUES ('schema_version', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
      [String(reached)],
    );
  });
}
