/** `import order-items`: getOrderItems responses into the lines of orders already imported. */
import type { Snapshot } from '../db/index.js';
import { isDropped, type LineFacts, queueOrderImport, writeLines } from './order-store.js';
import { type ParsedResponses, rejectStrays } from './get-orders.js';
import { isObject, type Record_ } from './sp-api.js';
import { baseName, type FileResult, Tally } from './import-types.js';
import { FieldError, parseAmount, parseCount, text } from './values.js';

/**
 * An OrderItem as an order line. ItemPrice is the price of the whole line (unit
 * price x QuantityOrdered) and is absent while the order is Pending.
 */
export function lineFacts(item: Record_): LineFacts {
  const sku = text(item.SellerSKU);
  if (sku === undefined) throw new FieldError('SellerSKU missing');
  const qty = parseCount('QuantityOrdered', item.QuantityOrdered);
  const line: LineFacts = { amazon_sku: sku, qty };
  const asin = text(item.ASIN);
  if (asin !== undefined) line.asin = asin;
  const title = text(item.Title);
  if (title !== undefined) line.title = title;
  const id = text(item.OrderItemId);
  if (id !== undefined) line.order_item_id = id;
  if (isObject(item.ItemPrice)) {
    const amount = text(item.ItemPrice.Amount);
    if (amount !== undefined && qty > 0) line.unit_price = parseAmount('ItemPrice.Amount', amount) / qty;
  }
  return line;
}

const ORDER_ID = 'SELECT id FROM orders WHERE order_ref = ?';

export function writeOrderItems(db: Snapshot, p: ParsedResponses, now: string): FileResult {
  const tally = new Tally();
  const orders: string[] = [];
  rejectStrays(tally, p, 'a getOrderItems response');
  for (const { value: response, line } of p.responses.orderItems) {
    const ref = text(response.AmazonOrderId);
    const entries = (response.OrderItems as unknown[]).map((item) => ({
      item,
      line: (isObject(item) ? p.lineOf.get(item) : undefined) ?? line,
    }));
    if (ref === undefined) {
      tally.reject({ file: p.name, line, reason: 'AmazonOrderId missing' });
      continue;
    }
    const orderId = db.value<number>(ORDER_ID, [ref]);
    const lines: LineFacts[] = [];
    for (const { item, line: at } of entries) {
      try {
        if (!isObject(item)) throw new FieldError('an entry of OrderItems that is not an object');
        const facts = lineFacts(item);
        if (facts.qty === 0) tally.skip('quantity 0');
        else if (orderId === undefined) tally.skip('order not imported');
        else lines.push(facts);
      } catch (err) {
        if (!(err instanceof FieldError)) throw err;
        tally.reject({ file: p.name, line: at, reason: `order ${ref}: ${err.message}` });
      }
    }
    if (orderId === undefined || lines.length === 0) continue;
    const outcomes = writeLines(db, orderId, lines, isDropped(db, orderId));
    for (const o of outcomes) {
      if (o === 'new' || o === 'updated') tally[o]++;
      else tally.skip(o === 'frozen' ? 'order already dropped' : 'unchanged');
    }
    if (outcomes.some((o) => o === 'new' || o === 'updated')) {
      orders.push(ref);
      if (
        queueOrderImport(db, { ...response, AmazonOrderId: ref }, `Queued: items updated from ${baseName(p.name)}`, now)
      )
        tally.queued++;
    }
  }
  const notes: string[] = [];
  const skippedOrders = tally.skipped.get('order not imported');
  if (skippedOrders)
    notes.push('items of orders not in the snapshot are left out: import their getOrders responses first');
  const pages = p.responses.orderPages;
  if (pages > 0)
    notes.push(
      `${pages} getOrders response${pages === 1 ? '' : 's'} left out (import ${pages === 1 ? 'it' : 'them'} as orders)`,
    );
  return { file: p.name, unit: 'order items', tally, notes, orders };
}
