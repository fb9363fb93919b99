import { ERROR_CODES, ORDER_STATUSES, TRANSACTION_TYPES, TX_STATUSES } from '../engine/domain.js';
import type { TabId, TabSpec } from './triage-types.js';

export const SYNC_TYPES = ['Auto', 'Manual'] as const;
export const ENTITY_TYPES = ['Order', 'Inventory', 'Fulfillment', 'SKU'] as const;
/** The ERP documents an order is dropped as, as the filters name them. */
export const DOCUMENT_KINDS = ['sales order', 'invoice'] as const;

/**
 * The four tabs, as data. Widths are for an 80-column terminal, where the
 * table has a 2-cell selection marker and 1 space between columns; columns
 * with a dropOrder are dropped (highest first) when they do not fit, and
 * `grow` columns take the extra width of a wider terminal.
 */
export const TABS: readonly TabSpec[] = [
  {
    id: 'orders',
    title: 'Orders',
    noun: 'order',
    columns: [
      { key: 'order_ref', header: 'Order#', width: 19 },
      { key: 'purchase_date', header: 'Purchased', width: 14, date: 'day' },
      { key: 'status', header: 'Status', width: 7 },
      { key: 'outcome', header: 'Outcome', width: 17, grow: 1 },
      // The first open error, where space allows (else on the line under the table).
      { key: 'reason', header: 'Reason', width: 30, grow: 4, dropOrder: 1 },
      { key: 'total', header: 'Total', width: 8, align: 'right' },
      { key: 'resolved', header: 'Resolved', width: 8 },
      { key: 'channel', header: 'Chan', width: 4, dropOrder: 2 },
      { key: 'buyer', header: 'Buyer', width: 16, grow: 1, dropOrder: 3 },
    ],
    filters: [
      { key: 'orderRef', label: 'Order#', kind: 'text' },
      { key: 'status', label: 'Status', kind: 'choice', choices: ORDER_STATUSES },
      { key: 'documentKind', label: 'Dropped as', kind: 'choice', choices: DOCUMENT_KINDS },
      { key: 'waitingDays', label: 'Waiting longer than (days)', kind: 'number' },
      { key: 'sku', label: 'SKU#', kind: 'text' },
      { key: 'from', label: 'Purchased from', kind: 'date' },
      { key: 'to', label: 'Purchased to', kind: 'date' },
      { key: 'keyword', label: 'Keyword', kind: 'text' },
    ],
    actions: ['rerun', 'resolve', 'unresolve', 'resolve-rerun', 'process'],
    statuses: ORDER_STATUSES,
  },
  {
    id: 'inventory',
    title: 'Inventory',
    noun: 'inventory row',
    columns: [
      { key: 'adjusted_at', header: 'Date', width: 16, date: 'minute' },
      { key: 'sku', header: 'SKU', width: 13, grow: 1 },
      { key: 'item', header: 'ERP item', width: 12, grow: 1, dropOrder: 1 },
      { key: 'store', header: 'Store', width: 5 },
      { key: 'qty', header: 'Before->After', width: 13 },
      { key: 'reason', header: 'Reason', width: 9, grow: 2 },
      { key: 'status', header: 'Status', width: 7 },
      { key: 'resolved', header: 'Resolved', width: 8 },
      { key: 'transaction_id', header: 'Tx', width: 7, align: 'right', dropOrder: 2 },
    ],
    filters: [
      { key: 'sku', label: 'SKU# / ERP item', kind: 'text' },
      { key: 'status', label: 'Status', kind: 'choice', choices: TX_STATUSES },
      { key: 'from', label: 'Date from', kind: 'date' },
      { key: 'to', label: 'Date to', kind: 'date' },
      { key: 'keyword', label: 'Keyword', kind: 'text' },
    ],
    actions: ['rerun', 'resolve', 'unresolve'],
    statuses: TX_STATUSES,
  },
  {
    id: 'logs',
    title: 'Logs',
    noun: 'transaction',
    // The article's columns (Import Date, Start Date, End Date, Entity Type, Resolved, Sync Type) with ours.
    columns: [
      { key: 'import_date', header: 'Import Date', width: 16, date: 'minute' },
      { key: 'start_date', header: 'Start Date', width: 19, dropOrder: 4, date: 'second' },
      { key: 'end_date', header: 'End Date', width: 19, dropOrder: 4, date: 'second' },
      { key: 'entity_type', header: 'Entity Type', width: 11, dropOrder: 5 },
      { key: 'type', header: 'Type', width: 18 },
      { key: 'ref', header: 'Order ref / SKU', width: 19 },
      { key: 'resolved', header: 'Resolved', width: 8, dropOrder: 2 },
      { key: 'sync_type', header: 'Sync Type', width: 9, dropOrder: 3 },
      { key: 'status', header: 'Status', width: 7 },
      { key: 'message', header: 'Message', width: 14, grow: 1, dropOrder: 1 },
    ],
    filters: [
      { key: 'from', label: 'Export date from', kind: 'date' },
      { key: 'to', label: 'Export date to', kind: 'date' },
      { key: 'type', label: 'Transaction type', kind: 'choice', choices: TRANSACTION_TYPES },
      { key: 'status', label: 'Status', kind: 'choice', choices: TX_STATUSES },
      { key: 'syncType', label: 'Sync Type', kind: 'choice', choices: SYNC_TYPES },
      { key: 'entityType', label: 'Entity Type', kind: 'choice', choices: ENTITY_TYPES },
      { key: 'keyword', label: 'Keyword', kind: 'text' },
      { key: 'orderRef', label: 'Order ref#', kind: 'text' },
      { key: 'sku', label: 'SKU#', kind: 'text' },
    ],
    actions: ['rerun', 'resolve', 'unresolve', 'process'],
    statuses: TX_STATUSES,
  },
  {
    id: 'errors',
    title: 'Errors',
    noun: 'error',
    columns: [
      { key: 'created_at', header: 'Date', width: 16, date: 'minute' },
      // The longest code of the catalogue: codes are never cut.
      { key: 'code', header: 'Code', width: 25 },
      { key: 'message', header: 'Message', width: 10, grow: 1 },
      { key: 'ref', header: 'Order ref / SKU', width: 19 },
      { key: 'resolved', header: 'Resolved', width: 8, dropOrder: 1 },
      { key: 'attempts', header: 'Tries', width: 5, align: 'right', dropOrder: 2 },
      { key: 'transaction_id', header: 'Tx', width: 7, align: 'right', dropOrder: 3 },
      { key: 'severity', header: 'Severity', width: 8, dropOrder: 4 },
    ],
    filters: [
      { key: 'code', label: 'Error code', kind: 'choice', choices: ERROR_CODES, counted: true },
      { key: 'orderRef', label: 'Order ref', kind: 'text' },
      { key: 'sku', label: 'SKU', kind: 'text' },
      { key: 'transactionId', label: 'Transaction id', kind: 'number' },
      { key: 'from', label: 'Date from', kind: 'date' },
      { key: 'to', label: 'Date to', kind: 'date' },
      { key: 'keyword', label: 'Keyword', kind: 'text' },
      { key: 'wouldPass', label: 'Would pass now', kind: 'choice', choices: ['yes'], flag: true },
    ],
    actions: ['rerun', 'resolve', 'unresolve'],
  },
];

export function tabSpec(id: TabId): TabSpec {
  const spec = TABS.find((t) => t.id === id);
  if (!spec) throw new Error(`unknown tab ${id}`);
  return spec;
}

export const ACTION_LABELS = {
  rerun: 'Re-Run',
  resolve: 'Mark as Resolved',
  unresolve: 'Mark as Unresolved',
  'resolve-rerun': 'Resolve and Run Again',
  process: 'Process now',
  'link-sku': 'Link SKU…',
  'relink-sku': 'Relink SKU…',
  'map-ship-service': 'Map ship service…',
} as const;
