/** Amazon orders as the integration fetches them, and what happens to them once dropped. */
import type { RunResult } from '../engine/domain.js';
import { DAY, HOUR, MINUTE, iso } from './clock.js';
import type { Address } from './shapes.js';
import type { Item, Listing, World } from './world.js';

export interface OrderLine {
  listing: Listing;
  qty: number;
}

export interface Order {
  id: number;
  ref: string;
  channel: 'MFN' | 'AFN';
  lines: OrderLine[];
}

/** An order before it is stored: the scenarios bend it to break one rule. */
export interface Draft {
  ref: string;
  channel: 'MFN' | 'AFN';
  amazonStatus: string;
  serviceLevel: string;
  address: { city: string | null; state: string | null; postal: string | null };
  purchaseMs: number;
  buyer: string;
  lines: OrderLine[];
}

const INSERT_ORDER = `INSERT INTO orders(order_ref, purchase_date, amazon_status, fulfillment_channel, ship_service_level,
    ship_city, ship_state, ship_postal_code, ship_country, currency, total, status, resolved, import_date, updated_at, buyer_name)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'US', 'USD', ?, 'Pending', 0, ?, ?, ?)`;
const INSERT_LINE = `INSERT INTO order_lines(order_id, line_no, amazon_sku, asin, title, qty, unit_price)
  VALUES (?, ?, ?, ?, ?, ?, ?)`;

const SERVICE_LEVELS = { Standard: 62, Expedited: 18, SecondDay: 12, NextDay: 8 } as const;
const SHIPPING_CHARGE: Record<string, number> = {
  Standard: 0,
  FreeEconomy: 0,
  Expedited: 5.99,
  SecondDay: 8.99,
  NextDay: 14.99,
};

function quantity(w: World): number {
  const u = w.rng.next();
  return u < 0.8 ? 1 : u < 0.94 ? 2 : w.rng.int(3, 4);
}

/** A healthy order of one to three lines; undefined when the catalogue has nothing to sell. */
export function draftOrder(w: World, channel: 'MFN' | 'AFN'): Draft | undefined {
  const r = w.rng;
  const count = r.chance(0.7) ? 1 : r.chance(0.73) ? 2 : 3;
  const lines: OrderLine[] = [];
  const used = new Set<Listing>();
  for (let i = 0; i < count; i++) {
    const listing = w.healthyListing(channel, used);
    if (!listing) break;
    used.add(listing);
    lines.push({ listing, qty: quantity(w) });
  }
  if (lines.length === 0) return undefined;
  const address: Address = w.shapes.address();
  // Amazon hands over FBA orders once shipped; merchant orders as soon as they are paid.
  const ageMs = channel === 'AFN' ? r.int(4 * 60, 30 * 60) * MINUTE : r.int(2, 180) * MINUTE;
  return {
    ref: w.shapes.orderRef(),
    channel,
    amazonStatus: channel === 'AFN' ? 'Shipped' : 'Unshipped',
    serviceLevel: r.weighted(SERVICE_LEVELS),
    address: { city: address.city, state: address.state, postal: address.postal },
    purchaseMs: w.now - ageMs,
    buyer: w.shapes.buyerName(),
    lines,
  };
}

/** Adds a line for a listing that breaks a rule, in place of a healthy line. */
export function withLine(d: Draft, listing: Listing, w: World): Draft {
  const line = { listing, qty: quantity(w) };
  // Orders keep to three lines at most.
  if (d.lines.length >= 3 || (d.lines.length > 1 && w.rng.chance(0.5))) d.lines[d.lines.length - 1] = line;
  else d.lines.unshift(line);
  return d;
}

/** Stores the order as fetched from Amazon (status Pending in the ERP). */
export function insertOrder(w: World, d: Draft): Order {
  for (const l of d.lines) {
    // The ERP keeps healthy items in stock; rule-breaking lines are left as they are.
    if (w.isHealthy(l.listing)) w.ensureAvailable(l.listing.item, l.qty);
  }
  const subtotal = d.lines.reduce((s, l) => s + l.qty * l.listing.price, 0);
  const total = Math.round((subtotal + (SHIPPING_CHARGE[d.serviceLevel] ?? 0)) * 100) / 100;
  const now = w.nowIso;
  const id = w.db.insert(INSERT_ORDER, [
    d.ref,
    iso(d.purchaseMs),
    d.amazonStatus,
    d.channel,
    d.serviceLevel,
    d.address.city,
    d.address.state,
    d.address.postal,
    total,
    now,
    now,
    d.buyer,
  ]);
  d.lines.forEach((l, i) => {
    w.db.run(INSERT_LINE, [id, i + 1, l.listing.amazonSku, l.listing.asin, l.listing.title, l.qty, l.listing.price]);
  });
  return { id, ref: d.ref, channel: d.channel, lines: d.lines };
}

/** Book-keeping after an import: a dropped order moves stock and waits for its shipment. */
export function afterImport(w: World, order: Order, result: RunResult): RunResult {
  if (result.status !== 'Success' || result.documentNumber === undefined) return result;
  const items = new Map<Item, number>();
  for (const l of order.lines) items.set(l.listing.item, (items.get(l.listing.item) ?? 0) + l.qty);
  for (const item of items.keys()) w.itemChanged(item);
  w.rememberDropped(order.channel, order.ref);
  const lines = [...items].map(([item, qty]) => ({ item, qty }));
  const r = w.rng;
  if (order.channel === 'MFN') {
    w.awaitingShipment.push({ due: w.now + r.int(SHIP_LAG[0], SHIP_LAG[1]), seq: w.nextSeq(), ref: order.ref, lines });
  } else {
    // Amazon shipped it already; the ERP posts the invoice and the stock leaves the books.
    w.erp(r.int(2 * 60, 2 * 24 * 60) * MINUTE, () => {
      for (const l of lines) w.ship(l.item, l.qty);
    });
  }
  return result;
}

/** Time from drop to shipment: the warehouse ships most orders the same or the next day. */
export const SHIP_LAG = [HOUR, 36 * HOUR] as const;

export const ORDER_DELAYS = {
  /** A user gets to a data error within hours or a few days. */
  fix: [2 * HOUR, 4 * DAY] as const,
  /** Amazon moves a Pending order on once payment clears (a few take days: a bank transfer, a fraud check). */
  payment: [30 * MINUTE, 20 * HOUR] as const,
  slowPayment: [DAY, 6 * DAY] as const,
};
