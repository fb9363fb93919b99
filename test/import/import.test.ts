/** Importing the Amazon fixtures in process: what lands in each table, queued runs, idempotence, merges, dry runs, refusals. */
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Snapshot } from '../../src/db/index.js';
import { runSchedule } from '../../src/engine/index.js';
import {
  ImportFileError,
  type ImportKind,
  type ImportReport,
  importFiles,
  type SourceFile,
  summaryLine,
} from '../../src/import/import-files.js';
import { count } from '../fixtures.js';
import { fixture, JUDGED, shopSnapshot, source, textSource } from './shop.js';

const NOW = '2026-11-25T09:00:00Z';
const LATER = '2026-11-26T09:00:00Z';

function run(
  db: Snapshot,
  kind: ImportKind,
  files: (string | SourceFile)[],
  opts: { now?: string; dryRun?: boolean; actor?: string } = {},
): ImportReport {
  return importFiles(db, {
    kind,
    files: files.map((f) => (typeof f === 'string' ? source(f) : f)),
    actor: opts.actor ?? 'tester',
    now: opts.now ?? NOW,
    dryRun: opts.dryRun,
  });
}

const lines = (r: ImportReport) => r.results.map(summaryLine);

function order(db: Snapshot, ref: string) {
  return db.get(
    `SELECT purchase_date, amazon_status, amazon_updated_at, fulfillment_channel, ship_service_level, ship_city, ship_state,
       ship_postal_code, ship_country, currency, total, buyer_name, status, resolved, import_date, updated_at, xoro_ref, skip_reason
     FROM orders WHERE order_ref = ?`,
    [ref],
  );
}

function orderLines(db: Snapshot, ref: string) {
  return db.all(
    `SELECT line_no, amazon_sku, asin, title, qty, unit_price, order_item_id FROM order_lines
     WHERE order_id = (SELECT id FROM orders WHERE order_ref = ?) ORDER BY line_no`,
    [ref],
  );
}

function queued(db: Snapshot) {
  return db.all<{ order_ref: string; payload: string } & Record<string, unknown>>(
    `SELECT type, entity_type, direction, order_ref, sku, import_date, start_date, end_date, status, resolved, sync_type, message, payload, rerun_of
     FROM transactions ORDER BY id`,
  );
}

const fixtureOrders = () =>
  (JSON.parse(fs.readFileSync(fixture('orders.json'), 'utf8')) as { payload: { Orders: { AmazonOrderId: string }[] } })
    .payload.Orders;

describe('import orders (getOrders responses)', () => {
  it("maps each order's fields, leaving out what Amazon left out, and queues one Order Import run per new order", async () => {
    const db = await shopSnapshot();
    const report = run(db, 'orders', ['orders.json']);
    expect(lines(report)).toEqual(['orders.json: 6 orders: 6 new, 0 updated, 0 skipped; 6 runs queued']);
    expect(report.changed).toBe(true);

    const common = {
      status: 'Pending',
      resolved: 0,
      import_date: NOW,
      updated_at: NOW,
      xoro_ref: null,
      skip_reason: null,
    };
    expect(order(db, '114-3941689-8772232')).toEqual({
      ...common,
      purchase_date: '2026-11-21T14:02:11Z',
      amazon_status: 'Unshipped',
      amazon_updated_at: '2026-11-21T14:35:40Z',
      fulfillment_channel: 'MFN',
      ship_service_level: 'Standard',
      ship_city: 'Seattle',
      ship_state: 'WA',
      ship_postal_code: '98101',
      ship_country: 'US',
      currency: 'USD',
      total: 64.98,
      buyer_name: 'Jane Roe',
    });
    // Pending, as Amazon's own example: SellerFulfilled, no ShippingAddress, no BuyerInfo, no OrderTotal.
    expect(order(db, '902-3159896-1390916')).toEqual({
      ...common,
      purchase_date: '2026-11-22T19:49:35Z',
      amazon_status: 'Pending',
      amazon_updated_at: '2026-11-22T19:49:35Z',
      fulfillment_channel: 'MFN',
      ship_service_level: 'Standard',
      ship_city: null,
      ship_state: null,
      ship_postal_code: null,
      ship_country: null,
      currency: 'USD',
      total: 0,
      buyer_name: '',
    });
    expect(order(db, '111-8823547-2201745')).toMatchObject({
      amazon_status: 'Shipped',
      fulfillment_channel: 'AFN',
      ship_city: 'PORTLAND',
      ship_postal_code: '97201-1234',
      total: 99.98,
    });
    expect(order(db, '112-5550196-3318806')).toMatchObject({
      amazon_status: 'Canceled',
      ship_state: null,
      total: 14.99,
    });
    // BuyerInfo without BuyerName (restricted data): the name stays empty.
    expect(order(db, '113-2876104-6653929')).toMatchObject({ buyer_name: '', ship_state: 'TX' });

    const runs = queued(db);
    expect(runs.map((t) => t.order_ref)).toEqual(fixtureOrders().map((o) => o.AmazonOrderId));
    for (const [i, t] of runs.entries()) {
      expect(t).toMatchObject({
        type: 'Order Import',
        entity_type: 'Order',
        direction: 'Amazon to Xoro',
        sku: null,
        import_date: NOW,
        start_date: null,
        end_date: null,
        status: 'Pending',
        resolved: 0,
        sync_type: 'Auto',
        message: 'Queued: imported from orders.json',
        rerun_of: null,
      });
      // The order exactly as received.
      expect(JSON.parse(t.payload)).toEqual(fixtureOrders()[i]);
    }
    expect(count(db, 'SELECT COUNT(*) FROM errors')).toBe(0);
  });

  it('changes nothing, and says so, when the same file is imported again', async () => {
    const db = await shopSnapshot();
    run(db, 'orders', ['orders.json']);
    const before = db.export();
    const again = run(db, 'orders', ['orders.json'], { now: LATER });
    expect(lines(again)).toEqual(['orders.json: 6 orders: 0 new, 0 updated, 6 skipped (unchanged x6)']);
    expect(again.changed).toBe(false);
    expect(Buffer.from(db.export()).equals(Buffer.from(before))).toBe(true);
  });

  it('updates an order from a newer response without queuing a second run, skips an older one, and reports bad records by line', async () => {
    const db = await shopSnapshot();
    run(db, 'orders', ['orders.json']);
    const report = run(db, 'orders', ['orders-page2.jsonl'], { now: LATER });
    expect(lines(report)).toEqual([
      'orders-page2.jsonl: 5 orders: 1 new, 1 updated, 3 skipped (invalid x2, older than stored x1); 1 run queued',
    ]);
    expect(report.results[0]!.tally.bad.sort((a, b) => a.line - b.line)).toEqual([
      {
        file: 'orders-page2.jsonl',
        line: 2,
        reason: 'an error response from Amazon: QuotaExceeded: You exceeded your quota for the requested resource.',
      },
      { file: 'orders-page2.jsonl', line: 4, reason: 'not JSON: a string that is never closed (column 40)' },
    ]);
    // The Pending order is now Unshipped with an address, a total and a buyer.
    expect(order(db, '902-3159896-1390916')).toMatchObject({
      amazon_status: 'Unshipped',
      amazon_updated_at: '2026-11-23T06:10:00Z',
      ship_city: 'Canton',
      ship_state: 'MI',
      ship_postal_code: '48187',
      ship_country: 'US',
      total: 29.98,
      buyer_name: 'John Doe',
      import_date: NOW,
      updated_at: LATER,
    });
    // Its queued run is still waiting: no second one.
    expect(count(db, "SELECT COUNT(*) FROM transactions WHERE order_ref = '902-3159896-1390916'")).toBe(1);
    // An older LastUpdateDate (still Pending then) changes nothing.
    expect(order(db, '114-3941689-8772232')).toMatchObject({
      amazon_status: 'Unshipped',
      amazon_updated_at: '2026-11-21T14:35:40Z',
      updated_at: NOW,
    });
    expect(queued(db).at(-1)).toMatchObject({
      order_ref: '114-0977321-5523901',
      message: 'Queued: imported from orders-page2.jsonl',
      import_date: LATER,
    });
    expect(report.withoutLines).toEqual(['902-3159896-1390916', '114-0977321-5523901']);
  });

  it('reads a bare Orders array with the older AmazonFulfilled channel, and rejects an unknown OrderStatus', async () => {
    const db = await shopSnapshot();
    const report = run(db, 'orders', ['orders-bare.json']);
    expect(lines(report)).toEqual([
      'orders-bare.json: 2 orders: 1 new, 0 updated, 1 skipped (invalid x1); 1 run queued',
    ]);
    expect(report.results[0]!.tally.bad).toEqual([
      {
        file: 'orders-bare.json',
        line: 14,
        reason:
          'order 111-3350981-4417206: OrderStatus "Returned" is not one of Pending, Unshipped, PartiallyShipped, Shipped, Canceled, Unfulfillable, InvoiceUnconfirmed, PendingAvailability',
      },
    ]);
    expect(order(db, '113-5120934-0087712')).toMatchObject({
      fulfillment_channel: 'AFN',
      ship_service_level: 'SecondDay',
      amazon_status: 'Shipped',
    });
    expect(count(db, "SELECT COUNT(*) FROM orders WHERE order_ref = '111-3350981-4417206'")).toBe(0);
  });

  it('rejects orders missing what a run needs, and keeps the good ones', async () => {
    const db = await shopSnapshot();
    const page = {
      payload: {
        Orders: [
          { AmazonOrderId: '111-0000001-0000001', PurchaseDate: '2026-11-20T10:00:00Z', OrderStatus: 'Unshipped' },
          {
            AmazonOrderId: '111-0000002-0000002',
            PurchaseDate: 'yesterday',
            OrderStatus: 'Unshipped',
            FulfillmentChannel: 'MFN',
          },
          {
            AmazonOrderId: '111-0000003-0000003',
            PurchaseDate: '2026-11-20T10:00:00Z',
            OrderStatus: 'Unshipped',
            FulfillmentChannel: 'MFN',
            OrderTotal: { CurrencyCode: 'USD', Amount: 'ten' },
          },
          { PurchaseDate: '2026-11-20T10:00:00Z', OrderStatus: 'Unshipped', FulfillmentChannel: 'MFN' },
          {
            AmazonOrderId: '111-0000005-0000005',
            PurchaseDate: '2026-11-20T10:00:00Z',
            OrderStatus: 'Unshipped',
            FulfillmentChannel: 'MFN',
          },
        ],
      },
    };
    const report = run(db, 'orders', [textSource('p.json', JSON.stringify(page, null, 1))]);
    expect(report.results[0]!.tally.bad.map((b) => b.reason)).toEqual([
      'order 111-0000001-0000001: FulfillmentChannel missing',
      'order 111-0000002-0000002: PurchaseDate "yesterday" is not a date and time with its time zone',
      'order 111-0000003-0000003: OrderTotal.Amount "ten" is not an amount',
      'AmazonOrderId missing',
    ]);
    expect(db.all('SELECT order_ref FROM orders')).toEqual([{ order_ref: '111-0000005-0000005' }]);
  });

  it('queues no run for an order already dropped or skipped, and a new one for a failed order whose data changed', async () => {
    const db = await shopSnapshot();
    run(db, 'orders', ['orders.json']);
    // As if the schedule had run: one order dropped, one skipped, one failed; their queued runs done.
    db.run("UPDATE transactions SET start_date = ?, end_date = ?, status = 'Success', resolved = 1", [NOW, NOW]);
    db.run("UPDATE orders SET status = 'Dropped', xoro_ref = 'SO-000001' WHERE order_ref = '114-3941689-8772232'");
    db.run(
      "UPDATE orders SET status = 'Skipped', skip_reason = 'canceled on Amazon' WHERE order_ref = '112-5550196-3318806'",
    );
    db.run("UPDATE orders SET status = 'Error' WHERE order_ref = '113-2876104-6653929'");
    const changed = fixtureOrders().map((o) => ({ ...o, LastUpdateDate: '2026-11-24T00:00:00Z' }));
    const report = run(db, 'orders', [textSource('changed.json', JSON.stringify(changed))], { now: LATER });
    expect(lines(report)).toEqual(['changed.json: 6 orders: 0 new, 6 updated, 0 skipped; 4 runs queued']);
    const fresh = queued(db).filter((t) => t.import_date === LATER);
    expect(fresh.map((t) => t.order_ref).sort()).toEqual([
      '111-8823547-2201745',
      '112-7730412-9035521',
      '113-2876104-6653929',
      '902-3159896-1390916',
    ]);
    expect(fresh[0]).toMatchObject({
      status: 'Pending',
      start_date: null,
      message: 'Queued: updated from changed.json',
    });
    // Amazon's side of a dropped order still follows Amazon; the ERP side stays.
    expect(order(db, '114-3941689-8772232')).toMatchObject({
      amazon_updated_at: '2026-11-24T00:00:00Z',
      status: 'Dropped',
      xoro_ref: 'SO-000001',
    });
  });
});

describe('import order-items (getOrderItems responses)', () => {
  it('writes the lines of imported orders with the unit price, the item id, and no price for a Pending order', async () => {
    const db = await shopSnapshot();
    run(db, 'orders', ['orders.json']);
    const report = run(db, 'order-items', ['order-items-114-3941689-8772232.json', 'order-items.jsonl']);
    expect(lines(report)).toEqual([
      'order-items-114-3941689-8772232.json: 2 order items: 2 new, 0 updated, 0 skipped',
      'order-items.jsonl: 6 order items: 5 new, 0 updated, 1 skipped (order not imported x1)',
    ]);
    expect(report.results[1]!.notes).toEqual([
      'items of orders not in the snapshot are left out: import their getOrders responses first',
    ]);
    expect(orderLines(db, '114-3941689-8772232')).toEqual([
      {
        line_no: 1,
        amazon_sku: 'AMZ-LAMP',
        asin: 'B07XJ8C8F5',
        title: 'Brass Desk Lamp with Linen Shade',
        qty: 1,
        unit_price: 49.99,
        order_item_id: '68828574383266',
      },
      {
        line_no: 2,
        amazon_sku: 'AMZ-MUG',
        asin: 'B08ABCDEF1',
        title: 'Stoneware Mug, 12 oz',
        qty: 1,
        unit_price: 14.99,
        order_item_id: '79039765272157',
      },
    ]);
    // ItemPrice is the line's price: two mugs at 29.98 are 14.99 each.
    expect(orderLines(db, '112-7730412-9035521')).toMatchObject([{ amazon_sku: 'AMZ-MUG', qty: 2, unit_price: 14.99 }]);
    expect(orderLines(db, '902-3159896-1390916')).toMatchObject([
      { amazon_sku: 'AMZ-MUG', qty: 2, unit_price: 0, order_item_id: '20518893571122' },
    ]);
    expect(count(db, "SELECT COUNT(*) FROM orders WHERE order_ref = '113-0458812-7761234'")).toBe(0);
    // The orders' queued runs are still the only ones.
    expect(count(db, 'SELECT COUNT(*) FROM transactions')).toBe(6);
    expect(report.withoutLines).toEqual([]);
    expect(lines(run(db, 'order-items', ['order-items.jsonl'], { now: LATER }))).toEqual([
      'order-items.jsonl: 6 order items: 0 new, 0 updated, 6 skipped (unchanged x5, order not imported x1)',
    ]);
  });

  it('adds the next page of a long order, prices the items once the order leaves Pending, and leaves a dropped order as it is', async () => {
    const db = await shopSnapshot();
    run(db, 'orders', ['orders.json']);
    run(db, 'order-items', ['order-items.jsonl']);
    db.run("UPDATE transactions SET start_date = ?, end_date = ?, status = 'Success', resolved = 1", [NOW, NOW]);
    db.run("UPDATE orders SET status = 'Dropped', xoro_ref = 'INV-000001' WHERE order_ref = '111-8823547-2201745'");
    const item = (id: string, sku: string, qty: number, amount?: string) => ({
      OrderItemId: id,
      SellerSKU: sku,
      ASIN: 'B08ABCDEF1',
      QuantityOrdered: qty,
      ...(amount ? { ItemPrice: { CurrencyCode: 'USD', Amount: amount } } : {}),
    });
    const responses = [
      {
        payload: {
          AmazonOrderId: '902-3159896-1390916',
          NextToken: 'p2',
          OrderItems: [item('20518893571122', 'AMZ-MUG', 2, '29.98')],
        },
      },
      {
        payload: {
          AmazonOrderId: '902-3159896-1390916',
          OrderItems: [item('20518893571199', 'AMZ-KETTLE', 1, '39.00')],
        },
      },
      {
        payload: {
          AmazonOrderId: '111-8823547-2201745',
          OrderItems: [item('45120038816530', 'FBA-LAMP', 3, '149.97'), item('45120038816531', 'AMZ-MUG', 1)],
        },
      },
    ];
    const report = run(
      db,
      'order-items',
      [textSource('pages.jsonl', responses.map((r) => JSON.stringify(r)).join('\n'))],
      { now: LATER },
    );
    expect(lines(report)).toEqual([
      'pages.jsonl: 4 order items: 1 new, 1 updated, 2 skipped (order already dropped x2); 1 run queued',
    ]);
    expect(orderLines(db, '902-3159896-1390916')).toMatchObject([
      { line_no: 1, amazon_sku: 'AMZ-MUG', qty: 2, unit_price: 14.99 },
      { line_no: 2, amazon_sku: 'AMZ-KETTLE', qty: 1, unit_price: 39, order_item_id: '20518893571199' },
    ]);
    expect(orderLines(db, '111-8823547-2201745')).toMatchObject([{ amazon_sku: 'FBA-LAMP', qty: 2 }]);
    // The changed order's earlier run is done, so the schedule gets a new one.
    expect(queued(db).at(-1)).toMatchObject({
      order_ref: '902-3159896-1390916',
      status: 'Pending',
      start_date: null,
      message: 'Queued: items updated from pages.jsonl',
    });
  });

  it('reports items missing a SKU or with a bad quantity by their line, and skips items of quantity 0', async () => {
    const db = await shopSnapshot();
    run(db, 'orders', ['orders.json']);
    const text = `{"payload": {"AmazonOrderId": "113-2876104-6653929", "OrderItems": [
      {"OrderItemId": "1", "QuantityOrdered": 1},
      {"OrderItemId": "2", "SellerSKU": "AMZ-SHADE", "QuantityOrdered": "one"},
      {"OrderItemId": "3", "SellerSKU": "AMZ-SHADE", "QuantityOrdered": 0},
      {"OrderItemId": "4", "SellerSKU": "AMZ-SHADE", "QuantityOrdered": 1, "ItemPrice": {"Amount": "24.50"}}
    ]}}`;
    const report = run(db, 'order-items', [textSource('items.json', text)]);
    expect(lines(report)).toEqual([
      'items.json: 4 order items: 1 new, 0 updated, 3 skipped (invalid x2, quantity 0 x1)',
    ]);
    expect(report.results[0]!.tally.bad).toEqual([
      { file: 'items.json', line: 2, reason: 'order 113-2876104-6653929: SellerSKU missing' },
      { file: 'items.json', line: 3, reason: 'order 113-2876104-6653929: QuantityOrdered "one" is not a whole number' },
    ]);
  });
});

describe('import report (All Orders flat file)', () => {
  it('groups rows into orders with their lines, in UTC, and queues each new order', async () => {
    const db = await shopSnapshot();
    const report = run(db, 'report', ['all-orders-report.txt']);
    expect(lines(report)).toEqual([
      'all-orders-report.txt: 6 rows: 5 new, 0 updated, 1 skipped (item canceled x1); 5 runs queued',
    ]);
    expect(report.results[0]!.notes).toEqual(['orders: 5 new, 0 updated']);
    expect(order(db, '112-4412987-6620831')).toMatchObject({
      purchase_date: '2026-11-23T15:11:45Z',
      amazon_updated_at: '2026-11-23T17:30:00Z',
      amazon_status: 'Unshipped',
      fulfillment_channel: 'MFN',
      ship_service_level: 'Standard',
      ship_city: 'Columbus',
      ship_state: 'OH',
      ship_postal_code: '43215',
      ship_country: 'US',
      currency: 'USD',
      total: 68.98,
      buyer_name: '',
      status: 'Pending',
    });
    expect(orderLines(db, '112-4412987-6620831')).toEqual([
      {
        line_no: 1,
        amazon_sku: 'AMZ-KETTLE',
        asin: 'B01KETTLE3',
        title: 'Copper Kettle, 1.7 L',
        qty: 1,
        unit_price: 39,
        order_item_id: null,
      },
      {
        line_no: 2,
        amazon_sku: 'AMZ-MUG',
        asin: 'B08ABCDEF1',
        title: 'Stoneware Mug, 12 oz',
        qty: 2,
        unit_price: 14.99,
        order_item_id: null,
      },
    ]);
    expect(order(db, '113-6209184-4432917')).toMatchObject({
      fulfillment_channel: 'AFN',
      amazon_status: 'Shipped',
      total: 49.99,
    });
    // A Pending merchant order: no item-price, no address.
    expect(order(db, '114-8302716-1125530')).toMatchObject({
      amazon_status: 'Pending',
      total: 0,
      ship_state: null,
      ship_city: null,
    });
    expect(orderLines(db, '114-8302716-1125530')).toMatchObject([{ amazon_sku: 'AMZ-MUG', qty: 1, unit_price: 0 }]);
    // Canceled: the order is kept for the run to skip; its canceled item is no line.
    expect(order(db, '111-9077264-3348810')).toMatchObject({ amazon_status: 'Canceled' });
    expect(orderLines(db, '111-9077264-3348810')).toEqual([]);
    const run1 = queued(db).find((t) => t.order_ref === '112-4412987-6620831')!;
    expect(run1).toMatchObject({
      status: 'Pending',
      start_date: null,
      message: 'Queued: imported from all-orders-report.txt',
    });
    const payload = JSON.parse(run1.payload);
    expect(payload.AmazonOrderId).toBe('112-4412987-6620831');
    expect(payload.ReportRows.map((r: Record<string, string>) => [r.sku, r.quantity, r['item-price']])).toEqual([
      ['AMZ-KETTLE', '1', '39.00'],
      ['AMZ-MUG', '2', '29.98'],
    ]);
    expect(report.withoutLines).toEqual([]);
  });

  it('reads a report saved in Windows-1252 with CRLF line ends and its columns in another order', async () => {
    const db = await shopSnapshot();
    const raw = fs.readFileSync(fixture('all-orders-report-cp1252.txt'));
    expect(raw.includes(Buffer.from('\r\n'))).toBe(true);
    const report = run(db, 'report', ['all-orders-report-cp1252.txt']);
    expect(lines(report)).toEqual([
      'all-orders-report-cp1252.txt (read as Windows-1252): 4 rows: 3 new, 0 updated, 1 skipped (invalid x1); 3 runs queued',
    ]);
    expect(report.results[0]!.tally.bad).toEqual([
      {
        file: 'all-orders-report-cp1252.txt',
        line: 4,
        reason: 'order 113-4829170-6634008: quantity "two" is not a whole number',
      },
    ]);
    expect(orderLines(db, '112-1183920-5531276')).toMatchObject([
      { amazon_sku: 'AMZ-LAMP', title: 'Desk Lamp™ – Brass, Café’s Edition', qty: 1, unit_price: 49.99 },
    ]);
    expect(order(db, '112-1183920-5531276')).toMatchObject({
      ship_city: 'Montréal',
      ship_postal_code: 'H2X 1Y4',
      ship_country: 'CA',
      ship_service_level: 'Expedited',
      amazon_status: 'Unshipped',
    });
    expect(order(db, '114-5093387-2211907')).toMatchObject({
      amazon_status: 'Shipped',
      fulfillment_channel: 'AFN',
      purchase_date: '2026-11-22T18:15:00Z',
    });
    // An empty ship-state stays empty: the run will say the address is incomplete.
    expect(order(db, '113-7781920-4410023')).toMatchObject({ ship_state: null, ship_postal_code: '33101' });
    expect(count(db, "SELECT COUNT(*) FROM orders WHERE order_ref = '113-4829170-6634008'")).toBe(0);
  });

  it('fills what an API import left empty, updates from newer rows, and adds order item ids to report lines', async () => {
    const db = await shopSnapshot();
    run(db, 'orders', ['orders.json']);
    run(db, 'order-items', ['order-items.jsonl']);
    // Same order as the API's 112-7730412-9035521, same LastUpdateDate: nothing new.
    const header =
      'amazon-order-id\tpurchase-date\tlast-updated-date\torder-status\tfulfillment-channel\tship-service-level\tsku\tquantity\titem-price\tcurrency\tship-city\tship-state';
    const same = `${header}\n112-7730412-9035521\t2026-11-23T11:05:27+00:00\t2026-11-23T11:40:02+00:00\tShipping\tMerchant\tFreeEconomy\tAMZ-MUG\t2\t29.98\tUSD\tDenver\tCO\n`;
    expect(lines(run(db, 'report', [textSource('same.txt', same)], { now: LATER }))).toEqual([
      'same.txt: 1 rows: 0 new, 0 updated, 1 skipped (unchanged x1)',
    ]);
    // Newer: shipped since; the Pending order's report row (same time) only fills its empty city.
    const newer = [
      header,
      '112-7730412-9035521\t2026-11-23T11:05:27+00:00\t2026-11-24T08:00:00+00:00\tShipped\tMerchant\tFreeEconomy\tAMZ-MUG\t2\t29.98\tUSD\tDenver\tCO',
      '902-3159896-1390916\t2026-11-22T19:49:35+00:00\t2026-11-22T19:49:35+00:00\tShipped\tMerchant\tExpedited\tAMZ-MUG\t2\t\tUSD\tCanton\t',
    ].join('\n');
    const report = run(db, 'report', [textSource('newer.txt', newer)], { now: LATER });
    expect(lines(report)).toEqual(['newer.txt: 2 rows: 0 new, 2 updated, 0 skipped']);
    expect(order(db, '112-7730412-9035521')).toMatchObject({
      amazon_status: 'Shipped',
      amazon_updated_at: '2026-11-24T08:00:00Z',
      total: 29.98,
    });
    expect(order(db, '902-3159896-1390916')).toMatchObject({
      amazon_status: 'Pending',
      ship_service_level: 'Standard',
      ship_city: 'Canton',
    });
    // Report rows have no order item id: they match the API's line by SKU.
    expect(orderLines(db, '112-7730412-9035521')).toMatchObject([
      { line_no: 1, amazon_sku: 'AMZ-MUG', order_item_id: '66031287745519' },
    ]);
    // Both orders still have their first queued run waiting.
    expect(count(db, 'SELECT COUNT(*) FROM transactions')).toBe(6);
  });

  it('refuses a report missing a column a run needs', async () => {
    const db = await shopSnapshot();
    const text = 'amazon-order-id\tpurchase-date\torder-status\tsku\n112-1\t2026-11-23T11:05:27+00:00\tShipped\tA\n';
    expect(() => run(db, 'report', [textSource('r.txt', text)])).toThrow(
      new ImportFileError('r.txt', 'an All Orders report without the columns fulfillment-channel, quantity'),
    );
  });
});

describe('import listings (All Listings report)', () => {
  it('writes each listing and names the listed SKUs with no link to an ERP item', async () => {
    const db = await shopSnapshot();
    const report = run(db, 'listings', ['all-listings.txt']);
    expect(lines(report)).toEqual(['all-listings.txt: 6 listings: 6 new, 0 updated, 0 skipped']);
    expect(report.results[0]!.notes).toEqual([
      '2 listed SKUs have no link to an ERP item: AMZ-SHADE (Active), AMZ-GIFTWRAP (Inactive)',
    ]);
    expect(db.all('SELECT * FROM listings ORDER BY amazon_sku')).toEqual([
      {
        amazon_sku: 'AMZ-GIFTWRAP',
        asin: 'B0GIFTWRP1',
        title: 'Gift Wrap Set',
        price: 6.99,
        quantity: 0,
        fulfillment_channel: 'MFN',
        status: 'Inactive',
        open_date: '2022-12-01T20:00:00Z',
        imported_at: NOW,
      },
      {
        amazon_sku: 'AMZ-KETTLE',
        asin: 'B01KETTLE3',
        title: 'Copper Kettle, 1.7 L',
        price: 39,
        quantity: 3,
        fulfillment_channel: 'MFN',
        status: 'Active',
        open_date: '2023-06-01T16:00:00Z',
        imported_at: NOW,
      },
      {
        amazon_sku: 'AMZ-LAMP',
        asin: 'B07XJ8C8F5',
        title: 'Brass Desk Lamp with Linen Shade',
        price: 49.99,
        quantity: 38,
        fulfillment_channel: 'MFN',
        status: 'Active',
        open_date: '2025-03-14T17:22:31Z',
        imported_at: NOW,
      },
      {
        amazon_sku: 'AMZ-MUG',
        asin: 'B08ABCDEF1',
        title: 'Stoneware Mug, 12 oz',
        price: 14.99,
        quantity: 118,
        fulfillment_channel: 'MFN',
        status: 'Active',
        open_date: '2024-11-30T00:45:00Z',
        imported_at: NOW,
      },
      {
        amazon_sku: 'AMZ-SHADE',
        asin: 'B0C1SHADE4',
        title: 'Linen Lamp Shade, 10 in',
        price: 24.5,
        quantity: 0,
        fulfillment_channel: 'MFN',
        status: 'Active',
        open_date: '2026-10-05T20:30:00Z',
        imported_at: NOW,
      },
      // FBA: Amazon holds the stock, the report leaves quantity empty.
      {
        amazon_sku: 'FBA-LAMP',
        asin: 'B07XJ8C8F5',
        title: 'Brass Desk Lamp with Linen Shade',
        price: 49.99,
        quantity: null,
        fulfillment_channel: 'AFN',
        status: 'Active',
        open_date: '2025-04-02T15:00:05Z',
        imported_at: NOW,
      },
    ]);
  });

  it('updates only listings that changed; a linked SKU drops out of the note', async () => {
    const db = await shopSnapshot();
    run(db, 'listings', ['all-listings.txt']);
    db.run("INSERT INTO sku_links(amazon_sku, item_sku) VALUES ('AMZ-SHADE', 'SHADE-400')");
    const text = fs.readFileSync(fixture('all-listings.txt'), 'utf8').replace('\t24.50\t0\t', '\t22.00\t12\t');
    const report = run(db, 'listings', [textSource('all-listings-2.txt', text)], { now: LATER });
    expect(lines(report)).toEqual(['all-listings-2.txt: 6 listings: 0 new, 1 updated, 5 skipped (unchanged x5)']);
    expect(report.results[0]!.notes).toEqual(['1 listed SKU has no link to an ERP item: AMZ-GIFTWRAP (Inactive)']);
    expect(db.get("SELECT price, quantity, imported_at FROM listings WHERE amazon_sku = 'AMZ-SHADE'")).toEqual({
      price: 22,
      quantity: 12,
      imported_at: LATER,
    });
    expect(db.get("SELECT imported_at FROM listings WHERE amazon_sku = 'AMZ-MUG'")).toEqual({ imported_at: NOW });
  });
});

describe('import items (ERP items and stock CSV)', () => {
  it('writes items and stock per store, with quoting, yes/no and empty committed', async () => {
    const db = await shopSnapshot();
    const report = run(db, 'items', ['erp-items.csv']);
    expect(lines(report)).toEqual(['erp-items.csv: 5 rows: 5 new, 0 updated, 0 skipped']);
    expect(db.all('SELECT sku, description, active FROM items ORDER BY sku')).toEqual([
      { sku: 'KETTLE-300', description: 'Copper kettle, 1.7 L "classic"', active: 0 },
      { sku: 'LAMP-100', description: 'Desk lamp, brass', active: 1 },
      { sku: 'MUG-200', description: 'Stoneware mug 12 oz', active: 1 },
      { sku: 'SHADE-400', description: 'Linen lamp shade', active: 1 },
    ]);
    expect(db.all('SELECT item_sku, store, on_hand, committed FROM stock ORDER BY item_sku, store')).toEqual([
      { item_sku: 'KETTLE-300', store: 'MAIN', on_hand: 3, committed: 0 },
      { item_sku: 'LAMP-100', store: 'MAIN', on_hand: 40, committed: 2 },
      { item_sku: 'LAMP-100', store: 'OUTLET', on_hand: 5, committed: 0 },
      { item_sku: 'MUG-200', store: 'MAIN', on_hand: 120, committed: 0 },
      { item_sku: 'SHADE-400', store: 'MAIN', on_hand: 0, committed: 0 },
    ]);
  });

  it('updates what changed, keeps committed when the file has none, and reports bad rows', async () => {
    const db = await shopSnapshot();
    run(db, 'items', ['erp-items.csv']);
    const text =
      'store;sku;on_hand;active\nMAIN;LAMP-100;35;1\nMAIN;MUG-200;120;yes\n;NEW-500;;\nMAIN;KETTLE-300;3;maybe\nMAIN;SHADE-400;-2;1\nOUTLET;MUG-200;;1\n';
    const report = run(db, 'items', [textSource('stock.csv', text)], { now: LATER });
    expect(lines(report)).toEqual(['stock.csv: 6 rows: 1 new, 2 updated, 3 skipped (invalid x2, unchanged x1)']);
    expect(report.results[0]!.tally.bad).toEqual([
      {
        file: 'stock.csv',
        line: 5,
        reason: 'item KETTLE-300: active "maybe" is not yes/no (1/0, true/false, active/inactive)',
      },
      { file: 'stock.csv', line: 7, reason: 'item MUG-200: on_hand is empty for store OUTLET' },
    ]);
    expect(db.get("SELECT on_hand, committed FROM stock WHERE item_sku = 'LAMP-100' AND store = 'MAIN'")).toEqual({
      on_hand: 35,
      committed: 2,
    });
    expect(db.get("SELECT on_hand FROM stock WHERE item_sku = 'SHADE-400'")).toEqual({ on_hand: -2 });
    expect(db.get("SELECT description, active FROM items WHERE sku = 'NEW-500'")).toEqual({
      description: '',
      active: 1,
    });
    expect(db.get("SELECT description FROM items WHERE sku = 'LAMP-100'")).toEqual({ description: 'Desk lamp, brass' });
  });
});

describe('every import', () => {
  it('records one audit_log row per import that changed something, with the actor and the counts', async () => {
    const db = await shopSnapshot();
    run(db, 'items', ['erp-items.csv'], { actor: 'ops-anna' });
    run(db, 'order-items', ['order-items.jsonl'], { actor: 'ops-anna' }); // no order imported yet: nothing changes
    run(db, 'orders', ['orders.json', 'orders-bare.json'], { actor: 'ops-ben', now: LATER });
    expect(db.all('SELECT at, actor, action, target_table, target_id, detail FROM audit_log ORDER BY id')).toEqual([
      {
        at: NOW,
        actor: 'ops-anna',
        action: 'import',
        target_table: 'items',
        target_id: 0,
        detail: 'import items: erp-items.csv: 5 rows: 5 new, 0 updated, 0 skipped',
      },
      {
        at: LATER,
        actor: 'ops-ben',
        action: 'import',
        target_table: 'orders',
        target_id: 0,
        detail:
          'import orders: orders.json: 6 orders: 6 new, 0 updated, 0 skipped; 6 runs queued; orders-bare.json: 2 orders: 1 new, 0 updated, 1 skipped (invalid x1); 1 run queued',
      },
    ]);
  });

  it('with dryRun reports the same counts and leaves the snapshot as it was', async () => {
    const db = await shopSnapshot();
    run(db, 'orders', ['orders.json']);
    const before = db.export();
    const dry = run(db, 'orders', ['orders-page2.jsonl'], { dryRun: true, now: LATER });
    expect(Buffer.from(db.export()).equals(Buffer.from(before))).toBe(true);
    const real = run(db, 'orders', ['orders-page2.jsonl'], { now: LATER });
    expect(lines(dry)).toEqual(lines(real));
    expect(dry.changed).toBe(true);
  });

  it('refuses the whole import, writing nothing, when any file is not the kind named', async () => {
    const db = await shopSnapshot();
    const before = db.export();
    const attempts: [ImportKind, string[], string][] = [
      [
        'orders',
        ['orders.json', 'order-items.jsonl'],
        'order-items.jsonl: getOrderItems responses, not getOrders responses (import it as order-items)',
      ],
      [
        'order-items',
        ['orders.json'],
        'orders.json: getOrders responses, not getOrderItems responses (import it as orders)',
      ],
      [
        'listings',
        ['all-orders-report.txt'],
        'all-orders-report.txt: an All Orders report, not an All Listings report (import it as report)',
      ],
      [
        'report',
        ['all-listings.txt'],
        'all-listings.txt: an All Listings report, not an All Orders report (import it as listings)',
      ],
      ['report', ['orders.json'], 'orders.json: getOrders responses, not an All Orders report (import it as orders)'],
      [
        'items',
        ['all-listings.txt'],
        'all-listings.txt: an All Listings report, not a CSV of ERP items and stock (import it as listings)',
      ],
      [
        'orders',
        ['erp-items.csv'],
        'erp-items.csv: a CSV of ERP items and stock, not getOrders responses (import it as items)',
      ],
    ];
    for (const [kind, files, message] of attempts) {
      expect(() => run(db, kind, files)).toThrow(
        new ImportFileError(message.split(': ')[0]!, message.slice(message.indexOf(': ') + 2)),
      );
    }
    const errorResponse = textSource(
      'err.json',
      '{"errors": [{"code": "Unauthorized", "message": "Access to requested resource is denied."}]}',
    );
    expect(() => run(db, 'orders', [errorResponse])).toThrow(
      'err.json: an error response from Amazon (Unauthorized: Access to requested resource is denied.), not getOrders responses',
    );
    expect(() => run(db, 'orders', [textSource('empty.json', '')])).toThrow('empty.json: the file is empty');
    expect(Buffer.from(db.export()).equals(Buffer.from(before))).toBe(true);
  });
});

describe('then the schedule', () => {
  it("runs every queued run in its own row, and each imported order comes out as the engine's rules judge it", async () => {
    const db = await shopSnapshot();
    run(db, 'items', ['erp-items.csv']);
    run(db, 'listings', ['all-listings.txt']);
    run(db, 'orders', ['orders.json']);
    run(db, 'order-items', ['order-items-114-3941689-8772232.json', 'order-items.jsonl']);
    run(db, 'report', ['all-orders-report.txt', 'all-orders-report-cp1252.txt']);
    const queuedIds = db.all<{ id: number }>('SELECT id FROM transactions ORDER BY id').map((r) => r.id);
    expect(queuedIds).toHaveLength(JUDGED.length);

    runSchedule(db, { now: LATER });

    // No new rows: each queued run was filled in, keeping when it was queued and what it was given.
    expect(db.all<{ id: number }>('SELECT id FROM transactions ORDER BY id').map((r) => r.id)).toEqual(queuedIds);
    expect(
      count(
        db,
        "SELECT COUNT(*) FROM transactions WHERE start_date IS NULL OR import_date <> ? OR message LIKE 'Queued%'",
        [NOW],
      ),
    ).toBe(0);
    expect(
      JSON.parse(db.value<string>("SELECT payload FROM transactions WHERE order_ref = '114-3941689-8772232'")!),
    ).toEqual(fixtureOrders()[0]);
    for (const [ref, status, code] of JUDGED) {
      expect(db.value('SELECT status FROM orders WHERE order_ref = ?', [ref]), ref).toBe(status);
      expect(
        db.value("SELECT coalesce(group_concat(code), '') FROM errors WHERE order_ref = ? AND resolved = 0", [ref]),
        ref,
      ).toBe(code ?? '');
    }
    expect(db.value("SELECT skip_reason FROM orders WHERE order_ref = '112-5550196-3318806'")).toBe(
      'canceled on Amazon',
    );
    expect(db.all('SELECT kind, order_ref, total FROM documents ORDER BY order_ref')).toEqual([
      { kind: 'invoice', order_ref: '111-8823547-2201745', total: 99.98 },
      { kind: 'sales_order', order_ref: '112-1183920-5531276', total: 49.99 },
      { kind: 'invoice', order_ref: '113-6209184-4432917', total: 49.99 },
      { kind: 'sales_order', order_ref: '114-3941689-8772232', total: 64.98 },
      { kind: 'invoice', order_ref: '114-5093387-2211907', total: 49.99 },
    ]);
    // The items' stock was committed in the ship store: 2 before, then 1 + 2 + 1 + 1 + 1 lamps.
    expect(db.value("SELECT committed FROM stock WHERE item_sku = 'LAMP-100' AND store = 'MAIN'")).toBe(8);
  });
});
