/** Order Import (Amazon to Xoro): validate an Amazon order and drop it as a sales order or invoice. */
import type { Snapshot } from '../db/index.js';
import { parseInstant } from '../text/dates.js';
import { INVALID_INPUT, TRANSIENT_TEXT } from './messages.js';
import { type Outcome, inTransaction, isNonEmpty, record, runClock } from './run-record.js';
import { readSettings, type Settings } from './app-settings.js';
import type { RunError, RunOptions, RunResult } from './domain.js';

export interface OrderRow {
  id: number;
  order_ref: string;
  purchase_date: string | null;
  amazon_status: string | null;
  fulfillment_channel: string;
  ship_service_level: string | null;
  ship_city: string | null;
  ship_state: string | null;
  ship_postal_code: string | null;
  ship_country: string | null;
  currency: string;
  total: number;
  status: string;
  xoro_ref: string | null;
  document_number: string | null;
  ship_via: string | null;
}

export interface LineRow {
  line_no: number;
  amazon_sku: string;
  asin: string | null;
  title: string | null;
  qty: number;
  unit_price: number;
  linked_item: string | null;
}

/** A line with the ERP item it resolves to and that item's stock in the ship store. */
export interface Line extends LineRow {
  /** The linked item, else the default SKU when the settings allow it. */
  item: string | null;
  /** 1/0 when the item exists, null when it does not. */
  active: number | null;
  stock: { on_hand: number; committed: number } | undefined;
}

// Measured in sql.js: a join costs several times a scalar subquery, each column fetched costs
// about as much as an index step (so a wide row comes back as one JSON value), and ORDER BY on
// the lines costs more than sorting them here.
const READ_ORDER = `SELECT json_object('id', id, 'order_ref', order_ref, 'purchase_date', purchase_date,
    'amazon_status', amazon_status, 'fulfillment_channel', fulfillment_channel, 'ship_service_level', ship_service_level,
    'ship_city', ship_city, 'ship_state', ship_state, 'ship_postal_code', ship_postal_code, 'ship_country', ship_country,
    'currency', currency, 'total', total, 'status', status, 'xoro_ref', xoro_ref,
    'document_number', (SELECT number FROM documents d WHERE d.order_ref = o.order_ref),
    'ship_via', (SELECT ship_via FROM ship_methods m WHERE m.service_level = o.ship_service_level))
  FROM orders o WHERE order_ref = ?`;
const READ_LINES = `SELECT line_no, amazon_sku, asin, title, qty, unit_price,
    (SELECT item_sku FROM sku_links k WHERE k.amazon_sku = l.amazon_sku) AS linked_item
  FROM order_lines l WHERE order_id = ?`;
const READ_ITEM = 'SELECT active FROM items WHERE sku = ?';
const READ_STOCK = 'SELECT on_hand, committed FROM stock WHERE item_sku = ? AND store = ?';

const SKIP_ORDER = "UPDATE orders SET status = 'Skipped', skip_reason = ?, resolved = 1, updated_at = ? WHERE id = ?";
const FAIL_ORDER = "UPDATE orders SET status = 'Error', resolved = 0, skip_reason = NULL, updated_at = ? WHERE id = ?";
const DROP_ORDER =
  "UPDATE orders SET status = 'Dropped', xoro_ref = ?, resolved = 1, skip_reason = NULL, updated_at = ? WHERE id = ?";
const NEXT_DOCUMENT_ID = 'SELECT coalesce(max(id), 0) + 1 FROM documents';
const DOCUMENT_NUMBER_TAKEN = 'SELECT 1 FROM documents WHERE number = ?';
const INSERT_DOCUMENT =
  'INSERT INTO documents(id, kind, number, order_ref, created_at, total) VALUES (?, ?, ?, ?, ?, ?)';
const COMMIT_STOCK = 'UPDATE stock SET committed = committed + ? WHERE item_sku = ? AND store = ?';
const INSERT_COMMIT_LOG = `INSERT INTO inventory_log(transaction_id, sku, store, qty_before, qty_after, reason, adjusted_at, status, resolved)
  VALUES (?, ?, ?, ?, ?, ?, ?, 'Success', 1)`;

const STILL_PENDING = new Set(['Pending', 'PendingAvailability']);

export function runOrderImport(db: Snapshot, orderRef: string, opts?: RunOptions): RunResult {
  return inTransaction(db, () => importOrder(db, orderRef, opts));
}

interface Failure extends RunError {
  step: string;
}

/** What importing the order comes to with the data as it is now, before anything is written. */
export type OrderVerdict =
  | { kind: 'notFound' }
  | { kind: 'skip'; order: OrderRow; lines: LineRow[]; reason: string }
  | { kind: 'duplicate'; order: OrderRow; lines: LineRow[]; number: string | null }
  | { kind: 'pending'; order: OrderRow; lines: LineRow[]; amazonStatus: string }
  | { kind: 'fail'; order: OrderRow; lines: LineRow[]; failures: Failure[] }
  | { kind: 'drop'; order: OrderRow; lines: Line[]; settings: Settings };

/** Reads only: what an import of the order would do now (the dry run behind "would pass now"). */
export function assessOrderImport(db: Snapshot, orderRef: string): OrderVerdict {
  const settings = readSettings(db);
  const json = isNonEmpty(orderRef) ? db.value<string>(READ_ORDER, [orderRef]) : undefined;
  const order = json === undefined ? undefined : (JSON.parse(json) as OrderRow);
  if (!order) return { kind: 'notFound' };
  const rows = db.all<LineRow>(READ_LINES, [order.id]).sort((a, b) => a.line_no - b.line_no);
  // A dropped order stays dropped whatever Amazon or the settings say since: it is in the ERP.
  if (order.document_number !== null || order.status === 'Dropped') {
    return { kind: 'duplicate', order, lines: rows, number: order.document_number ?? order.xoro_ref };
  }
  // Dates compare as instants, whatever ISO-8601 form the producer wrote; text that is no date is refused, never guessed.
  const start = settings.integrationStartDate;
  if (start !== null && order.purchase_date !== null) {
    const [bought, from] = [parseInstant(order.purchase_date), parseInstant(start)];
    if (from === undefined)
      return invalid(order, rows, 'Read settings', `integration_start_date '${start}' is not a date`);
    if (bought === undefined)
      return invalid(
        order,
        rows,
        'Read order',
        `PurchaseDate '${order.purchase_date}' of order ${order.order_ref} is not a date`,
      );
    if (bought < from)
      return { kind: 'skip', order, lines: rows, reason: `purchased before the integration start date (${start})` };
  }
  if (order.amazon_status === 'Canceled') return { kind: 'skip', order, lines: rows, reason: 'canceled on Amazon' };
  if (order.amazon_status !== null && STILL_PENDING.has(order.amazon_status))
    return { kind: 'pending', order, lines: rows, amazonStatus: order.amazon_status };
  // A producer's value the rules cannot use (a text total, a quantity of 'two') fails the run, naming it.
  if (typeof order.total !== 'number' || !Number.isFinite(order.total)) {
    return invalid(
      order,
      rows,
      'Read order',
      `OrderTotal '${order.total}' of order ${order.order_ref} is not a number`,
    );
  }
  const bad = rows.find(
    (l) => !Number.isInteger(l.qty) || l.qty < 1 || typeof l.unit_price !== 'number' || !Number.isFinite(l.unit_price),
  );
  if (bad) {
    const what =
      !Number.isInteger(bad.qty) || bad.qty < 1
        ? `QuantityOrdered '${bad.qty}' is not a whole number above 0`
        : `ItemPrice '${bad.unit_price}' is not a number`;
    return invalid(order, rows, 'Read order', `line ${bad.line_no} of order ${order.order_ref}: ${what}`);
  }
  const lines = resolveItems(db, rows, settings);
  const failures = validate(order, lines, settings);
  if (failures.length > 0) return { kind: 'fail', order, lines: rows, failures };
  return { kind: 'drop', order, lines, settings };
}

function invalid(order: OrderRow, lines: LineRow[], step: string, what: string): OrderVerdict {
  return {
    kind: 'fail',
    order,
    lines,
    failures: [
      {
        step,
        code: 'API_INVALID_INPUT',
        severity: 'error',
        message: `${INVALID_INPUT} (${what})`,
        orderRef: order.order_ref,
      },
    ],
  };
}

function importOrder(db: Snapshot, orderRef: string, opts: RunOptions | undefined): RunResult {
  const now = runClock(opts);
  const verdict = assessOrderImport(db, orderRef);
  if (verdict.kind === 'notFound') {
    return record(
      db,
      {
        type: 'Order Import',
        orderRef: isNonEmpty(orderRef) ? orderRef : null,
        sku: null,
        payload: { AmazonOrderId: orderRef },
        status: 'Error',
        step: 'Read order',
        outcome: `order ${orderRef} not found`,
        errors: [
          { code: 'API_INVALID_INPUT', severity: 'error', message: `${INVALID_INPUT} (order ${orderRef} not found)` },
        ],
      },
      opts,
      now,
    );
  }
  const order = verdict.order;
  const base = {
    type: 'Order Import' as const,
    orderRef: order.order_ref,
    sku: null,
    payload: amazonOrder(order, verdict.lines),
  };
  const done = (o: Omit<Outcome, keyof typeof base>): RunResult => record(db, { ...base, ...o }, opts, now);

  switch (verdict.kind) {
    case 'skip':
      db.run(SKIP_ORDER, [verdict.reason, now, order.id]);
      return done({
        status: 'Success',
        step: 'Skipped',
        outcome: verdict.reason === 'canceled on Amazon' ? 'order canceled on Amazon' : verdict.reason,
        errors: [],
      });
    case 'duplicate': {
      const text = verdict.number === null ? 'order already dropped' : `order already dropped as ${verdict.number}`;
      return done({
        status: 'Success',
        step: 'Skipped',
        outcome: text,
        errors: [{ code: 'ORD_DUPLICATE', severity: 'info', message: text }],
      });
    }
    case 'pending': {
      const text = `order still ${verdict.amazonStatus} on Amazon; imports at Unshipped`;
      return done({
        status: 'Pending',
        step: 'Check status',
        outcome: text,
        errors: [{ code: 'ORD_STILL_PENDING', severity: 'warning', message: text }],
      });
    }
    default:
      break;
  }
  if (opts?.fault) {
    db.run(FAIL_ORDER, [now, order.id]);
    const text = TRANSIENT_TEXT[opts.fault];
    return done({
      status: 'Error',
      step: 'Fetch order from Amazon',
      outcome: text,
      errors: [{ code: opts.fault, severity: 'error', message: text }],
    });
  }
  if (verdict.kind === 'fail') {
    const failures = verdict.failures;
    db.run(FAIL_ORDER, [now, order.id]);
    const first = failures[0]!;
    const more = failures.length > 1 ? ` (+${failures.length - 1} more)` : '';
    return done({
      status: 'Error',
      step: first.step,
      outcome: first.message + more,
      errors: failures.map(({ step: _step, ...error }) => error),
    });
  }
  return drop(db, order, verdict.lines, verdict.settings, now, (number) =>
    done({ status: 'Success', step: 'Drop', outcome: `dropped as ${number}`, errors: [], documentNumber: number }),
  );
}

function resolveItems(db: Snapshot, rows: LineRow[], settings: Settings): Line[] {
  const fallback = settings.useDefaultSku ? settings.defaultSku : null;
  return rows.map((row) => {
    const item = row.linked_item ?? fallback;
    if (item === null) return { ...row, item, active: null, stock: undefined };
    const active = db.value<number>(READ_ITEM, [item]) ?? null;
    const stock =
      settings.shipStore === null
        ? undefined
        : db.get<{ on_hand: number; committed: number }>(READ_STOCK, [item, settings.shipStore]);
    return { ...row, item, active, stock };
  });
}

/** Every reason the order cannot be dropped, one per problem, lines first. */
function validate(order: OrderRow, lines: Line[], settings: Settings): Failure[] {
  const failures: Failure[] = [];
  const fail = (step: string, code: RunError['code'], message: string, sku?: string): void => {
    failures.push({ step, code, message, severity: 'error', orderRef: order.order_ref, sku });
  };
  for (const line of lines) {
    const sku = line.amazon_sku;
    const wanted = line.item;
    if (wanted === null) {
      fail('Validate lines', 'ORD_SKU_UNLINKED', `Amazon SKU ${sku} not linked to an ERP item`, sku);
      continue;
    }
    if (line.active === null) {
      const which = line.linked_item === null ? 'default item' : 'item';
      fail('Validate lines', 'ORD_SKU_NOT_FOUND', `${which} ${wanted} for Amazon SKU ${sku} not found in the ERP`, sku);
      continue;
    }
    if (line.active === 0) fail('Validate lines', 'ORD_SKU_INACTIVE', `linked item ${wanted} is inactive`, sku);
    if (line.stock === undefined) {
      const where =
        settings.shipStore === null ? 'no ship store is set' : `in store ${settings.shipStore} for item ${wanted}`;
      fail('Validate lines', 'ORD_NO_STOCK', `unable to reserve inventory ${where}`, sku);
    } else if (!Number.isInteger(line.stock.on_hand) || !Number.isInteger(line.stock.committed)) {
      // SQLite would count text as 0 and commit against it: the counts must be read, not guessed.
      const shown = `${JSON.stringify(line.stock.on_hand)} on hand, ${JSON.stringify(line.stock.committed)} committed`;
      fail(
        'Validate lines',
        'ORD_NO_STOCK',
        `unable to reserve inventory in store ${settings.shipStore} for item ${wanted}: its stock (${shown}) is not a count`,
        sku,
      );
    }
  }
  if (order.fulfillment_channel !== 'AFN') {
    const missing = [order.ship_state ? null : 'StateOrRegion', order.ship_postal_code ? null : 'PostalCode'].filter(
      (f) => f !== null,
    );
    if (missing.length > 0)
      fail('Validate address', 'ORD_ADDRESS_MISSING', `ShippingAddress ${missing.join(' and ')} missing`);
  }
  if (order.ship_via === null) {
    const text = order.ship_service_level
      ? `shipping service level ${order.ship_service_level} not mapped to an ERP ship-via`
      : 'shipping service level missing on the order';
    fail('Validate shipping', 'ORD_SHIP_SERVICE_UNMAPPED', text);
  }
  return failures;
}

/** Creates the ERP document and commits each line's quantity in the ship store. */
function drop(
  db: Snapshot,
  order: OrderRow,
  lines: Line[],
  settings: Settings,
  now: string,
  recordRun: (documentNumber: string) => RunResult,
): RunResult {
  const kind = order.fulfillment_channel === 'AFN' ? settings.dropAsAfn : settings.dropAs;
  const prefix = kind === 'invoice' ? 'INV-' : 'SO-';
  let id = Number(db.value(NEXT_DOCUMENT_ID));
  let number = prefix + String(id).padStart(6, '0');
  // Numbers from another producer may not follow the ids; never reuse one.
  while (db.value(DOCUMENT_NUMBER_TAKEN, [number]) !== undefined) number = prefix + String(++id).padStart(6, '0');

  const result = recordRun(number);
  db.run(INSERT_DOCUMENT, [id, kind, number, order.order_ref, now, order.total]);
  db.run(DROP_ORDER, [number, now, order.id]);
  const store = settings.shipStore;
  const committedSoFar = new Map<string, number>();
  for (const line of lines) {
    const item = line.item!;
    const committed = committedSoFar.get(item) ?? line.stock!.committed;
    const before = line.stock!.on_hand - committed;
    committedSoFar.set(item, committed + line.qty);
    db.run(COMMIT_STOCK, [line.qty, item, store]);
    db.run(INSERT_COMMIT_LOG, [
      result.transactionId,
      line.amazon_sku,
      store,
      before,
      before - line.qty,
      `Committed to ${number}`,
      now,
    ]);
  }
  return result;
}

/** The order as Amazon's Orders API shapes it: what the run was given. */
function amazonOrder(order: OrderRow, lines: LineRow[]): Record<string, unknown> {
  // The input as it was given: a producer's value that is no number shows as it is.
  const money = (amount: unknown) => ({
    CurrencyCode: order.currency,
    Amount: typeof amount === 'number' ? amount.toFixed(2) : String(amount),
  });
  const payload: Record<string, unknown> = {
    AmazonOrderId: order.order_ref,
    PurchaseDate: order.purchase_date,
    OrderStatus: order.amazon_status,
    FulfillmentChannel: order.fulfillment_channel,
    ShipmentServiceLevelCategory: order.ship_service_level,
    OrderTotal: money(order.total),
  };
  if (order.ship_city || order.ship_state || order.ship_postal_code || order.ship_country) {
    payload.ShippingAddress = {
      City: order.ship_city,
      StateOrRegion: order.ship_state,
      PostalCode: order.ship_postal_code,
      CountryCode: order.ship_country,
    };
  }
  payload.OrderItems = lines.map((l) => ({
    ASIN: l.asin,
    SellerSKU: l.amazon_sku,
    Title: l.title,
    QuantityOrdered: l.qty,
    ItemPrice: money(Number.isFinite(l.unit_price * l.qty) ? l.unit_price * l.qty : l.unit_price),
  }));
  return payload;
}
