/**
 * What a success settles: the earlier open runs of the same kind for the same order or SKU,
 * with their errors ("errors with the same key auto-resolve when the record later succeeds"),
 * and for inventory the Inventory tab rows of those runs.
 *
 * Costs are kept flat however long the history grows (a SKU is synced every hour): an order
 * has a handful of runs, so all are looked at; inventory runs are found from the latest earlier
 * success on (every success settled what came before it); link runs through their errors.
 * In sql.js a backwards index step costs several times a forwards one, so there is at most
 * one per run on the common path.
 */
import type { Snapshot } from '../db/index.js';
import type { TransactionType } from './types.js';

// A unary + keeps SQLite from choosing an index on a low-selectivity column (type, status,
// resolved: tens of thousands of rows each) over the few rows of the order or SKU.
const OPEN_FOR_ORDER = `SELECT EXISTS (SELECT 1 FROM transactions WHERE order_ref = ? AND +type = ? AND +resolved = 0 AND id < ?)
  OR EXISTS (SELECT 1 FROM errors WHERE order_ref = ? AND +resolved = 0 AND transaction_id < ?)`;
const SETTLE_ERRORS_FOR_ORDER = `UPDATE errors SET resolved = 1 WHERE +resolved = 0 AND transaction_id IN
  (SELECT id FROM transactions WHERE order_ref = ? AND +type = ? AND id < ?)`;
const SETTLE_RUNS_FOR_ORDER = 'UPDATE transactions SET resolved = 1 WHERE order_ref = ? AND +type = ? AND +resolved = 0 AND id < ?';

/** Settles every earlier open run of this type for the order, and their errors. */
export function settleOrderRuns(db: Snapshot, type: TransactionType, orderRef: string, transactionId: number): void {
  if (!db.value(OPEN_FOR_ORDER, [orderRef, type, transactionId, orderRef, transactionId])) return;
  db.run(SETTLE_ERRORS_FOR_ORDER, [orderRef, type, transactionId]);
  db.run(SETTLE_RUNS_FOR_ORDER, [orderRef, type, transactionId]);
}

// Both inventory types send the same quantity, so they settle each other.
const PREVIOUS_INVENTORY_RUN = `SELECT id, status, resolved,
    (SELECT json_array(qty_before, qty_after) FROM inventory_log l WHERE l.transaction_id = t.id) AS quantities
  FROM transactions t WHERE sku = ? AND +type IN ('Inventory Sync', 'Inventory Update') ORDER BY id DESC LIMIT 1`;
const LAST_INVENTORY_SUCCESS = `SELECT id FROM transactions
  WHERE sku = ? AND +type IN ('Inventory Sync', 'Inventory Update') AND +status = 'Success' AND id < ? ORDER BY id DESC LIMIT 1`;
const SETTLE_INVENTORY_ERRORS = `UPDATE errors SET resolved = 1 WHERE +resolved = 0 AND transaction_id IN
  (SELECT id FROM transactions WHERE sku = ? AND +type IN ('Inventory Sync', 'Inventory Update') AND id >= ? AND id < ?)`;
const SETTLE_INVENTORY_LOG = `UPDATE inventory_log SET resolved = 1 WHERE +resolved = 0 AND transaction_id IN
  (SELECT id FROM transactions WHERE sku = ? AND +type IN ('Inventory Sync', 'Inventory Update') AND id >= ? AND id < ?)`;
const SETTLE_INVENTORY_RUNS = `UPDATE transactions SET resolved = 1
  WHERE sku = ? AND +type IN ('Inventory Sync', 'Inventory Update') AND +resolved = 0 AND id >= ? AND id < ?`;

export interface PreviousInventoryRun {
  id: number;
  status: string;
  resolved: number;
}

export interface InventoryHistory {
  previous: PreviousInventoryRun | undefined;
  /** The quantity Amazon last accepted for the SKU, or null. */
  lastSent: number | null;
}

/**
 * The SKU's previous inventory run, read before this run writes its own. Each run logs the
 * quantity last sent as qty_before, so a failed previous run still tells it without a search.
 */
export function inventoryHistory(db: Snapshot, sku: string): InventoryHistory {
  const row = db.get<PreviousInventoryRun & { quantities: string | null }>(PREVIOUS_INVENTORY_RUN, [sku]);
  if (row === undefined) return { previous: undefined, lastSent: null };
  const [before, after] = row.quantities === null ? [null, null] : (JSON.parse(row.quantities) as [number | null, number | null]);
  return { previous: { id: row.id, status: row.status, resolved: row.resolved }, lastSent: row.status === 'Success' ? after : before };
}

/** Settles the SKU's inventory runs since its latest earlier success (usually none is open). */
export function settleInventoryRuns(db: Snapshot, sku: string, previous: PreviousInventoryRun | undefined, transactionId: number): void {
  if (previous === undefined || (previous.status === 'Success' && previous.resolved === 1)) return;
  const since = db.value<number>(LAST_INVENTORY_SUCCESS, [sku, transactionId]) ?? 0;
  const range = [sku, since, transactionId];
  db.run(SETTLE_INVENTORY_ERRORS, range);
  db.run(SETTLE_INVENTORY_LOG, range);
  db.run(SETTLE_INVENTORY_RUNS, range);
}

// A SKU's transactions are mostly inventory runs, so link runs are found through the SKU's
// errors (every failed link run wrote one), which stay few.
const SETTLE_LINK_RUNS = `UPDATE transactions SET resolved = 1
  WHERE id IN (SELECT transaction_id FROM errors WHERE sku = ? AND transaction_id < ?) AND +type = 'Link SKU' AND +resolved = 0`;
const SETTLE_LINK_ERRORS = `UPDATE errors SET resolved = 1 WHERE sku = ? AND +resolved = 0 AND transaction_id < ?
  AND (SELECT type FROM transactions t WHERE t.id = errors.transaction_id) = 'Link SKU'`;

/** Settles the earlier failed link runs of the Amazon SKU and their errors. */
export function settleLinkRuns(db: Snapshot, amazonSku: string, transactionId: number): void {
  db.run(SETTLE_LINK_RUNS, [amazonSku, transactionId]);
  db.run(SETTLE_LINK_ERRORS, [amazonSku, transactionId]);
}
