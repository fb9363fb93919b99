/**
 * `import report`: Seller Central's All Orders report (tab-separated, one row
 * per order item) into orders and their lines, each new order queued for the schedule.
 */
import type { Snapshot } from '../db/index.js';
import { ImportFileError } from './import-file-error.js';
import { looksLikeJson, wrongKind } from './detect.js';
import { type FlatRow, readFlatFile } from './flat-file.js';
import { isDropped, type LineFacts, type OrderFacts, queueOrderImport, writeLines, writeOrder } from './order-store.js';
import { decodeText, type Encoding } from './text.js';
import { baseName, type FileResult, type SourceFile, Tally } from './import-types.js';
import { FieldError, parseAmount, parseChannel, parseCount, parseInstant, parseReportStatus } from './values.js';

const REQUIRED = ['amazon-order-id', 'purchase-date', 'order-status', 'fulfillment-channel', 'sku', 'quantity'];

interface ReportRow {
  line: number;
  ref: string;
  order: OrderFacts;
  /** Undefined for a row that writes no line (why in `skip`). */
  item?: LineFacts;
  skip?: string;
  /** item-price: the line's price, absent while a merchant-fulfilled order is Pending. */
  price?: number;
  currency?: string;
  record: Record<string, string>;
}

export interface ParsedReport {
  name: string;
  encoding: Encoding;
  rows: ReportRow[];
  tally: Tally;
}

function parseRow(row: FlatRow): ReportRow {
  const need = (c: string) => {
    const v = row.given(c);
    if (v === undefined) throw new FieldError(`${c} is empty`);
    return v;
  };
  const ref = need('amazon-order-id');
  const order: OrderFacts = {
    order_ref: ref,
    purchase_date: parseInstant('purchase-date', need('purchase-date')),
    amazon_status: parseReportStatus(need('order-status')),
    fulfillment_channel: parseChannel('fulfillment-channel', need('fulfillment-channel')),
  };
  const updated = row.given('last-updated-date');
  if (updated !== undefined) order.amazon_updated_at = parseInstant('last-updated-date', updated);
  const set = (
    key: 'ship_service_level' | 'ship_city' | 'ship_state' | 'ship_postal_code' | 'ship_country',
    column: string,
  ) => {
    const v = row.given(column);
    if (v !== undefined) order[key] = v;
  };
  set('ship_service_level', 'ship-service-level');
  set('ship_city', 'ship-city');
  set('ship_state', 'ship-state');
  set('ship_postal_code', 'ship-postal-code');
  set('ship_country', 'ship-country');

  const qty = parseCount('quantity', need('quantity'));
  const priceText = row.given('item-price');
  const price = priceText === undefined ? undefined : parseAmount('item-price', priceText);
  const parsed: ReportRow = { line: row.line, ref, order, record: row.record() };
  if (price !== undefined) parsed.price = price;
  const currency = row.given('currency');
  if (currency !== undefined) parsed.currency = currency;
  const itemStatus = row.given('item-status');
  if (itemStatus !== undefined && /^cancell?ed$/i.test(itemStatus)) parsed.skip = 'item canceled';
  else if (qty === 0) parsed.skip = 'quantity 0';
  else {
    const line: LineFacts = { amazon_sku: need('sku'), qty };
    const asin = row.given('asin');
    if (asin !== undefined) line.asin = asin;
    const title = row.given('product-name');
    if (title !== undefined) line.title = title;
    if (price !== undefined) line.unit_price = price / qty;
    parsed.item = line;
  }
  return parsed;
}

export function readReport(file: SourceFile): ParsedReport {
  const { text, encoding } = decodeText(file.name, file.bytes);
  if (looksLikeJson(text)) throw wrongKind(file.name, text, 'report');
  const flat = readFlatFile(file.name, text, 'tab');
  if (!flat.columns.has('amazon-order-id')) throw wrongKind(file.name, text, 'report');
  const missing = REQUIRED.filter((c) => !flat.columns.has(c));
  if (missing.length > 0)
    throw new ImportFileError(
      file.name,
      `an All Orders report without the column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`,
    );
  const tally = new Tally();
  for (const b of flat.bad) tally.reject(b);
  const rows: ReportRow[] = [];
  for (const row of flat.rows) {
    try {
      rows.push(parseRow(row));
    } catch (err) {
      if (!(err instanceof FieldError)) throw err;
      const ref = row.value('amazon-order-id');
      tally.reject({ file: file.name, line: row.line, reason: (ref ? `order ${ref}: ` : '') + err.message });
    }
  }
  return { name: file.name, encoding, rows, tally };
}

/**
 * The report has no order total: a new order's total is the sum of its items'
 * item-price when every item has one (a Pending merchant order's have none).
 */
function orderOf(rows: ReportRow[]): OrderFacts {
  const facts = { ...rows[0]!.order };
  const priced = rows.filter((r) => r.item !== undefined);
  if (priced.length > 0 && priced.every((r) => r.price !== undefined)) {
    facts.total = Math.round(priced.reduce((sum, r) => sum + r.price!, 0) * 100) / 100;
    const currency = rows.find((r) => r.currency !== undefined)?.currency;
    if (currency !== undefined) facts.currency = currency;
  }
  return facts;
}

export function writeReport(db: Snapshot, p: ParsedReport, now: string): FileResult {
  const tally = p.tally;
  const byOrder = new Map<string, ReportRow[]>();
  for (const r of p.rows) {
    const rows = byOrder.get(r.ref);
    if (rows) rows.push(r);
    else byOrder.set(r.ref, [r]);
  }
  const orders: string[] = [];
  const orderCounts = { new: 0, updated: 0 };
  for (const [ref, rows] of byOrder) {
    const { id, outcome } = writeOrder(db, orderOf(rows), 'report', now);
    const lineRows = rows.filter((r) => r.item !== undefined);
    const lines = writeLines(
      db,
      id,
      lineRows.map((r) => r.item!),
      outcome !== 'new' && isDropped(db, id),
    );
    const orderChanged = outcome === 'new' || outcome === 'updated';
    for (const r of rows) if (r.skip !== undefined) tally.skip(r.skip);
    for (const o of lines) {
      if (o === 'new') tally.new++;
      else if (o === 'updated' || (o === 'unchanged' && orderChanged)) tally.updated++;
      else tally.skip(o === 'frozen' ? 'order already dropped' : 'unchanged');
    }
    if (!orderChanged && !lines.some((o) => o === 'new' || o === 'updated')) continue;
    orders.push(ref);
    orderCounts[outcome === 'new' ? 'new' : 'updated']++;
    const payload = { AmazonOrderId: ref, ReportRows: rows.map((r) => r.record) };
    const verb = outcome === 'new' ? 'imported' : 'updated';
    if (queueOrderImport(db, payload, `Queued: ${verb} from ${baseName(p.name)}`, now)) tally.queued++;
  }
  const notes = orders.length > 0 ? [`orders: ${orderCounts.new} new, ${orderCounts.updated} updated`] : [];
  const result: FileResult = { file: p.name, unit: 'rows', tally, notes, orders };
  if (p.encoding !== 'UTF-8') result.encoding = p.encoding;
  return result;
}
