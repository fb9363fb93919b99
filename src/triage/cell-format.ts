import type { Row } from '../db/index.js';
import type { DisplayRow, TabId } from './triage-types.js';

/** '2026-11-27T08:49:23Z' -> '2026-11-27 08:49'. */
export function shortDateTime(v: unknown): string {
  if (typeof v !== 'string' || v === '') return '';
  return v.length >= 16 && v[10] === 'T' ? `${v.slice(0, 10)} ${v.slice(11, 16)}` : v;
}

/** '2026-11-27T08:49:23Z' -> '2026-11-27 08:49:23'. */
export function dateTime(v: unknown): string {
  if (typeof v !== 'string' || v === '') return '';
  return v.length >= 19 && v[10] === 'T' ? `${v.slice(0, 10)} ${v.slice(11, 19)}` : v;
}

export function day(v: unknown): string {
  return typeof v === 'string' ? v.slice(0, 10) : '';
}

export function money(v: unknown): string {
  const n = Number(v);
  return Number.isFinite(n) ? n.toFixed(2) : '';
}

export function yesNo(v: unknown): string {
  return Number(v) === 1 ? 'Yes' : 'No';
}

export function text(v: unknown): string {
  return v === null || v === undefined ? '' : String(v);
}

export const DOCUMENT_KIND: Record<string, string> = { sales_order: 'sales order', invoice: 'invoice' };

function qty(before: unknown, after: unknown): string {
  const b = before === null || before === undefined ? '-' : String(before);
  const a = after === null || after === undefined ? '-' : String(after);
  return `${b} -> ${a}`;
}

function ref(orderRef: unknown, sku: unknown): string {
  return text(orderRef) || text(sku);
}

/** "3d 4h", "5h 12m", "40m": how long something has waited. */
export function waitedFor(since: unknown, nowMs: number): string {
  const t = typeof since === 'string' ? Date.parse(since) : NaN;
  if (Number.isNaN(t)) return '';
  const minutes = Math.max(0, Math.floor((nowMs - t) / 60_000));
  const d = Math.floor(minutes / 1440);
  const h = Math.floor((minutes % 1440) / 60);
  const m = minutes % 60;
  return d > 0 ? `${d}d ${h}h` : h > 0 ? `${h}h ${m}m` : `${m}m`;
}

/**
 * The Orders tab's Outcome: the ERP document (its number first, so a narrow
 * column cuts the kind, not the number), how long a Pending order has waited,
 * why one was skipped.
 */
function orderOutcome(r: Row, nowMs: number): string {
  if (r.doc_number) return `${text(r.doc_number)} ${DOCUMENT_KIND[text(r.doc_kind)] ?? text(r.doc_kind)}`;
  if (r.status === 'Pending') {
    const waited = waitedFor(r.import_date ?? r.purchase_date, nowMs);
    return waited ? `waiting ${waited}` : 'waiting';
  }
  if (r.status === 'Skipped') return text(r.skip_reason) || 'no reason recorded';
  return '';
}

/** A database row of a tab's list query, as the table shows it (`nowMs` for how long Pending orders have waited). */
export function toDisplayRow(tab: TabId, r: Row, nowMs = Date.now()): DisplayRow {
  const id = Number(r.id);
  const resolved = Number(r.resolved) === 1;
  switch (tab) {
    case 'orders':
      return {
        id,
        resolved,
        succeeded: r.status === 'Dropped' || r.status === 'Skipped',
        waiting: r.status === 'Pending',
        times: { purchase_date: text(r.purchase_date) },
        cells: {
          order_ref: text(r.order_ref),
          purchase_date: day(r.purchase_date),
          status: text(r.status),
          outcome: orderOutcome(r, nowMs),
          reason: r.reason_code ? `${text(r.reason_code)}: ${text(r.reason_message)}` : '',
          total: money(r.total),
          resolved: yesNo(r.resolved),
          channel: text(r.fulfillment_channel),
          buyer: text(r.buyer_name),
        },
      };
    case 'inventory':
      return {
        id,
        resolved,
        succeeded: r.status === 'Success',
        times: { adjusted_at: text(r.adjusted_at) },
        cells: {
          adjusted_at: shortDateTime(r.adjusted_at),
          sku: text(r.sku),
          item: text(r.item),
          store: text(r.store),
          qty: qty(r.qty_before, r.qty_after),
          reason: text(r.reason),
          status: text(r.status),
          resolved: yesNo(r.resolved),
          transaction_id: text(r.transaction_id),
        },
      };
    case 'logs':
      return {
        id,
        resolved,
        succeeded: r.status === 'Success',
        waiting: r.status === 'Pending' && (r.start_date === null || r.start_date === undefined),
        times: { import_date: text(r.import_date), start_date: text(r.start_date), end_date: text(r.end_date) },
        cells: {
          import_date: shortDateTime(r.import_date),
          start_date: dateTime(r.start_date),
          end_date: dateTime(r.end_date),
          entity_type: text(r.entity_type),
          type: text(r.type),
          ref: ref(r.order_ref, r.sku),
          resolved: yesNo(r.resolved),
          sync_type: text(r.sync_type),
          status: text(r.status),
          message: text(r.message),
        },
      };
    case 'errors':
      return {
        id,
        resolved,
        succeeded: r.tx_status === 'Success',
        times: { created_at: text(r.created_at) },
        cells: {
          created_at: shortDateTime(r.created_at),
          code: text(r.code),
          message: text(r.message),
          ref: ref(r.order_ref, r.sku),
          resolved: yesNo(r.resolved),
          transaction_id: text(r.transaction_id),
          severity: text(r.severity),
        },
      };
  }
}
