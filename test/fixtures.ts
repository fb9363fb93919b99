/** Small snapshots built inside tests. */
import { createSnapshot, type Snapshot } from '../src/db/index.js';

export const T0 = '2026-11-20T10:00:00Z';

export const DEFAULT_SETTINGS: Record<string, string> = {
  auto_process: '1',
  drop_as: 'sales_order',
  drop_as_afn: 'invoice',
  ship_store: 'MAIN',
  default_customer: 'AMAZON-US',
  use_default_sku: '0',
  default_sku: 'MISC-ITEM',
  integration_start_date: '2026-01-01T00:00:00Z',
  send_fulfillments: '1',
};

/**
 * A snapshot with settings, three items (one inactive), links for two of
 * them, stock in MAIN, and the Standard/Expedited ship methods.
 */
export async function baseSnapshot(settings: Record<string, string> = {}): Promise<Snapshot> {
  const snap = await createSnapshot();
  for (const [k, v] of Object.entries({ ...DEFAULT_SETTINGS, ...settings })) {
    snap.run('INSERT OR REPLACE INTO settings(key, value) VALUES (?, ?)', [k, v]);
  }
  const items: [string, string, number][] = [
    ['WID-100', 'Blue widget', 1],
    ['WID-200', 'Red widget', 1],
    ['OLD-300', 'Discontinued gadget', 0],
    ['MISC-ITEM', 'Miscellaneous item', 1],
  ];
  for (const [sku, description, active] of items) {
    snap.run('INSERT INTO items(sku, description, active) VALUES (?, ?, ?)', [sku, description, active]);
    snap.run('INSERT INTO stock(item_sku, store, on_hand, committed) VALUES (?, ?, ?, ?)', [sku, 'MAIN', 50, 0]);
  }
  addLink(snap, 'AMZ-BLUE', 'WID-100', 'B07XJ8C8F5');
  addLink(snap, 'AMZ-RED', 'WID-200', 'B08ABCDEF1');
  addLink(snap, 'AMZ-OLD', 'OLD-300', 'B01OLDOLD3');
  snap.run(
    "INSERT INTO ship_methods(service_level, ship_via) VALUES ('Standard', 'UPS-GROUND'), ('Expedited', 'UPS-2DAY')",
  );
  return snap;
}

export function addLink(snap: Snapshot, amazonSku: string, itemSku: string, asin: string | null = null): void {
  snap.run('INSERT INTO sku_links(amazon_sku, item_sku, asin, linked_at) VALUES (?, ?, ?, ?)', [
    amazonSku,
    itemSku,
    asin,
    T0,
  ]);
}

export interface OrderInput {
  ref: string;
  lines?: { sku: string; qty?: number; price?: number }[];
  amazonStatus?: string;
  channel?: 'MFN' | 'AFN';
  serviceLevel?: string | null;
  state?: string | null;
  postal?: string | null;
  purchaseDate?: string;
}

/** Inserts an order as the integration fetched it (status Pending); returns its id. */
export function addOrder(snap: Snapshot, o: OrderInput): number {
  const lines = o.lines ?? [{ sku: 'AMZ-BLUE', qty: 1, price: 19.99 }];
  const total = lines.reduce((s, l) => s + (l.qty ?? 1) * (l.price ?? 19.99), 0);
  const lastId = snap.insert(
    `INSERT INTO orders(order_ref, purchase_date, amazon_status, fulfillment_channel, ship_service_level,
       ship_city, ship_state, ship_postal_code, ship_country, currency, total, status, resolved, import_date, updated_at)
     VALUES (?, ?, ?, ?, ?, 'Seattle', ?, ?, 'US', 'USD', ?, 'Pending', 0, ?, ?)`,
    [
      o.ref,
      o.purchaseDate ?? '2026-11-19T08:00:00Z',
      o.amazonStatus ?? 'Unshipped',
      o.channel ?? 'MFN',
      o.serviceLevel === undefined ? 'Standard' : o.serviceLevel,
      o.state === undefined ? 'WA' : o.state,
      o.postal === undefined ? '98101' : o.postal,
      Math.round(total * 100) / 100,
      T0,
      T0,
    ],
  );
  lines.forEach((l, i) => {
    snap.run(
      'INSERT INTO order_lines(order_id, line_no, amazon_sku, asin, title, qty, unit_price) VALUES (?, ?, ?, ?, ?, ?, ?)',
      [lastId, i + 1, l.sku, null, `Product ${l.sku}`, l.qty ?? 1, l.price ?? 19.99],
    );
  });
  return lastId;
}

export function addShipment(
  snap: Snapshot,
  orderRef: string,
  s: { carrier?: string | null; name?: string | null; tracking?: string | null } = {},
): void {
  snap.run(
    'INSERT INTO shipments(order_ref, carrier_code, carrier_name, tracking_number, ship_date) VALUES (?, ?, ?, ?, ?)',
    [
      orderRef,
      s.carrier === undefined ? 'UPS' : s.carrier,
      s.name === undefined ? null : s.name,
      s.tracking === undefined ? '1Z999AA10123456784' : s.tracking,
      '2026-11-21T15:00:00Z',
    ],
  );
}

export function count(snap: Snapshot, sql: string, params: (string | number | null)[] = []): number {
  return Number(snap.value(sql, params) ?? 0);
}

export interface TxInput {
  type?: 'Order Import' | 'Inventory Sync' | 'Inventory Update' | 'Fulfillment Update' | 'Link SKU';
  orderRef?: string | null;
  sku?: string | null;
  date: string;
  status?: 'Pending' | 'Success' | 'Error';
  message?: string;
  rerunOf?: number;
  errors?: { code: string; message?: string; severity?: 'error' | 'warning' | 'info' }[];
}

const ENTITY: Record<string, string> = {
  'Order Import': 'Order',
  'Inventory Sync': 'Inventory',
  'Inventory Update': 'Inventory',
  'Fulfillment Update': 'Fulfillment',
  'Link SKU': 'SKU',
};

/** A transaction row (and its errors) as a producer would write it, for tests that need known rows. */
export function addTransaction(snap: Snapshot, t: TxInput): number {
  const type = t.type ?? 'Order Import';
  const status = t.status ?? 'Success';
  const lastId = snap.insert(
    `INSERT INTO transactions(type, entity_type, direction, order_ref, sku, import_date, start_date, end_date, status, resolved, sync_type, message, payload, rerun_of)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'Auto', ?, ?, ?)`,
    [
      type,
      ENTITY[type]!,
      type === 'Order Import' ? 'Amazon to Xoro' : 'Xoro to Amazon',
      t.orderRef ?? null,
      t.sku ?? null,
      t.date,
      t.date,
      t.date,
      status,
      status === 'Success' ? 1 : 0,
      t.message ?? `${type}: ${status}`,
      payloadOf(type, t),
      t.rerunOf ?? null,
    ],
  );
  for (const e of t.errors ?? []) {
    snap.run(
      'INSERT INTO errors(transaction_id, order_ref, sku, code, message, created_at, resolved, severity) VALUES (?, ?, ?, ?, ?, ?, 0, ?)',
      [
        lastId,
        t.orderRef ?? null,
        t.sku ?? null,
        e.code,
        e.message ?? `${e.code} happened`,
        t.date,
        e.severity ?? 'error',
      ],
    );
  }
  return lastId;
}

/** The stored input a producer would have written for the transaction. */
function payloadOf(type: string, t: TxInput): string {
  if (type === 'Order Import') return JSON.stringify({ AmazonOrderId: t.orderRef });
  if (type === 'Fulfillment Update') return JSON.stringify({ order_ref: t.orderRef });
  return JSON.stringify({ sku: t.sku });
}

/** The orders of the small snapshots below: one failed on an unlinked SKU, one dropped and resolved, one still pending on Amazon. */
export const FAILED = '112-0000001-0000001';
export const DROPPED = '113-0000002-0000002';
export const PENDING = '114-0000003-0000003';

interface SmallSnapshot {
  /** The failed order's buyer. */
  buyer: string;
  /** The dropped order's buyer (the default one when undefined). */
  droppedBuyer?: string;
  /** Why AMZ-BLUE's good stock change happened. */
  blueReason: string;
  /** A second, failed import of the failed order, and a resolved API_QUOTA on the dropped one's shipment. */
  history: boolean;
}

/**
 * The three orders with their transactions and errors (ORD_SKU_UNLINKED open,
 * ORD_STILL_PENDING a warning), a failed inventory sync of AMZ-RED
 * (INV_NEGATIVE_QTY open) and a good one of AMZ-BLUE.
 */
async function smallSnapshot(o: SmallSnapshot): Promise<Snapshot> {
  const snap = await baseSnapshot();
  addOrder(snap, { ref: FAILED, lines: [{ sku: 'AMZ-GHOST' }], purchaseDate: '2026-11-10T09:00:00Z' });
  snap.run("UPDATE orders SET status = 'Error', buyer_name = ? WHERE order_ref = ?", [o.buyer, FAILED]);
  addOrder(snap, { ref: DROPPED, purchaseDate: '2026-11-12T09:00:00Z' });
  snap.run(
    "UPDATE orders SET status = 'Dropped', resolved = 1, xoro_ref = 'SO-000001', buyer_name = coalesce(?, buyer_name) WHERE order_ref = ?",
    [o.droppedBuyer ?? null, DROPPED],
  );
  snap.run(
    "INSERT INTO documents(kind, number, order_ref, created_at, total) VALUES ('sales_order', 'SO-000001', ?, '2026-11-12T09:05:00Z', 19.99)",
    [DROPPED],
  );
  addOrder(snap, { ref: PENDING, purchaseDate: '2026-11-14T09:00:00Z', amazonStatus: 'Pending' });

  const first = addTransaction(snap, {
    orderRef: FAILED,
    date: '2026-11-10T09:01:00Z',
    status: 'Error',
    message: 'Validate lines: Amazon SKU AMZ-GHOST not linked',
    errors: [{ code: 'ORD_SKU_UNLINKED', message: 'Amazon SKU AMZ-GHOST not linked to an ERP item' }],
  });
  if (o.history) {
    addTransaction(snap, {
      orderRef: FAILED,
      date: '2026-11-11T09:01:00Z',
      status: 'Error',
      rerunOf: first,
      message: 'Validate lines: still not linked',
    });
  }
  addTransaction(snap, { orderRef: DROPPED, date: '2026-11-12T09:05:00Z', message: 'Drop: dropped as SO-000001' });
  addTransaction(snap, {
    orderRef: PENDING,
    date: '2026-11-14T09:01:00Z',
    status: 'Pending',
    errors: [{ code: 'ORD_STILL_PENDING', severity: 'warning' }],
  });
  const invFail = addTransaction(snap, {
    type: 'Inventory Sync',
    sku: 'AMZ-RED',
    date: '2026-11-15T00:00:00Z',
    status: 'Error',
    errors: [{ code: 'INV_NEGATIVE_QTY' }],
  });
  const invOk = addTransaction(snap, { type: 'Inventory Sync', sku: 'AMZ-BLUE', date: '2026-11-16T00:00:00Z' });
  if (o.history) {
    const quota = addTransaction(snap, {
      type: 'Fulfillment Update',
      orderRef: DROPPED,
      date: '2026-11-13T00:00:00Z',
      status: 'Error',
      errors: [{ code: 'API_QUOTA' }],
    });
    snap.run('UPDATE errors SET resolved = 1 WHERE transaction_id = ?', [quota]);
    snap.run('UPDATE transactions SET resolved = 1 WHERE id = ?', [quota]);
  }
  snap.run(
    `INSERT INTO inventory_log(transaction_id, sku, store, qty_before, qty_after, reason, adjusted_at, status, resolved) VALUES
      (?, 'AMZ-RED', 'MAIN', 3, -2, 'Scheduled sync', '2026-11-15T00:00:00Z', 'Error', 0),
      (?, 'AMZ-BLUE', 'MAIN', 40, 50, ?, '2026-11-16T00:00:00Z', 'Success', 1)`,
    [invFail, invOk, o.blueReason],
  );
  return snap;
}

/** For triage tests: each filter checked against known rows (the buyer's name holds LIKE's wildcards). */
export function triageSnapshot(): Promise<Snapshot> {
  return smallSnapshot({ buyer: 'Ada 100%_Lovelace', blueReason: 'Scheduled sync', history: false });
}

/** triageSnapshot() saved as `file` (in a test's own folder): for tests of the file and of the programs that open it. */
export async function triageSnapshotAt(file: string): Promise<string> {
  const snap = await triageSnapshot();
  snap.saveAs(file);
  snap.close();
  return file;
}

/** For UI tests: what each key shows or hides, with a re-run's history and a resolved error. */
export function uiSnapshot(): Promise<Snapshot> {
  return smallSnapshot({
    buyer: 'Ada Lovelace',
    droppedBuyer: 'Grace Hopper',
    blueReason: 'Cycle count',
    history: true,
  });
}

/** `n` more pending orders, refs 200-0000000-00000NN, purchased on successive days of October. */
export function addManyOrders(snap: Snapshot, n: number): string[] {
  const refs: string[] = [];
  for (let i = 1; i <= n; i++) {
    const ref = `200-0000000-${String(i).padStart(7, '0')}`;
    addOrder(snap, { ref, purchaseDate: `2026-10-${String(i).padStart(2, '0')}T08:00:00Z` });
    refs.push(ref);
  }
  return refs;
}

export function idOf(snap: Snapshot, sql: string, params: (string | number)[] = []): number {
  return Number(snap.value(sql, params));
}
