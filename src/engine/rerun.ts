/** Re-run: a new, manual run of a stored transaction through the same rule. */
import type { Snapshot } from '../db/index.js';
import { runFulfillment } from './fulfillment.js';
import { type InventoryType, runInventory } from './inventory.js';
import { runLinkSku } from './link-sku.js';
import { runOrderImport } from './order-import.js';
import { inTransaction } from './run-record.js';
import type { InventoryPayload, LinkSkuPayload, RunOptions, RunResult } from './domain.js';

const READ_TRANSACTION = 'SELECT type, order_ref, sku, payload, status, start_date FROM transactions WHERE id = ?';

interface StoredTransaction {
  type: string;
  order_ref: string | null;
  sku: string | null;
  payload: string | null;
  status: string;
  start_date: string | null;
}

/** A stored transaction's input, as its rule takes it. */
export type StoredRun =
  | { type: 'Order Import' | 'Fulfillment Update'; orderRef: string; queued: boolean }
  | { type: InventoryType; input: InventoryPayload; queued: boolean }
  | { type: 'Link SKU'; input: LinkSkuPayload; queued: boolean };

/**
 * What the transaction ran on, from its type and payload (its order or SKU columns when
 * the payload lacks them). Order imports and fulfillments read the order again when run,
 * so a fix made since (a new SKU link, a shipment) takes effect.
 */
export function storedRun(db: Snapshot, transactionId: number): StoredRun {
  const tx = db.get<StoredTransaction>(READ_TRANSACTION, [transactionId]);
  if (!tx) throw new Error(`no transaction ${transactionId}`);
  const payload = parsePayload(tx.payload);
  // Queued by an import or a producer, never processed: running it fills the row in.
  const queued = tx.status === 'Pending' && tx.start_date === null;
  switch (tx.type) {
    case 'Order Import':
      return { type: tx.type, orderRef: text(payload.AmazonOrderId) ?? tx.order_ref ?? '', queued };
    case 'Fulfillment Update':
      return { type: tx.type, orderRef: text(payload.order_ref) ?? tx.order_ref ?? '', queued };
    case 'Inventory Sync':
    case 'Inventory Update': {
      const input: InventoryPayload = { sku: text(payload.sku) ?? tx.sku ?? '' };
      const reason = text(payload.reason);
      if (reason !== undefined) input.reason = reason;
      return { type: tx.type, input, queued };
    }
    case 'Link SKU': {
      const input: LinkSkuPayload = {
        amazon_sku: text(payload.amazon_sku) ?? tx.sku ?? '',
        item_sku: text(payload.item_sku) ?? '',
      };
      const asin = text(payload.asin);
      if (asin !== undefined) input.asin = asin;
      return { type: tx.type, input, queued };
    }
    default:
      throw new Error(`transaction ${transactionId} has type '${tx.type}', which no rule runs`);
  }
}

/** Runs a stored input through its rule with these options. */
export function runStored(db: Snapshot, stored: StoredRun, run: RunOptions): RunResult {
  switch (stored.type) {
    case 'Order Import':
      return runOrderImport(db, stored.orderRef, run);
    case 'Fulfillment Update':
      return runFulfillment(db, stored.orderRef, run);
    case 'Inventory Sync':
    case 'Inventory Update':
      return runInventory(db, stored.type, stored.input, run);
    case 'Link SKU':
      return runLinkSku(db, stored.input, run);
  }
}

/**
 * Re-runs a transaction through the same rule, from its stored type + payload, as a new
 * 'Manual' row with rerun_of = id. A queued run (never processed) is processed in its own
 * row instead. A stored payload that lacks what the rule needs becomes a failed run
 * (API_INVALID_INPUT), never a guess.
 */
export function rerunTransaction(
  db: Snapshot,
  transactionId: number,
  opts?: { now?: string; syncType?: RunOptions['syncType'] },
): RunResult {
  return inTransaction(db, () => {
    const stored = storedRun(db, transactionId);
    const run: RunOptions = stored.queued
      ? { syncType: opts?.syncType ?? 'Manual', queued: transactionId }
      : { syncType: opts?.syncType ?? 'Manual', rerunOf: transactionId };
    if (opts?.now !== undefined) run.now = opts.now;
    return runStored(db, stored, run);
  });
}

function parsePayload(json: string | null): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(json ?? '{}');
    return value !== null && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : {};
  } catch {
    return {};
  }
}

function text(v: unknown): string | undefined {
  return typeof v === 'string' && v.trim() !== '' ? v : undefined;
}
