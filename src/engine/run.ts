/** What every run shares: the clock, the settings, and writing the transaction with its errors. */
import type { Snapshot } from '../db/index.js';
import { settleOrderRuns } from './settle.js';
import type { Direction, EntityType, RunError, RunOptions, RunResult, TransactionType, TxStatus } from './types.js';

const READ_SETTINGS = 'SELECT json_group_object(key, value) FROM settings';

export interface Settings {
  dropAs: 'sales_order' | 'invoice';
  dropAsAfn: 'sales_order' | 'invoice';
  shipStore: string | null;
  useDefaultSku: boolean;
  defaultSku: string | null;
  integrationStartDate: string | null;
  sendFulfillments: boolean;
}

/** One query per run (one row: cheaper than a row per key): the settings may change between runs. */
export function readSettings(db: Snapshot): Settings {
  const s = JSON.parse(db.value<string>(READ_SETTINGS) ?? '{}') as Record<string, unknown>;
  const text = (key: string): string | null => {
    const v = s[key];
    const value = v === undefined || v === null ? '' : String(v).trim();
    return value === '' ? null : value;
  };
  return {
    dropAs: text('drop_as') === 'invoice' ? 'invoice' : 'sales_order',
    // Orders fulfilled by Amazon have already shipped, so an invoice is the usual document.
    dropAsAfn: text('drop_as_afn') === 'sales_order' ? 'sales_order' : 'invoice',
    shipStore: text('ship_store'),
    useDefaultSku: text('use_default_sku') === '1',
    defaultSku: text('default_sku'),
    integrationStartDate: text('integration_start_date'),
    sendFulfillments: text('send_fulfillments') !== '0',
  };
}

/** ISO-8601 UTC without milliseconds, e.g. 2026-11-27T08:49:23Z. */
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
  /** For SKU runs: what a success settles, given the new transaction id (see settle.ts). */
  settle?: (transactionId: number) => void;
}

const INSERT_TRANSACTION = `INSERT INTO transactions(type, entity_type, direction, order_ref, sku, import_date, start_date, end_date,
  status, resolved, sync_type, message, payload, rerun_of) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;
const INSERT_ERROR = `INSERT INTO errors(transaction_id, order_ref, sku, code, message, created_at, resolved, severity)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?)`;

/**
 * Writes the run's transactions row and one errors row per failure (info rows are born
 * resolved: they report, they ask nothing), and on success settles the earlier open runs.
 */
export function record(db: Snapshot, out: Outcome, opts: RunOptions | undefined, now: string): RunResult {
  const kind = KIND[out.type];
  const message = `${out.step}: ${out.outcome}`;
  const resolved = out.status === 'Success' ? 1 : 0;
  const transactionId = db.insert(INSERT_TRANSACTION, [
    out.type,
    kind.entity,
    kind.direction,
    out.orderRef,
    out.sku,
    now,
    now,
    now,
    out.status,
    resolved,
    opts?.syncType ?? 'Auto',
    message,
    JSON.stringify(out.payload),
    opts?.rerunOf ?? null,
  ]);
  const errors = out.errors.map((e) => ({ ...e, orderRef: e.orderRef ?? out.orderRef ?? undefined, sku: e.sku ?? out.sku ?? undefined }));
  for (const e of errors) {
    db.run(INSERT_ERROR, [transactionId, e.orderRef ?? null, e.sku ?? null, e.code, e.message, now, e.severity === 'info' ? 1 : 0, e.severity]);
  }
  if (out.status === 'Success') {
    if (kind.key === 'order_ref') {
      if (out.orderRef !== null) settleOrderRuns(db, out.type, out.orderRef, transactionId);
    } else {
      out.settle?.(transactionId);
    }
  }
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
