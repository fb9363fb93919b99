/** Queued runs: what an import or a producer hands to the schedule (`process`), not yet processed. */
import type { Snapshot } from '../db/index.js';
import type { TransactionType } from './domain.js';

const ENTITY: Record<TransactionType, [entity: string, direction: string]> = {
  'Order Import': ['Order', 'Amazon to Xoro'],
  'Inventory Sync': ['Inventory', 'Xoro to Amazon'],
  'Inventory Update': ['Inventory', 'Xoro to Amazon'],
  'Fulfillment Update': ['Fulfillment', 'Xoro to Amazon'],
  'Link SKU': ['SKU', 'Xoro to Amazon'],
};

const INSERT_QUEUED = `INSERT INTO transactions(type, entity_type, direction, order_ref, sku, import_date, start_date, end_date, status, resolved,
  sync_type, message, payload) VALUES (?, ?, ?, ?, ?, ?, NULL, NULL, 'Pending', 0, 'Auto', ?, ?)`;

/**
 * Writes a queued run: status Pending and no start date, which the schedule processes in
 * its own row. `payload` is the input as received (the Amazon order, the feed item).
 */
export function queueRun(
  db: Snapshot,
  run: { type: TransactionType; orderRef?: string; sku?: string; payload: unknown; at: string; message: string },
): number {
  const [entity, direction] = ENTITY[run.type];
  return db.insert(INSERT_QUEUED, [
    run.type,
    entity,
    direction,
    run.orderRef ?? null,
    run.sku ?? null,
    run.at,
    run.message,
    JSON.stringify(run.payload),
  ]);
}
