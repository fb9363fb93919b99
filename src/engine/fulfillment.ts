/** Fulfillment Update (Xoro to Amazon): confirm an order's shipment to Amazon. */
import type { Snapshot } from '../db/index.js';
import { BAD_ORDER_ID, INVALID_INPUT, TRANSIENT_TEXT, missingField } from './messages.js';
import { inTransaction, isNonEmpty, record, runClock, type Outcome } from './run-record.js';
import { readSettings } from './app-settings.js';
import type { FulfillmentPayload, RunError, RunOptions, RunResult } from './domain.js';

const MARKETPLACE_US = 'ATVPDKIKX0DER';

const READ_ORDER = 'SELECT id, status, fulfillment_channel FROM orders WHERE order_ref = ?';
// An order has few shipments and lines: in sql.js, sorting them here is cheaper than ORDER BY.
const READ_SHIPMENTS =
  'SELECT rowid AS seq, carrier_code, carrier_name, tracking_number, ship_date FROM shipments WHERE order_ref = ?';
const READ_QUANTITIES = 'SELECT line_no, qty, order_item_id FROM order_lines WHERE order_id = ?';
const INSERT_OUTBOX = 'INSERT INTO outbox(created_at, feed_type, payload, transaction_id) VALUES (?, ?, ?, ?)';

/** Tracking number formats Amazon checks per carrier; other carriers are not checked. */
const TRACKING_FORMATS: Record<string, { name: string; pattern: RegExp }> = {
  UPS: { name: 'UPS', pattern: /^1Z[0-9A-Z]{16}$/ },
  USPS: { name: 'USPS', pattern: /^\d{20,22}$/ },
  FEDEX: { name: 'FedEx', pattern: /^(\d{12}|\d{15})$/ },
};

export interface ShipmentRow {
  seq: number;
  carrier_code: string | null;
  carrier_name: string | null;
  tracking_number: string | null;
  ship_date: string | null;
}

export function runFulfillment(db: Snapshot, orderRef: string, opts?: RunOptions): RunResult {
  return inTransaction(db, () => confirmShipment(db, orderRef, opts));
}

/** What confirming the order's shipment comes to with the data as it is now, before anything is written. */
export type FulfillmentVerdict =
  | { kind: 'off' }
  | { kind: 'fail'; step: string; errors: RunError[] }
  | { kind: 'duplicate'; shipment: ShipmentRow; confirmedBy: number }
  | { kind: 'send'; orderId: number; shipment: ShipmentRow; carrier: string; tracking: string; warnings: RunError[] };

// The same shipment (order and tracking number) confirmed by an earlier run, in any shipment row.
const CONFIRMED_BY = `SELECT confirmed_by FROM shipments WHERE order_ref = ? AND trim(tracking_number) = ? AND confirmed_by IS NOT NULL
  ORDER BY confirmed_by LIMIT 1`;
const MARK_CONFIRMED = 'UPDATE shipments SET confirmed_by = ? WHERE rowid = ?';

/** Reads only: what a run would do now (the dry run behind "would pass now"). */
export function assessFulfillment(db: Snapshot, orderRef: string): FulfillmentVerdict {
  const error = (code: RunError['code'], message: string): RunError => ({ code, message, severity: 'error' });
  const fail = (step: string, errors: RunError[]): FulfillmentVerdict => ({ kind: 'fail', step, errors });
  if (!readSettings(db).sendFulfillments) return { kind: 'off' };
  if (!isNonEmpty(orderRef)) return fail('Read input', [error('API_INVALID_INPUT', `${INVALID_INPUT} (no order_ref)`)]);
  const order = db.get<{ id: number; status: string; fulfillment_channel: string }>(READ_ORDER, [orderRef]);
  if (!order) return fail('Read order', [error('FUL_BAD_ORDER_ID', `${BAD_ORDER_ID} (order ${orderRef} not found)`)]);
  if (order.fulfillment_channel === 'AFN') {
    return fail('Read order', [
      error('FUL_BAD_ORDER_ID', `${BAD_ORDER_ID} (order ${orderRef} is fulfilled by Amazon)`),
    ]);
  }
  if (order.status !== 'Dropped') {
    return fail('Read order', [
      error('FUL_BAD_ORDER_ID', `${BAD_ORDER_ID} (order ${orderRef} is ${order.status} in the ERP, not dropped)`),
    ]);
  }
  // The latest shipment recorded for the order is the one to confirm.
  const shipment = db
    .all<ShipmentRow>(READ_SHIPMENTS, [orderRef])
    .reduce<ShipmentRow | undefined>((latest, s) => (latest && latest.seq > s.seq ? latest : s), undefined);
  if (!shipment) {
    return fail('Read shipment', [
      error('FUL_MISSING_FIELD', `${missingField('tracking-number')} (no shipment recorded for order ${orderRef})`),
    ]);
  }
  const missing: RunError[] = [];
  if (!isNonEmpty(shipment.carrier_code)) missing.push(error('FUL_MISSING_FIELD', missingField('carrier-code')));
  if (shipment.carrier_code?.trim().toLowerCase() === 'other' && !isNonEmpty(shipment.carrier_name)) {
    missing.push(error('FUL_MISSING_FIELD', missingField('carrier-name')));
  }
  if (!isNonEmpty(shipment.tracking_number)) missing.push(error('FUL_MISSING_FIELD', missingField('tracking-number')));
  if (!isNonEmpty(shipment.ship_date)) missing.push(error('FUL_MISSING_FIELD', missingField('ship-date')));
  if (missing.length > 0) return fail('Validate shipment', missing);

  const carrier = shipment.carrier_code!.trim();
  const tracking = shipment.tracking_number!.trim();
  const confirmedBy = db.value<number>(CONFIRMED_BY, [orderRef, tracking]);
  if (confirmedBy !== undefined && confirmedBy !== null)
    return { kind: 'duplicate', shipment, confirmedBy: Number(confirmedBy) };
  const warnings: RunError[] = [];
  const format = TRACKING_FORMATS[carrier.toUpperCase()];
  if (format && !format.pattern.test(tracking)) {
    warnings.push({
      code: 'FUL_TRACKING_FORMAT',
      severity: 'warning',
      message: `tracking number ${tracking} does not match the ${format.name} format`,
    });
  }
  return { kind: 'send', orderId: order.id, shipment, carrier, tracking, warnings };
}

function confirmShipment(db: Snapshot, orderRef: string, opts: RunOptions | undefined): RunResult {
  const now = runClock(opts);
  const payload: FulfillmentPayload = { order_ref: orderRef };
  const base = {
    type: 'Fulfillment Update' as const,
    orderRef: isNonEmpty(orderRef) ? orderRef : null,
    sku: null,
    payload,
  };
  const done = (o: Omit<Outcome, keyof typeof base>): RunResult => record(db, { ...base, ...o }, opts, now);
  const fail = (step: string, errors: RunError[]): RunResult =>
    done({
      status: 'Error',
      step,
      outcome: errors[0]!.message + (errors.length > 1 ? ` (+${errors.length - 1} more)` : ''),
      errors,
    });

  const verdict = assessFulfillment(db, orderRef);
  switch (verdict.kind) {
    case 'off':
      return done({ status: 'Success', step: 'Skipped', outcome: 'sending fulfillments is off', errors: [] });
    case 'fail':
      return fail(verdict.step, verdict.errors);
    case 'duplicate': {
      // Amazon already has this shipment: sending it again would be a second confirmation of one package.
      const text = `shipment ${verdict.shipment.tracking_number!.trim()} already confirmed to Amazon by transaction ${verdict.confirmedBy}; nothing sent`;
      return done({
        status: 'Success',
        step: 'Skipped',
        outcome: text,
        errors: [{ code: 'FUL_DUPLICATE', severity: 'info', message: text }],
      });
    }
    case 'send':
      break;
  }
  const { carrier, tracking, warnings, shipment } = verdict;
  if (opts?.fault)
    return fail('Send confirmation to Amazon', [
      { code: opts.fault, message: TRANSIENT_TEXT[opts.fault], severity: 'error' },
      ...warnings,
    ]);

  payload.carrier_code = carrier;
  payload.tracking_number = tracking;
  const result = done({
    status: 'Success',
    step: 'Send confirmation',
    outcome: `shipped by ${carrier} ${tracking}`,
    errors: warnings,
  });
  const confirmation = {
    amazonOrderId: orderRef,
    marketplaceId: MARKETPLACE_US,
    packageDetail: {
      carrierCode: carrier,
      carrierName: isNonEmpty(shipment.carrier_name) ? shipment.carrier_name : undefined,
      trackingNumber: tracking,
      shipDate: shipment.ship_date,
      orderItems: db
        .all<{ line_no: number; qty: number; order_item_id: string | null }>(READ_QUANTITIES, [verdict.orderId])
        .sort((a, b) => a.line_no - b.line_no)
        // Without the OrderItemId (a producer may not keep it) items are given by quantity in line order.
        .map((l) => (l.order_item_id ? { orderItemId: l.order_item_id, quantity: l.qty } : { quantity: l.qty })),
    },
  };
  db.run(INSERT_OUTBOX, [now, 'SHIPMENT_CONFIRMATION', JSON.stringify(confirmation), result.transactionId]);
  db.run(MARK_CONFIRMED, [result.transactionId, shipment.seq]);
  return result;
}
