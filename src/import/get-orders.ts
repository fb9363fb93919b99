/** `import orders`: getOrders responses into orders, each new one queued for the schedule. */
import type { Snapshot } from '../db/index.js';
import { looksLikeJson, wrongKind } from './detect.js';
import { readJsonFile } from './json.js';
import { type OrderFacts, queueOrderImport, writeOrder } from './order-store.js';
import { classify, isObject, type Located, type Record_, type Responses } from './sp-api.js';
import { decodeText } from './text.js';
import { type BadRow, baseName, type FileResult, type SourceFile, Tally } from './import-types.js';
import { FieldError, parseAmount, parseApiStatus, parseChannel, parseInstant, text } from './values.js';

export interface ParsedResponses {
  name: string;
  responses: Responses;
  bad: BadRow[];
  /** The line each JSON object starts on. */
  lineOf: WeakMap<object, number>;
}

/** Reads a file of Selling Partner API responses; refuses it when it holds none of `kind`. */
export function readResponses(file: SourceFile, kind: 'orders' | 'order-items'): ParsedResponses {
  const { text: body } = decodeText(file.name, file.bytes);
  if (!looksLikeJson(body)) throw wrongKind(file.name, body, kind);
  const json = readJsonFile(file.name, body);
  const responses = classify(json);
  const has = kind === 'orders' ? responses.orderPages > 0 : responses.orderItems.length > 0;
  if (!has) throw wrongKind(file.name, body, kind);
  return { name: file.name, responses, bad: json.bad, lineOf: json.lineOf };
}

function required(o: Record_, field: string): string {
  const v = text(o[field]);
  if (v === undefined) throw new FieldError(`${field} missing`);
  return v;
}

/** An Order of getOrders as the orders row holds it; what Amazon left out stays undefined. */
export function orderFacts(o: Record_): OrderFacts {
  const facts: OrderFacts = {
    order_ref: required(o, 'AmazonOrderId'),
    amazon_status: parseApiStatus(required(o, 'OrderStatus')),
    purchase_date: parseInstant('PurchaseDate', required(o, 'PurchaseDate')),
    fulfillment_channel: parseChannel('FulfillmentChannel', required(o, 'FulfillmentChannel')),
  };
  const updated = text(o.LastUpdateDate);
  if (updated !== undefined) facts.amazon_updated_at = parseInstant('LastUpdateDate', updated);
  const level = text(o.ShipmentServiceLevelCategory);
  if (level !== undefined) facts.ship_service_level = level;
  // Pending orders carry no ShippingAddress; restricted data (no RDT) leaves out BuyerInfo.
  if (isObject(o.ShippingAddress)) {
    const a = o.ShippingAddress;
    const set = (key: 'ship_city' | 'ship_state' | 'ship_postal_code' | 'ship_country', v: unknown) => {
      const t = text(v);
      if (t !== undefined) facts[key] = t;
    };
    set('ship_city', a.City);
    set('ship_state', a.StateOrRegion);
    set('ship_postal_code', a.PostalCode);
    set('ship_country', a.CountryCode);
  }
  if (isObject(o.OrderTotal)) {
    const amount = text(o.OrderTotal.Amount);
    if (amount !== undefined) {
      facts.total = parseAmount('OrderTotal.Amount', amount);
      const currency = text(o.OrderTotal.CurrencyCode);
      if (currency !== undefined) facts.currency = currency;
    }
  }
  if (isObject(o.BuyerInfo)) {
    const buyer = text(o.BuyerInfo.BuyerName);
    if (buyer !== undefined) facts.buyer_name = buyer;
  }
  return facts;
}

/** "order 112-...: " when the record names its order, so a bad record can be found. */
export function whose(o: Record_): string {
  const ref = text(o.AmazonOrderId);
  return ref === undefined ? '' : `order ${ref}: `;
}

/** Errors and unrecognised values of a responses file, as its bad rows. */
export function rejectStrays(tally: Tally, p: ParsedResponses, what: string): void {
  for (const b of p.bad) tally.reject(b);
  for (const e of p.responses.errors)
    tally.reject({ file: p.name, line: e.line, reason: `an error response from Amazon: ${e.value}` });
  for (const u of p.responses.unknown) tally.reject({ file: p.name, line: u.line, reason: `${u.value}, not ${what}` });
}

export function writeOrders(db: Snapshot, p: ParsedResponses, now: string): FileResult {
  const tally = new Tally();
  const orders: string[] = [];
  rejectStrays(tally, p, 'a getOrders order');
  for (const { value: o, line } of p.responses.orders as Located<Record_>[]) {
    let facts: OrderFacts;
    try {
      facts = orderFacts(o);
    } catch (err) {
      if (!(err instanceof FieldError)) throw err;
      tally.reject({ file: p.name, line, reason: whose(o) + err.message });
      continue;
    }
    const { outcome } = writeOrder(db, facts, 'api', now);
    if (outcome === 'unchanged') tally.skip('unchanged');
    else if (outcome === 'older') tally.skip('older than stored');
    else {
      tally[outcome]++;
      orders.push(facts.order_ref);
      const payload = { ...o, AmazonOrderId: facts.order_ref };
      const verb = outcome === 'new' ? 'imported' : 'updated';
      if (queueOrderImport(db, payload, `Queued: ${verb} from ${baseName(p.name)}`, now)) tally.queued++;
    }
  }
  const notes: string[] = [];
  const items = p.responses.orderItems.length;
  if (items > 0)
    notes.push(
      `${items} getOrderItems response${items === 1 ? '' : 's'} left out (import ${items === 1 ? 'it' : 'them'} as order-items)`,
    );
  return { file: p.name, unit: 'orders', tally, notes, orders };
}
