/** Fulfillment Update (Xoro to Amazon): confirm an order's shipment to Amazon. */
import type { Snapshot } from '../db/index.js';
import { BAD_ORDER_ID, INVALID_INPUT, TRANSIENT_TEXT, missingField } from './messages.js';
import { inTransaction, isNonEmpty, readSettings, record, runClock, type Outcome } from './run.js';
import type { FulfillmentPayload, RunError, RunOptions, RunResult } from './types.js';

const MARKETPLACE_US = 'ATVPDKIKX0DER';

const READ_ORDER = 'SELECT id, status, fulfillment_channel FROM orders WHERE order_ref = ?';
// An order has few shipments and lines: in sql.js, sorting them here is cheaper than ORDER BY.
const READ_SHIPMENTS = 'SELECT rowid AS seq, carrier_code, carrier_name, tracking_number, ship_date FROM shipments WHERE order_ref = ?';
const READ_QUANTITIES = 'SELECT line_no, qty FROM order_lines WHERE order_id = ?';
const INSERT_OUTBOX = 'INSERT INTO outbox(created_at, feed_type, payload, transaction_id) VALUES (?, ?, ?, ?)';

/** Tracking number formats Amazon checks per carrier; other carriers are not checked. */
const TRACKING_FORMATS: Record<string, { name: string; pattern: RegExp }> = {
  UPS: { name: 'UPS', pattern: /^1Z[0-9A-Z]{16}$/ },
  USPS: { name: 'USPS', pattern: /^\d{20,22}$/ },
  FEDEX: { name: 'FedEx', pattern: /^(\d{12}|\d{15})$/ },
};

interface ShipmentRow {
  seq: number;
  carrier_code: string | null;
  carrier_name: string | null;
  tracking_number: string | null;
  ship_date: string | null;
}

export function runFulfillment(db: Snapshot, orderRef: string, opts?: RunOptions): RunResult {
  return inTransaction(db, () => confirmShipment(db, orderRef, opts));
}

function confirmShipment(db: Snapshot, orderRef: string, opts: RunOptions | undefined): RunResult {
  const now = runClock(opts);
  const payload: FulfillmentPayload = { order_ref: orderRef };
  const base = { type: 'Fulfillment Update' as const, orderRef: isNonEmpty(orderRef) ? orderRef : null, sku: null, payload };
  const done = (o: Omit<Outcome, keyof typeof base>): RunResult => record(db, { ...base, ...o }, opts, now);
  const fail = (step: string, errors: RunError[]): RunResult =>
    done({ status: 'Error', step, outcome: errors[0]!.message + (errors.length > 1 ? ` (+${errors.length - 1} more)` : ''), errors });
  const error = (code: RunError['code'], message: string): RunError => ({ code, message, severity: 'error' });

  if (!readSettings(db).sendFulfillments) {
    return done({ status: 'Success', step: 'Skipped', outcome: 'sending fulfillments is off', errors: [] });
  }
  if (!isNonEmpty(orderRef)) return fail('Read input', [error('API_INVALID_INPUT', `${INVALID_INPUT} (no order_ref)`)]);
  const order = db.get<{ id: number; status: string; fulfillment_channel: string }>(READ_ORDER, [orderRef]);
  if (!order) return fail('Read order', [error('FUL_BAD_ORDER_ID', `${BAD_ORDER_ID} (order ${orderRef} not found)`)]);
  if (order.fulfillment_channel === 'AFN') {
    return fail('Read order', [error('FUL_BAD_ORDER_ID', `${BAD_ORDER_ID} (order ${orderRef} is fulfilled by Amazon)`)]);
  }
  if (order.status !== 'Dropped') {
    return fail('Read order', [error('FUL_BAD_ORDER_ID', `${BAD_ORDER_ID} (order ${orderRef} is ${order.status} in the ERP, not dropped)`)]);
  }
  // The latest shipment recorded for the order is the one to confirm.
  const shipment = db.all<ShipmentRow>(READ_SHIPMENTS, [orderRef]).reduce<ShipmentRow | undefined>((latest, s) => (latest && latest.seq > s.seq ? latest : s), undefined);
  if (!shipment) {
    return fail('Read shipment', [error('FUL_MISSING_FIELD', `${missingField('tracking-number')} (no shipment recorded for order ${orderRef})`)]);
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
  const warnings: RunError[] = [];
  const format = TRACKING_FORMATS[carrier.toUpperCase()];
  if (format && !format.pattern.test(tracking)) {
    warnings.push({
      code: 'FUL_TRACKING_FORMAT', severity: 'warning',
      message: `tracking number ${tracking} does not match the ${format.name} format`,
    });
  }
  if (opts?.fault) return fail('Send confirmation to Amazon', [error(opts.fault, TRANSIENT_TEXT[opts.fault]), ...warnings]);

  const result = done({ status: 'Success', step: 'Send confirmation', outcome: `shipped by ${carrier} ${tracking}`, errors: warnings });
  const confirmation = {
    amazonOrderId: orderRef,
    marketplaceId: MARKETPLACE_US,
    packageDetail: {
      carrierCode: carrier,
      carrierName: isNonEmpty(shipment.carrier_name) ? shipment.carrier_name : undefined,
      trackingNumber: tracking,
      shipDate: shipment.ship_date,
      // The snapshot keeps no OrderItemId, so items are given by quantity in line order.
      orderItems: db
        .all<{ line_no: number; qty: number }>(READ_QUANTITIES, [order.id])
        .sort((a, b) => a.line_no - b.line_no)
        .map((l) => ({ quantity: l.qty })),
    },
  };
  db.run(INSERT_OUTBOX, [now, 'SHIPMENT_CONFIRMATION', JSON.stringify(confirmation), result.transactionId]);
  return result;
}
