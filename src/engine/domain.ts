/** Domain types shared by the engine, the triage layer and the demo generator. */

export const TRANSACTION_TYPES = [
  'Order Import',
  'Inventory Sync',
  'Inventory Update',
  'Fulfillment Update',
  'Link SKU',
] as const;
export type TransactionType = (typeof TRANSACTION_TYPES)[number];

export type EntityType = 'Order' | 'Inventory' | 'Fulfillment' | 'SKU';
export type Direction = 'Amazon to Xoro' | 'Xoro to Amazon';
export type TxStatus = (typeof TX_STATUSES)[number];
export const ORDER_STATUSES = ['Pending', 'Dropped', 'Error', 'Skipped'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];
export const TX_STATUSES = ['Pending', 'Success', 'Error'] as const;
export type SyncType = 'Auto' | 'Manual';
export type Severity = 'error' | 'warning' | 'info';

/** Codes of domain.md's error catalogue. */
export const ERROR_CODES = [
  'API_QUOTA',
  'API_UNAUTHORIZED',
  'API_TOKEN',
  'API_INVALID_INPUT',
  'NET_TIMEOUT',
  'ORD_SKU_NOT_FOUND',
  'ORD_SKU_UNLINKED',
  'ORD_SKU_INACTIVE',
  'ORD_NO_STOCK',
  'ORD_SHIP_SERVICE_UNMAPPED',
  'ORD_ADDRESS_MISSING',
  'ORD_STILL_PENDING',
  'ORD_DUPLICATE',
  'ORD_ACCOUNT_NOT_FOUND',
  'INV_NEGATIVE_QTY',
  'INV_PARSE',
  'INV_REQUIRED_ATTRIBUTE',
  'INV_SKIPPED_IDENTICAL',
  'INV_FEED_FATAL',
  'INV_ITEM_INACTIVE', // ours, not Amazon's: the SKU's linked ERP item is inactive, so no quantity is sent
  'FUL_BAD_ORDER_ID',
  'FUL_TRACKING_FORMAT',
  'FUL_MISSING_FIELD',
  'FUL_INTERNAL',
  'FUL_DUPLICATE', // ours: the shipment was already confirmed to Amazon, so nothing is sent again (info)
  'LNK_NO_ASIN',
  'LNK_ASIN_CONFLICT',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** Failures of the link to Amazon that a plain re-run clears. */
export const TRANSIENT_CODES = ['API_QUOTA', 'NET_TIMEOUT', 'FUL_INTERNAL'] as const;
export type TransientCode = (typeof TRANSIENT_CODES)[number];

/** Stored in transactions.payload, per type. */
export interface OrderImportPayload {
  AmazonOrderId: string;
  [field: string]: unknown; // the rest of the order as Amazon sent it
}
export interface InventoryPayload {
  sku: string; // Amazon SKU
  reason?: string; // 'Scheduled sync', 'Adjustment: cycle count', ...
}
export interface FulfillmentPayload {
  order_ref: string;
  /** The shipment a successful run confirmed: which one is never sent again. */
  carrier_code?: string;
  tracking_number?: string;
}
export interface LinkSkuPayload {
  amazon_sku: string;
  item_sku: string;
  asin?: string;
  /** Replace an existing link to another item (Relink SKU); without it, a link to another item is a conflict. */
  relink?: boolean;
}

export interface RunOptions {
  /** 'Auto' for scheduled runs (default), 'Manual' for a user's re-run. */
  syncType?: SyncType;
  /** The transaction this run re-runs. */
  rerunOf?: number;
  /**
   * When the run starts (ISO-8601 UTC); defaults to the real time. Given, it is also when
   * the run ends unless `endedAt` says otherwise. The demo passes a synthetic clock.
   */
  now?: string;
  /** When the run ended (the demo's processing times); defaults to the clock at the end of the run. */
  endedAt?: string;
  /** When the run was queued (import_date); defaults to when it starts. */
  queuedAt?: string;
  /** A queued run (status Pending, no start date) that this run processes: its row is filled in, not a new one written. */
  queued?: number;
  /**
   * Simulates a transient failure of the link to Amazon at the transport step,
   * as snapshots record them (the demo uses it; a re-run never passes it).
   */
  fault?: TransientCode;
}

export interface RunError {
  code: ErrorCode;
  message: string;
  severity: Severity;
  orderRef?: string;
  sku?: string;
}

export interface RunResult {
  transactionId: number;
  type: TransactionType;
  status: TxStatus;
  /** The step reached and its outcome, as stored in transactions.message. */
  message: string;
  /** One per errors row written by this run (info and warning rows included). */
  errors: RunError[];
  /** Number of the ERP document an order import created (SO-000123 / INV-000123). */
  documentNumber?: string;
}
