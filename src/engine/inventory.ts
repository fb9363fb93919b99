/** Inventory Sync / Inventory Update (Xoro to Amazon): send an Amazon SKU's available quantity. */
import type { Snapshot } from '../db/index.js';
import { INVALID_INPUT, TRANSIENT_TEXT, identicalFeed, negativeQuantity } from './messages.js';
import { inTransaction, isNonEmpty, record, runClock } from './run-record.js';
import { readSettings } from './app-settings.js';
import type { InventoryPayload, RunError, RunOptions, RunResult, TxStatus } from './domain.js';

export type InventoryType = 'Inventory Sync' | 'Inventory Update';

// Scalar subqueries, not joins: in sql.js a join costs several times more per execution.
// active is NOT NULL in items, so a null active means the linked item does not exist.
const READ_LINKED_STOCK = `SELECT item_sku AS linked_item,
    (SELECT active FROM items i WHERE i.sku = k.item_sku) AS active,
    (SELECT on_hand - committed FROM stock s WHERE s.item_sku = k.item_sku AND s.store = ?1) AS available,
    (SELECT CASE WHEN typeof(on_hand) = 'integer' AND typeof(committed) = 'integer' THEN NULL ELSE quote(on_hand) || ' on hand, ' || quote(committed) || ' committed' END
       FROM stock s WHERE s.item_sku = k.item_sku AND s.store = ?1) AS unreadable
  FROM sku_links k WHERE amazon_sku = ?2`;
// Both inventory types send the same quantity, so each one's history is the other's too.
const PREVIOUS_INVENTORY_RUN = `SELECT status,
    (SELECT json_array(qty_before, qty_after) FROM inventory_log l WHERE l.transaction_id = t.id) AS quantities
  FROM transactions t WHERE sku = ? AND +type IN ('Inventory Sync', 'Inventory Update') AND +status <> 'Pending' ORDER BY id DESC LIMIT 1`;
const INSERT_INVENTORY_LOG = `INSERT INTO inventory_log(transaction_id, sku, store, qty_before, qty_after, reason, adjusted_at, status, resolved)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`;
const INSERT_OUTBOX = 'INSERT INTO outbox(created_at, feed_type, payload, transaction_id) VALUES (?, ?, ?, ?)';

interface LinkedStock {
  linked_item: string;
  active: number | null;
  /** on_hand - committed in the ship store; null without a stock row. */
  available: number | null;
  /** The stock row's values when they are not whole numbers (SQLite would count text as 0). */
  unreadable: string | null;
}

export function runInventory(db: Snapshot, type: InventoryType, input: InventoryPayload, opts?: RunOptions): RunResult {
  return inTransaction(db, () => sendQuantity(db, type, input, opts));
}

/** What the rule decides for a SKU from the data as it is now, before anything is written. */
export interface InventoryVerdict {
  status: TxStatus;
  step: string;
  outcome: string;
  error?: RunError;
  /** The available quantity, when the SKU resolves to stock. */
  quantity: number | null;
  /** The quantity Amazon last accepted for the SKU, or null. */
  lastSent: number | null;
  store: string | null;
}

/**
 * The quantity Amazon last accepted for the SKU. Each run logs the quantity last sent as
 * qty_before, so a failed previous run still tells it without a search.
 */
function lastSentQuantity(db: Snapshot, sku: string): number | null {
  const row = db.get<{ status: string; quantities: string | null }>(PREVIOUS_INVENTORY_RUN, [sku]);
  if (row === undefined || row.quantities === null) return null;
  const [before, after] = JSON.parse(row.quantities) as [number | null, number | null];
  return row.status === 'Success' ? after : before;
}

/** Reads only: what a run for the SKU would do now (the dry run behind "would pass now"). */
export function assessInventory(db: Snapshot, sku: string, fault?: RunOptions['fault']): InventoryVerdict {
  const store = readSettings(db).shipStore;
  const lastSent = lastSentQuantity(db, sku);
  const link = db.get<LinkedStock>(READ_LINKED_STOCK, [store, sku]);
  const verdict = (v: Omit<InventoryVerdict, 'lastSent' | 'store'>): InventoryVerdict => ({ ...v, lastSent, store });
  const error = (step: string, code: RunError['code'], message: string, quantity: number | null): InventoryVerdict =>
    verdict({ status: 'Error', step, outcome: message, quantity, error: { code, message, severity: 'error' } });
  if (!link) return error('Resolve SKU', 'LNK_NO_ASIN', `Amazon SKU ${sku} is not linked to an ERP item`, null);
  if (link.active === null) {
    return error(
      'Resolve SKU',
      'LNK_NO_ASIN',
      `Amazon SKU ${sku} is linked to ERP item ${link.linked_item}, which does not exist`,
      null,
    );
  }
  if (link.unreadable !== null) {
    return error(
      'Read stock',
      'INV_PARSE',
      `4002001: Item 'Feed' cannot be parsed. (stock of ${link.linked_item} in ${store}: ${link.unreadable})`,
      null,
    );
  }
  // No stock row in the ship store means nothing there to sell.
  const quantity = link.available ?? 0;
  if (link.active === 0)
    return error('Resolve SKU', 'INV_ITEM_INACTIVE', `linked item ${link.linked_item} is inactive`, quantity);
  if (quantity < 0) return error('Validate quantity', 'INV_NEGATIVE_QTY', negativeQuantity(quantity), quantity);
  if (quantity === lastSent) {
    const message = identicalFeed(quantity);
    return verdict({
      status: 'Success',
      step: 'Compare',
      outcome: `quantity ${quantity} identical to the last feed; not sent`,
      quantity,
      error: { code: 'INV_SKIPPED_IDENTICAL', message, severity: 'info' },
    });
  }
  if (fault) return error('Send feed to Amazon', fault, TRANSIENT_TEXT[fault], quantity);
  return verdict({ status: 'Success', step: 'Send feed', outcome: `quantity ${quantity} sent to Amazon`, quantity });
}

function sendQuantity(
  db: Snapshot,
  type: InventoryType,
  input: InventoryPayload,
  opts: RunOptions | undefined,
): RunResult {
  const now = runClock(opts);
  const sku = input?.sku;
  const reason = isNonEmpty(input?.reason)
    ? input.reason
    : type === 'Inventory Sync'
      ? 'Scheduled sync'
      : 'Stock adjustment';
  const payload = { ...input, sku, reason };
  if (!isNonEmpty(sku)) {
    return record(
      db,
      {
        type,
        orderRef: null,
        sku: null,
        payload,
        status: 'Error',
        step: 'Read input',
        outcome: 'no Amazon SKU given',
        errors: [{ code: 'API_INVALID_INPUT', severity: 'error', message: `${INVALID_INPUT} (no sku)` }],
      },
      opts,
      now,
    );
  }
  const verdict = assessInventory(db, sku, opts?.fault);
  const result = record(
    db,
    {
      type,
      orderRef: null,
      sku,
      payload,
      status: verdict.status,
      step: verdict.step,
      outcome: verdict.outcome,
      errors: verdict.error ? [verdict.error] : [],
    },
    opts,
    now,
  );
  const resolved = verdict.status === 'Success' ? 1 : 0;
  db.run(INSERT_INVENTORY_LOG, [
    result.transactionId,
    sku,
    verdict.store,
    verdict.lastSent,
    verdict.quantity,
    reason,
    now,
    verdict.status,
    resolved,
  ]);
  if (verdict.status === 'Success' && verdict.error === undefined && verdict.quantity !== null) {
    db.run(INSERT_OUTBOX, [
      now,
      'JSON_LISTINGS_FEED',
      JSON.stringify(listingsFeedMessage(sku, verdict.quantity)),
      result.transactionId,
    ]);
  }
  return result;
}

/** One message of Amazon's JSON_LISTINGS_FEED that sets the quantity for the SKU. */
function listingsFeedMessage(sku: string, quantity: number) {
  return {
    sku,
    operationType: 'PATCH',
    productType: 'PRODUCT',
    patches: [
      {
        op: 'replace',
        path: '/attributes/fulfillment_availability',
        value: [{ fulfillment_channel_code: 'DEFAULT', quantity }],
      },
    ],
  };
}
