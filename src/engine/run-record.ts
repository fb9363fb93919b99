/** What every run shares: the clock, the settings, and writing the transaction with its errors. */
import type { Snapshot } from '../db/index.js';
import { closeEarlierRuns, deriveOrderResolved, thingOf } from './supersede.js';
import type { Direction, EntityType, RunError, RunOptions, RunResult, TransactionType, TxStatus } from './domain.js';

/** ISO-8601 UTC without milliseconds, e.g. 2026-11-27T08:49:23Z: when the run starts. */
export function runClock(opts: { now?: string } | undefined): string {
  return opts?.now ?? new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
}

const KIND: Record<TransactionType, { entity: EntityType; direction: Direction; key: 'order_ref' | 'sku' }> = {
  'Order Import': { entity: 'Order', direction: 'Amazon to Xoro', key: 'order_ref' },
  'Inventory Sync': { entity: 'Inventory', direction: 'Xoro to Amazon', key: 'sku' },
  'Inventory Update': { entity: 'Inventory', direction: 'Xoro to Amazon', key: 'sku' },
  'Fulfillment Update': { entity: 'Fulfillment', direction: 'Xoro to Amazon', key: 'order_ref' },
  'Link SKU': { entity: 'SKU', direction: 'Xoro to Amazon', key: 'sku' },
};

export interface Outcome {
  type: TransactionType;
  orderRef: string | null;
  sku: string | null;
  payload: unknown;
  status: TxStatus;
  /** The step reached: "Drop". */
  step: string;
  /** Its outcome: "dropped as SO-000123". */
  outcome: string;
  errors: RunError[];
  documentNumber?: string;
}

const INSERT_TRANSACTION = `INSERT INTO transactions(type, entity_type, direction, order_ref, sku, import_date, start_date, end_date,
  status, resolved, sync_type, message, payload, rerun_of) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;
// A queued run keeps its own import date and its payload (the input as it was received).
const FILL_QUEUED = `UPDATE transactions SET order_ref = coalesce(order_ref, ?), sku = coalesce(sku, ?), start_date = ?, end_date = ?,
  status = ?, resolved = ?, sync_type = ?, message = ? WHERE id = ?`;
const INSERT_ERROR = `INSERT INTO errors(transaction_id, order_ref, sku, code, message, created_at, resolved, severity)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?)`;

/**
 * Writes the run's transactions row (or fills in the queued one) and one errors row per
 * failure (info rows are born resolved: they report, they ask nothing); then closes the
 * earlier open runs of the same thing as superseded by this one, and for an order's runs
 * derives whether the order has anything left to do. `now` is when the run started.
 */
export function record(db: Snapshot, out: Outcome, opts: RunOptions | undefined, now: string): RunResult {
  const kind = KIND[out.type];
  const message = `${out.step}: ${out.outcome}`;
  const resolved = out.status === 'Success' ? 1 : 0;
  const ended = opts?.endedAt ?? (opts?.now !== undefined ? now : runClock(undefined));
  const syncType = opts?.syncType ?? 'Auto';
  let transactionId: number;
  if (opts?.queued !== undefined) {
    transactionId = opts.queued;
    db.run(FILL_QUEUED, [out.orderRef, out.sku, now, ended, out.status, resolved, syncType, message, transactionId]);
  } else {
    transactionId = db.insert(INSERT_TRANSACTION, [
      out.type,
      kind.entity,
      kind.direction,
      out.orderRef,
      out.sku,
      opts?.queuedAt ?? now,
      now,
      ended,
      out.status,
      resolved,
      syncType,
      message,
      JSON.stringify(out.payload),
      opts?.rerunOf ?? null,
    ]);
  }
  const errors = out.errors.map((e) => ({
    ...e,
    orderRef: e.orderRef ?? out.orderRef ?? undefined,
    sku: e.sku ?? out.sku ?? undefined,
  }));
  for (const e of errors) {
    db.run(INSERT_ERROR, [
      transactionId,
      e.orderRef ?? null,
      e.sku ?? null,
      e.code,
      e.message,
      ended,
      e.severity === 'info' ? 1 : 0,
      e.severity,
    ]);
  }
  closeEarlierRuns(db, thingOf(db, out.type, out.orderRef, out.sku, opts?.rerunOf ?? transactionId), transactionId);
  if (kind.key === 'order_ref' && out.orderRef !== null) deriveOrderResolved(db, out.orderRef, ended);
  const result: RunResult = { transactionId, type: out.type, status: out.status, message, errors };
  if (out.documentNumber !== undefined) result.documentNumber = out.documentNumber;
  return result;
}

/** Runs a rule inside one database transaction (a savepoint when the caller has one open). */
export function inTransaction(db: Snapshot, rule: () => RunResult): RunResult {
  db.assertWritable();
  return db.transaction(rule);
}

export function isNonEmpty(v: unknown): v is string {
  return typeof v === 'string' && v.trim() !== '';
}
