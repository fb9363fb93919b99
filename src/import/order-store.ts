/**
 * Writing Amazon's side of orders and their lines into the snapshot, and
 * queuing the Order Import run that `amazon-logs process` (the schedule) picks up.
 * Fields Amazon did not send are undefined here and never written: a later
 * response that leaves a field out keeps what is stored.
 */
import type { Snapshot } from '../db/index.js';
import { type LineRow, type OrderImportPayload, queueRun } from '../engine/index.js';

/** The orders columns an import writes, as Amazon sent them. */
export interface OrderFacts {
  order_ref: string;
  purchase_date?: string;
  amazon_status?: string;
  amazon_updated_at?: string;
  fulfillment_channel?: 'MFN' | 'AFN';
  ship_service_level?: string;
  ship_city?: string;
  ship_state?: string;
  ship_postal_code?: string;
  ship_country?: string;
  /** OrderTotal: amount and currency go together. */
  total?: number;
  currency?: string;
  buyer_name?: string;
}

type Column = Exclude<keyof OrderFacts, 'order_ref'>;
const COLUMNS: Column[] = [
  'purchase_date',
  'amazon_status',
  'amazon_updated_at',
  'fulfillment_channel',
  'ship_service_level',
  'ship_city',
  'ship_state',
  'ship_postal_code',
  'ship_country',
  'total',
  'currency',
  'buyer_name',
];

/**
 * How incoming facts meet stored ones. `api`: the Orders API is the authority, so
 * what it sent replaces what is stored, unless its LastUpdateDate is older than the
 * stored one (then nothing changes). `report`: a flat file replaces stored values
 * only when it is newer; otherwise it fills only what is empty.
 */
export type MergePolicy = 'api' | 'report';

export type OrderOutcome = 'new' | 'updated' | 'unchanged' | 'older';

export interface OrderWrite {
  id: number;
  outcome: OrderOutcome;
}

type StoredOrder = Record<Column, string | number | null> & { id: number };

const READ_ORDER = `SELECT id, ${COLUMNS.join(', ')} FROM orders WHERE order_ref = ?`;

function isEmpty(column: Column, v: string | number | null): boolean {
  return v === null || v === '' || (column === 'total' && v === 0);
}

export function writeOrder(db: Snapshot, facts: OrderFacts, policy: MergePolicy, now: string): OrderWrite {
  const stored = db.get<StoredOrder>(READ_ORDER, [facts.order_ref]);
  const given = COLUMNS.filter((c) => facts[c] !== undefined);
  if (!stored) {
    const cols = [...given, 'order_ref', 'status', 'resolved', 'import_date', 'updated_at'];
    const values = [...given.map((c) => facts[c] as string | number), facts.order_ref, 'Pending', 0, now, now];
    const id = db.insert(`INSERT INTO orders(${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`, values);
    return { id, outcome: 'new' };
  }
  const incoming = facts.amazon_updated_at;
  const current = stored.amazon_updated_at as string | null;
  const older = incoming !== undefined && current !== null && incoming < current;
  if (policy === 'api' && older) return { id: stored.id, outcome: 'older' };
  const newer = incoming !== undefined && (current === null || incoming > current);
  const replace = policy === 'api' || newer;
  const changed = given.filter((c) => c !== 'currency' && stored[c] !== facts[c] && (replace || isEmpty(c, stored[c])));
  // The currency is OrderTotal's: it changes with the amount, or when the newer data says so.
  if (facts.currency !== undefined && facts.currency !== stored.currency && (replace || changed.includes('total')))
    changed.push('currency');
  if (changed.length === 0) return { id: stored.id, outcome: 'unchanged' };
  db.run(`UPDATE orders SET ${changed.map((c) => `${c} = ?`).join(', ')}, updated_at = ? WHERE id = ?`, [
    ...changed.map((c) => facts[c] as string | number),
    now,
    stored.id,
  ]);
  return { id: stored.id, outcome: 'updated' };
}

/** An order line as Amazon sent it (getOrderItems, or a report row). */
export interface LineFacts {
  amazon_sku: string;
  qty: number;
  asin?: string;
  title?: string;
  /** ItemPrice is the line's price (unit price x quantity); absent while the order is Pending. */
  unit_price?: number;
  order_item_id?: string;
}

/** 'frozen': the line would change, but the order is already dropped into the ERP. */
export type LineOutcome = 'new' | 'updated' | 'unchanged' | 'frozen';

/** An order line as stored: the engine's line, with Amazon's item id in place of the link it fills in. */
type StoredLine = Omit<LineRow, 'linked_item'> & { order_item_id: string | null };

const READ_LINES =
  'SELECT line_no, amazon_sku, asin, title, qty, unit_price, order_item_id FROM order_lines WHERE order_id = ? ORDER BY line_no';
const INSERT_LINE =
  'INSERT INTO order_lines(order_id, line_no, amazon_sku, asin, title, qty, unit_price, order_item_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)';
const LINE_COLUMNS = ['amazon_sku', 'asin', 'title', 'qty', 'unit_price', 'order_item_id'] as const;

/**
 * Writes the lines of one order. A line is the stored one with the same OrderItemId,
 * else the next stored line with the same SKU and no OrderItemId yet (a report row has
 * none); otherwise it is added. Stored lines missing from the input stay: getOrderItems
 * pages a long order over several responses.
 */
export function writeLines(db: Snapshot, orderId: number, lines: LineFacts[], frozen: boolean): LineOutcome[] {
  const stored = db.all<StoredLine>(READ_LINES, [orderId]);
  const taken = new Set<number>();
  let next = stored.reduce((max, l) => Math.max(max, l.line_no), 0) + 1;
  return lines.map((line) => {
    const match =
      (line.order_item_id !== undefined
        ? stored.find((s) => !taken.has(s.line_no) && s.order_item_id === line.order_item_id)
        : undefined) ??
      stored.find(
        (s) =>
          !taken.has(s.line_no) &&
          s.amazon_sku === line.amazon_sku &&
          (s.order_item_id === null || line.order_item_id === undefined),
      );
    if (!match) {
      if (frozen) return 'frozen';
      db.run(INSERT_LINE, [
        orderId,
        next++,
        line.amazon_sku,
        line.asin ?? null,
        line.title ?? null,
        line.qty,
        line.unit_price ?? 0,
        line.order_item_id ?? null,
      ]);
      return 'new';
    }
    taken.add(match.line_no);
    const changed = LINE_COLUMNS.filter((c) => line[c] !== undefined && line[c] !== match[c]);
    if (changed.length === 0) return 'unchanged';
    if (frozen) return 'frozen';
    db.run(`UPDATE order_lines SET ${changed.map((c) => `${c} = ?`).join(', ')} WHERE order_id = ? AND line_no = ?`, [
      ...changed.map((c) => line[c] as string | number),
      orderId,
      match.line_no,
    ]);
    return 'updated';
  });
}

const ORDER_STATE = `SELECT status, (SELECT 1 FROM documents d WHERE d.order_ref = o.order_ref) AS document FROM orders o WHERE id = ?`;

/** Dropped into the ERP (its status, or a document made from it): its lines are what the document holds. */
export function isDropped(db: Snapshot, orderId: number): boolean {
  const row = db.get<{ status: string; document: number | null }>(ORDER_STATE, [orderId]);
  return row !== undefined && (row.status === 'Dropped' || row.document !== null);
}

const QUEUED_OR_DONE = `SELECT
    (SELECT status FROM orders WHERE order_ref = ?) IN ('Dropped', 'Skipped')
    OR EXISTS (SELECT 1 FROM documents WHERE order_ref = ?)
    OR EXISTS (SELECT 1 FROM transactions WHERE order_ref = ? AND +type = 'Order Import' AND +status = 'Pending' AND start_date IS NULL)`;

/**
 * Queues an Order Import run for the schedule, unless the order already has one
 * waiting or is dropped or skipped. Returns whether it queued one.
 */
export function queueOrderImport(db: Snapshot, payload: OrderImportPayload, message: string, now: string): boolean {
  const ref = payload.AmazonOrderId;
  if (db.value<number>(QUEUED_OR_DONE, [ref, ref, ref])) return false;
  queueRun(db, { type: 'Order Import', orderRef: ref, payload, at: now, message });
  return true;
}

const WITHOUT_LINES = `SELECT 1 FROM orders o WHERE order_ref = ? AND amazon_status IS NOT 'Canceled'
  AND NOT EXISTS (SELECT 1 FROM order_lines l WHERE l.order_id = o.id)`;

/** Orders among these with no lines yet (canceled ones aside: a run skips those): a run would find nothing to drop. */
export function ordersWithoutLines(db: Snapshot, refs: string[]): string[] {
  return refs.filter((ref) => db.value(WITHOUT_LINES, [ref]) !== undefined);
}
