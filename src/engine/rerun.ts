/** Re-run: a new, manual run of a stored transaction through the same rule. */
import type { Snapshot } from '../db/index.js';
import { runFulfillment } from './fulfillment.js';
import { runInventory } from './inventory.js';
import { runLinkSku } from './link-sku.js';
import { runOrderImport } from './order-import.js';
import { inTransaction } from './run.js';
import type { InventoryPayload, LinkSkuPayload, RunOptions, RunResult } from './types.js';

const READ_TRANSACTION = 'SELECT type, order_ref, sku, payload FROM transactions WHERE id = ?';

interface StoredTransaction {
  type: string;
  order_ref: string | null;
  sku: string | null;
  payload: string | null;
}

/**
 * Re-runs a transaction through the same rule, from its stored type + payload, as a new
 * 'Manual' row with rerun_of = id. Order imports and fulfillments read the order again, so a
 * fix made since (a new SKU link, a shipment) takes effect. A stored payload that lacks what
 * the rule needs becomes a failed run (API_INVALID_INPUT), never a guess.
 */
export function rerunTransaction(db: Snapshot, transactionId: number, opts?: { now?: string }): RunResult {
  return inTransaction(db, () => {
    const tx = db.get<StoredTransaction>(READ_TRANSACTION, [transactionId]);
    if (!tx) throw new Error(`no transaction ${transactionId}`);
    const run: RunOptions = { syncType: 'Manual', rerunOf: transactionId };
    if (opts?.now !== undefined) run.now = opts.now;
    const payload = parsePayload(tx.payload);
    switch (tx.type) {
      case 'Order Import':
        return runOrderImport(db, text(payload.AmazonOrderId) ?? tx.order_ref ?? '', run);
      case 'Fulfillment Update':
        return runFulfillment(db, text(payload.order_ref) ?? tx.order_ref ?? '', run);
      case 'Inventory Sync':
      case 'Inventory Update': {
        const input: InventoryPayload = { sku: text(payload.sku) ?? tx.sku ?? '' };
        const reason = text(payload.reason);
        if (reason !== undefined) input.reason = reason;
        return runInventory(db, tx.type, input, run);
      }
      case 'Link SKU': {
        const input: LinkSkuPayload = { amazon_sku: text(payload.amazon_sku) ?? tx.sku ?? '', item_sku: text(payload.item_sku) ?? '' };
        const asin = text(payload.asin);
        if (asin !== undefined) input.asin = asin;
        return runLinkSku(db, input, run);
      }
      default:
        throw new Error(`transaction ${transactionId} has type '${tx.type}', which no rule runs`);
    }
  });
}

function parsePayload(json: string | null): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(json ?? '{}');
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

function text(v: unknown): string | undefined {
  return typeof v === 'string' && v.trim() !== '' ? v : undefined;
}
