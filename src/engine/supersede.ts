/**
 * Runs of the same thing are one problem: an order's import, an order's
 * shipment confirmation, a SKU's inventory feed (Sync and Update send the same
 * quantity), a SKU's link. When a run of it finishes, succeeded or failed, the
 * earlier runs still open are closed with superseded_by set to it, with their
 * errors and Inventory tab rows, so only the newest run's errors are open and
 * every count means problems, not attempts. A run with no order or SKU (a bad
 * input) is its own thing, together with the chain of its re-runs (rerun_of).
 *
 * Costs stay flat however long a history grows: an order has a handful of
 * runs; a SKU's link runs are found through its errors (a failed link run
 * always wrote one), since most of a SKU's runs are inventory feeds.
 */
import type { Snapshot } from '../db/index.js';
import type { TransactionType } from './domain.js';

export type Thing =
  | { kind: 'order'; type: 'Order Import' | 'Fulfillment Update'; orderRef: string }
  | { kind: 'inventory'; sku: string }
  | { kind: 'link'; sku: string }
  | { kind: 'chain'; root: number };

export const INVENTORY_TYPES = ['Inventory Sync', 'Inventory Update'] as const;

/** What a run of this type and subject is a run of; `id` is the run itself (or the one it re-runs). */
export function thingOf(db: Snapshot, type: string, orderRef: string | null, sku: string | null, id: number): Thing {
  if ((type === 'Order Import' || type === 'Fulfillment Update') && orderRef) return { kind: 'order', type, orderRef };
  if ((INVENTORY_TYPES as readonly string[]).includes(type) && sku) return { kind: 'inventory', sku };
  if (type === 'Link SKU' && sku) return { kind: 'link', sku };
  return { kind: 'chain', root: chainRoot(db, id) };
}

/** A key that is equal for runs of the same thing (one re-run per thing in a command). */
export function thingKey(thing: Thing): string {
  switch (thing.kind) {
    case 'order':
      return `${thing.type}|${thing.orderRef}`;
    case 'inventory':
      return `inventory|${thing.sku}`;
    case 'link':
      return `link|${thing.sku}`;
    case 'chain':
      return `chain|${thing.root}`;
  }
}

const RERUN_OF = 'SELECT rerun_of FROM transactions WHERE id = ?';

/** The first run of a re-run chain. */
export function chainRoot(db: Snapshot, id: number): number {
  let root = id;
  for (let i = 0; i < 1000; i++) {
    const up = db.value<number | null>(RERUN_OF, [root]);
    if (up === null || up === undefined || up === root) break;
    root = up;
  }
  return root;
}

// A unary + keeps SQLite on the order's or SKU's few rows instead of an index on a column
// shared by tens of thousands (type, resolved).
const OPEN_ORDER_RUNS = 'SELECT id FROM transactions WHERE order_ref = ? AND +type = ? AND +resolved = 0 AND id < ?';
const OPEN_INVENTORY_RUNS = `SELECT id FROM transactions WHERE sku = ? AND +type IN ('Inventory Sync', 'Inventory Update') AND +resolved = 0 AND id < ?`;
const OPEN_LINK_RUNS = `SELECT id FROM transactions WHERE id IN (SELECT transaction_id FROM errors WHERE sku = ? AND transaction_id < ?)
  AND +type = 'Link SKU' AND +resolved = 0`;
const CHAIN = `WITH RECURSIVE chain(id) AS (SELECT ? UNION SELECT t.id FROM transactions t JOIN chain c ON t.rerun_of = c.id)
  SELECT t.id FROM transactions t JOIN chain c ON c.id = t.id WHERE t.resolved = 0 AND t.id < ?`;
const CLOSE_RUN = 'UPDATE transactions SET resolved = 1, superseded_by = ? WHERE id = ?';
const CLOSE_ERRORS = 'UPDATE errors SET resolved = 1, superseded_by = ? WHERE transaction_id = ? AND +resolved = 0';
const CLOSE_INVENTORY_ROWS = 'UPDATE inventory_log SET resolved = 1 WHERE transaction_id = ? AND +resolved = 0';
// Errors an order's earlier runs left open although the run itself was closed (a producer's rows).
const CLOSE_ORDER_ERRORS = `UPDATE errors SET resolved = 1, superseded_by = ? WHERE +resolved = 0 AND transaction_id IN
  (SELECT id FROM transactions WHERE order_ref = ? AND +type = ? AND id < ?)`;

/** Closes the earlier open runs of the thing as superseded by `transactionId`; returns how many. */
export function closeEarlierRuns(db: Snapshot, thing: Thing, transactionId: number): number {
  let open: { id: number }[];
  switch (thing.kind) {
    case 'order':
      open = db.all<{ id: number }>(OPEN_ORDER_RUNS, [thing.orderRef, thing.type, transactionId]);
      break;
    case 'inventory':
      open = db.all<{ id: number }>(OPEN_INVENTORY_RUNS, [thing.sku, transactionId]);
      break;
    case 'link':
      open = db.all<{ id: number }>(OPEN_LINK_RUNS, [thing.sku, transactionId]);
      break;
    case 'chain':
      open = thing.root === transactionId ? [] : db.all<{ id: number }>(CHAIN, [thing.root, transactionId]);
      break;
  }
  for (const { id } of open) {
    db.run(CLOSE_RUN, [transactionId, id]);
    db.run(CLOSE_ERRORS, [transactionId, id]);
    db.run(CLOSE_INVENTORY_ROWS, [id]);
  }
  if (thing.kind === 'order' && open.length > 0)
    db.run(CLOSE_ORDER_ERRORS, [transactionId, thing.orderRef, thing.type, transactionId]);
  return open.length;
}

const LATEST_ORDER_RUN = 'SELECT max(id) FROM transactions WHERE order_ref = ? AND +type = ?';
const LATEST_INVENTORY_RUN = `SELECT max(id) FROM transactions WHERE sku = ? AND +type IN ('Inventory Sync', 'Inventory Update')`;
const LATEST_LINK_RUN = `SELECT max(id) FROM transactions WHERE sku = ? AND +type = 'Link SKU'`;
const LATEST_IN_CHAIN = `WITH RECURSIVE chain(id) AS (SELECT ? UNION SELECT t.id FROM transactions t JOIN chain c ON t.rerun_of = c.id)
  SELECT max(id) FROM chain`;

/** The newest run of the thing: its errors are the current ones. */
export function latestRunOf(db: Snapshot, thing: Thing): number | undefined {
  const v = (() => {
    switch (thing.kind) {
      case 'order':
        return db.value<number | null>(LATEST_ORDER_RUN, [thing.orderRef, thing.type]);
      case 'inventory':
        return db.value<number | null>(LATEST_INVENTORY_RUN, [thing.sku]);
      case 'link':
        return db.value<number | null>(LATEST_LINK_RUN, [thing.sku]);
      case 'chain':
        return db.value<number | null>(LATEST_IN_CHAIN, [thing.root]);
    }
  })();
  return v === null || v === undefined ? undefined : Number(v);
}

/** Whether the transaction is the newest run of what it runs (a later run has not taken its place). */
export function isCurrentRun(db: Snapshot, transactionId: number): boolean {
  const t = db.get<{ type: TransactionType; order_ref: string | null; sku: string | null }>(
    'SELECT type, order_ref, sku FROM transactions WHERE id = ?',
    [transactionId],
  );
  if (!t) return false;
  return latestRunOf(db, thingOf(db, t.type, t.order_ref, t.sku, transactionId)) === transactionId;
}

const DERIVE_ORDER = `UPDATE orders SET resolved = (status IN ('Dropped', 'Skipped') AND NOT EXISTS
    (SELECT 1 FROM errors e WHERE e.order_ref = orders.order_ref AND e.resolved = 0 AND e.severity = 'error')), updated_at = ?
  WHERE order_ref = ?`;

/**
 * An order is resolved only when nothing is left to do in any of its runs:
 * dropped or skipped, and no open error of its import or its shipment
 * confirmation. Recomputed after each run that concerns it.
 */
export function deriveOrderResolved(db: Snapshot, orderRef: string, now: string): void {
  db.run(DERIVE_ORDER, [now, orderRef]);
}
