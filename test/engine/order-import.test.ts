import { describe, expect, it } from 'vitest';
import { runOrderImport } from '../../src/engine/index.js';
import { addLink, addOrder, baseSnapshot, count } from '../fixtures.js';
import { committed, errorsOf, order, setSetting, transaction } from './rows.js';

const NOW = '2026-11-27T08:49:23Z';
const REF = '112-1989129-7674645';

describe('order import: drop', () => {
  it('drops an MFN order as a sales order, commits stock and logs each line', async () => {
    const snap = await baseSnapshot();
    addOrder(snap, {
      ref: REF,
      lines: [
        { sku: 'AMZ-BLUE', qty: 2, price: 10 },
        { sku: 'AMZ-RED', qty: 1, price: 5.5 },
      ],
    });

    const result = runOrderImport(snap, REF, { now: NOW });

    expect(result).toMatchObject({
      type: 'Order Import',
      status: 'Success',
      message: 'Drop: dropped as SO-000001',
      documentNumber: 'SO-000001',
      errors: [],
    });
    const tx = transaction(snap, result.transactionId);
    expect(tx).toMatchObject({
      type: 'Order Import',
      entity_type: 'Order',
      direction: 'Amazon to Xoro',
      order_ref: REF,
      sku: null,
      import_date: NOW,
      start_date: NOW,
      end_date: NOW,
      status: 'Success',
      resolved: 1,
      sync_type: 'Auto',
      message: 'Drop: dropped as SO-000001',
      rerun_of: null,
    });
    const payload = JSON.parse(tx.payload);
    expect(payload).toMatchObject({
      AmazonOrderId: REF,
      OrderStatus: 'Unshipped',
      FulfillmentChannel: 'MFN',
      ShipmentServiceLevelCategory: 'Standard',
      OrderTotal: { CurrencyCode: 'USD', Amount: '25.50' },
      ShippingAddress: { City: 'Seattle', StateOrRegion: 'WA', PostalCode: '98101', CountryCode: 'US' },
    });
    expect(payload.OrderItems).toEqual([
      {
        ASIN: null,
        SellerSKU: 'AMZ-BLUE',
        Title: 'Product AMZ-BLUE',
        QuantityOrdered: 2,
        ItemPrice: { CurrencyCode: 'USD', Amount: '20.00' },
      },
      {
        ASIN: null,
        SellerSKU: 'AMZ-RED',
        Title: 'Product AMZ-RED',
        QuantityOrdered: 1,
        ItemPrice: { CurrencyCode: 'USD', Amount: '5.50' },
      },
    ]);
    expect(snap.all('SELECT kind, number, order_ref, created_at, total FROM documents')).toEqual([
      { kind: 'sales_order', number: 'SO-000001', order_ref: REF, created_at: NOW, total: 25.5 },
    ]);
    expect(order(snap, REF)).toEqual({ status: 'Dropped', resolved: 1, xoro_ref: 'SO-000001', updated_at: NOW });
    expect(committed(snap, 'WID-100')).toBe(2);
    expect(committed(snap, 'WID-200')).toBe(1);
    expect(
      snap.all(
        'SELECT transaction_id, sku, store, qty_before, qty_after, reason, adjusted_at, status, resolved FROM inventory_log ORDER BY id',
      ),
    ).toEqual([
      {
        transaction_id: result.transactionId,
        sku: 'AMZ-BLUE',
        store: 'MAIN',
        qty_before: 50,
        qty_after: 48,
        reason: 'Committed to SO-000001',
        adjusted_at: NOW,
        status: 'Success',
        resolved: 1,
      },
      {
        transaction_id: result.transactionId,
        sku: 'AMZ-RED',
        store: 'MAIN',
        qty_before: 50,
        qty_after: 49,
        reason: 'Committed to SO-000001',
        adjusted_at: NOW,
        status: 'Success',
        resolved: 1,
      },
    ]);
    expect(count(snap, 'SELECT count(*) FROM errors')).toBe(0);
  });

  it('drops an AFN order as an invoice by default, and follows drop_as / drop_as_afn', async () => {
    const snap = await baseSnapshot();
    addOrder(snap, { ref: '111-0000001-0000001', channel: 'AFN' });
    expect(runOrderImport(snap, '111-0000001-0000001', { now: NOW }).documentNumber).toBe('INV-000001');

    setSetting(snap, 'drop_as', 'invoice');
    setSetting(snap, 'drop_as_afn', 'sales_order');
    addOrder(snap, { ref: '111-0000002-0000002', channel: 'MFN' });
    addOrder(snap, { ref: '111-0000003-0000003', channel: 'AFN' });
    expect(runOrderImport(snap, '111-0000002-0000002', { now: NOW }).documentNumber).toBe('INV-000002');
    expect(runOrderImport(snap, '111-0000003-0000003', { now: NOW }).documentNumber).toBe('SO-000003');
    expect(snap.all('SELECT kind, number FROM documents ORDER BY id')).toEqual([
      { kind: 'invoice', number: 'INV-000001' },
      { kind: 'invoice', number: 'INV-000002' },
      { kind: 'sales_order', number: 'SO-000003' },
    ]);
  });

  it('numbers documents after the highest id and never reuses a number', async () => {
    const snap = await baseSnapshot();
    snap.run(
      "INSERT INTO documents(id, kind, number, order_ref) VALUES (41, 'sales_order', 'SO-000041', 'X-1'), (7, 'sales_order', 'SO-000042', 'X-2')",
    );
    addOrder(snap, { ref: REF });
    expect(runOrderImport(snap, REF, { now: NOW }).documentNumber).toBe('SO-000043');
    expect(snap.value('SELECT id FROM documents WHERE number = ?', ['SO-000043'])).toBe(43);
  });

  it('chains available quantities when two lines commit the same item', async () => {
    const snap = await baseSnapshot();
    snap.run("UPDATE stock SET committed = 5 WHERE item_sku = 'WID-100'");
    addLink(snap, 'AMZ-BLUE-2PK', 'WID-100');
    addOrder(snap, {
      ref: REF,
      lines: [
        { sku: 'AMZ-BLUE', qty: 3 },
        { sku: 'AMZ-BLUE-2PK', qty: 4 },
      ],
    });
    runOrderImport(snap, REF, { now: NOW });
    expect(snap.all('SELECT sku, qty_before, qty_after FROM inventory_log ORDER BY id')).toEqual([
      { sku: 'AMZ-BLUE', qty_before: 45, qty_after: 42 },
      { sku: 'AMZ-BLUE-2PK', qty_before: 42, qty_after: 38 },
    ]);
    expect(committed(snap, 'WID-100')).toBe(12);
  });

  it('uses the default SKU for an unlinked Amazon SKU when the settings allow it', async () => {
    const snap = await baseSnapshot({ use_default_sku: '1' });
    addOrder(snap, { ref: REF, lines: [{ sku: 'AMZ-NEW', qty: 2 }] });
    const result = runOrderImport(snap, REF, { now: NOW });
    expect(result.status).toBe('Success');
    expect(committed(snap, 'MISC-ITEM')).toBe(2);
    expect(snap.get('SELECT sku, qty_after FROM inventory_log')).toEqual({ sku: 'AMZ-NEW', qty_after: 48 });
  });

  it('fails with ORD_SKU_NOT_FOUND when the default SKU is not an ERP item', async () => {
    const snap = await baseSnapshot({ use_default_sku: '1', default_sku: 'NOPE-1' });
    addOrder(snap, { ref: REF, lines: [{ sku: 'AMZ-NEW' }] });
    const result = runOrderImport(snap, REF, { now: NOW });
    expect(result.errors.map((e) => [e.code, e.message])).toEqual([
      ['ORD_SKU_NOT_FOUND', 'default item NOPE-1 for Amazon SKU AMZ-NEW not found in the ERP'],
    ]);
  });

  it('stamps the real clock as ISO-8601 UTC without milliseconds when no clock is given', async () => {
    const snap = await baseSnapshot();
    addOrder(snap, { ref: REF });
    const before = new Date().toISOString().slice(0, 19);
    const tx = transaction(snap, runOrderImport(snap, REF).transactionId);
    expect(tx.import_date).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(tx.import_date.slice(0, 19) >= before).toBe(true);
    expect(tx.end_date).toBe(tx.import_date);
  });
});

describe('order import: before validation', () => {
  it('records API_INVALID_INPUT for an unknown order', async () => {
    const snap = await baseSnapshot();
    const result = runOrderImport(snap, '999-0000000-0000000', { now: NOW });
    expect(result.status).toBe('Error');
    expect(result.message).toBe('Read order: order 999-0000000-0000000 not found');
    expect(errorsOf(snap, result.transactionId)).toMatchObject([
      {
        code: 'API_INVALID_INPUT',
        severity: 'error',
        resolved: 0,
        order_ref: '999-0000000-0000000',
        created_at: NOW,
        message:
          '400 InvalidInput: Request has missing or invalid parameters and cannot be parsed. (order 999-0000000-0000000 not found)',
      },
    ]);
    expect(transaction(snap, result.transactionId)).toMatchObject({
      resolved: 0,
      order_ref: '999-0000000-0000000',
      payload: '{"AmazonOrderId":"999-0000000-0000000"}',
    });
  });

  it('skips an order purchased before the integration start date and marks it resolved', async () => {
    const snap = await baseSnapshot({ integration_start_date: '2026-06-01T00:00:00Z' });
    addOrder(snap, { ref: REF, purchaseDate: '2026-05-31T23:59:59Z' });
    const result = runOrderImport(snap, REF, { now: NOW });
    expect(result).toMatchObject({
      status: 'Success',
      message: 'Skipped: purchased before the integration start date (2026-06-01T00:00:00Z)',
      errors: [],
    });
    expect(result.documentNumber).toBeUndefined();
    expect(order(snap, REF)).toMatchObject({ status: 'Skipped', resolved: 1, xoro_ref: null });
    expect(snap.value('SELECT skip_reason FROM orders WHERE order_ref = ?', [REF])).toBe(
      'purchased before the integration start date (2026-06-01T00:00:00Z)',
    );
    expect(count(snap, 'SELECT count(*) FROM documents')).toBe(0);
    expect(committed(snap, 'WID-100')).toBe(0);
  });

  it('skips an order canceled on Amazon', async () => {
    const snap = await baseSnapshot();
    addOrder(snap, { ref: REF, amazonStatus: 'Canceled' });
    const result = runOrderImport(snap, REF, { now: NOW });
    expect(result).toMatchObject({ status: 'Success', message: 'Skipped: order canceled on Amazon' });
    expect(count(snap, 'SELECT count(*) FROM documents')).toBe(0);
    expect(order(snap, REF)).toMatchObject({ status: 'Skipped', resolved: 1 });
    expect(snap.value('SELECT skip_reason FROM orders WHERE order_ref = ?', [REF])).toBe('canceled on Amazon');
  });

  it('compares the start date as an instant, whatever ISO-8601 form the producer wrote (space or T, zone or none)', async () => {
    for (const [start, purchased, skipped] of [
      ['2026-09-07 10:00:00', '2026-09-07T10:30:00Z', false],
      ['2026-09-07 10:00:00', '2026-09-07T09:59:59Z', true],
      ['2026-09-07T12:00:00+02:00', '2026-09-07T10:30:00Z', false],
      ['2026-09-07', '2026-09-06T23:59:59Z', true],
      ['2026-09-07', '2026-09-07 00:00:01', false],
    ] as const) {
      const snap = await baseSnapshot({ integration_start_date: start });
      addOrder(snap, { ref: REF, purchaseDate: purchased });
      const result = runOrderImport(snap, REF, { now: NOW });
      expect(result.message.startsWith('Skipped'), `${purchased} against ${start}`).toBe(skipped);
      snap.close();
    }
  });

  it('an order dropped before it was canceled on Amazon stays dropped: a re-run reports ORD_DUPLICATE', async () => {
    const snap = await baseSnapshot();
    addOrder(snap, { ref: REF });
    runOrderImport(snap, REF, { now: NOW });
    snap.run("UPDATE orders SET amazon_status = 'Canceled' WHERE order_ref = ?", [REF]);
    const again = runOrderImport(snap, REF, { now: NOW });
    expect(again.errors).toMatchObject([{ code: 'ORD_DUPLICATE' }]);
    expect(order(snap, REF)).toMatchObject({ status: 'Dropped', resolved: 1 });
  });

  it('reports an already dropped order as ORD_DUPLICATE (info, resolved) and creates nothing', async () => {
    const snap = await baseSnapshot();
    addOrder(snap, { ref: REF });
    runOrderImport(snap, REF, { now: NOW });
    const again = runOrderImport(snap, REF, { now: NOW });
    expect(again).toMatchObject({ status: 'Success', message: 'Skipped: order already dropped as SO-000001' });
    expect(errorsOf(snap, again.transactionId)).toMatchObject([
      {
        code: 'ORD_DUPLICATE',
        severity: 'info',
        resolved: 1,
        message: 'order already dropped as SO-000001',
        order_ref: REF,
      },
    ]);
    expect(count(snap, 'SELECT count(*) FROM documents')).toBe(1);
    expect(committed(snap, 'WID-100')).toBe(1);
    expect(count(snap, 'SELECT count(*) FROM inventory_log')).toBe(1);
  });

  it('treats an order with status Dropped and no document row as already dropped', async () => {
    const snap = await baseSnapshot();
    addOrder(snap, { ref: REF });
    snap.run("UPDATE orders SET status = 'Dropped', xoro_ref = 'SO-000777'");
    const result = runOrderImport(snap, REF, { now: NOW });
    expect(result.errors).toMatchObject([{ code: 'ORD_DUPLICATE', message: 'order already dropped as SO-000777' }]);
    expect(count(snap, 'SELECT count(*) FROM documents')).toBe(0);
  });

  it.each(['Pending', 'PendingAvailability'])(
    'keeps a %s order pending with an ORD_STILL_PENDING warning',
    async (status) => {
      const snap = await baseSnapshot();
      addOrder(snap, { ref: REF, amazonStatus: status });
      const result = runOrderImport(snap, REF, { now: NOW });
      expect(result.status).toBe('Pending');
      expect(result.message).toBe(`Check status: order still ${status} on Amazon; imports at Unshipped`);
      expect(transaction(snap, result.transactionId)).toMatchObject({ status: 'Pending', resolved: 0 });
      expect(errorsOf(snap, result.transactionId)).toMatchObject([
        { code: 'ORD_STILL_PENDING', severity: 'warning', resolved: 0 },
      ]);
      expect(order(snap, REF)).toMatchObject({ status: 'Pending', resolved: 0 });
    },
  );

  it("fails at the transport step with a simulated fault and Amazon's text", async () => {
    const snap = await baseSnapshot();
    addOrder(snap, { ref: REF });
    const result = runOrderImport(snap, REF, { now: NOW, fault: 'API_QUOTA' });
    expect(result).toMatchObject({
      status: 'Error',
      message: 'Fetch order from Amazon: 429 QuotaExceeded: You exceeded your quota for the requested resource.',
    });
    expect(errorsOf(snap, result.transactionId)).toMatchObject([
      { code: 'API_QUOTA', severity: 'error', resolved: 0, order_ref: REF },
    ]);
    expect(order(snap, REF)).toMatchObject({ status: 'Error', resolved: 0, updated_at: NOW });
    expect(count(snap, 'SELECT count(*) FROM documents')).toBe(0);
  });
});

describe('order import: validation', () => {
  it('collects every failure, one errors row each, and marks the order Error', async () => {
    const snap = await baseSnapshot();
    snap.run("INSERT INTO items(sku, description) VALUES ('NOSTOCK-1', 'Never stocked')");
    addLink(snap, 'AMZ-GONE', 'DELETED-9');
    addLink(snap, 'AMZ-NOSTOCK', 'NOSTOCK-1');
    addOrder(snap, {
      ref: REF,
      state: null,
      postal: '',
      serviceLevel: 'FreeEconomy',
      lines: [{ sku: 'AMZ-BLUE' }, { sku: 'AMZ-X' }, { sku: 'AMZ-GONE' }, { sku: 'AMZ-OLD' }, { sku: 'AMZ-NOSTOCK' }],
    });

    const result = runOrderImport(snap, REF, { now: NOW });

    expect(result.status).toBe('Error');
    expect(result.message).toBe('Validate lines: Amazon SKU AMZ-X not linked to an ERP item (+5 more)');
    expect(
      errorsOf(snap, result.transactionId).map((e) => [e.code, e.sku, e.message, e.severity, e.resolved, e.order_ref]),
    ).toEqual([
      ['ORD_SKU_UNLINKED', 'AMZ-X', 'Amazon SKU AMZ-X not linked to an ERP item', 'error', 0, REF],
      ['ORD_SKU_NOT_FOUND', 'AMZ-GONE', 'item DELETED-9 for Amazon SKU AMZ-GONE not found in the ERP', 'error', 0, REF],
      ['ORD_SKU_INACTIVE', 'AMZ-OLD', 'linked item OLD-300 is inactive', 'error', 0, REF],
      ['ORD_NO_STOCK', 'AMZ-NOSTOCK', 'unable to reserve inventory in store MAIN for item NOSTOCK-1', 'error', 0, REF],
      ['ORD_ADDRESS_MISSING', null, 'ShippingAddress StateOrRegion and PostalCode missing', 'error', 0, REF],
      [
        'ORD_SHIP_SERVICE_UNMAPPED',
        null,
        'shipping service level FreeEconomy not mapped to an ERP ship-via',
        'error',
        0,
        REF,
      ],
    ]);
    expect(result.errors).toHaveLength(6);
    expect(transaction(snap, result.transactionId)).toMatchObject({ status: 'Error', resolved: 0 });
    expect(order(snap, REF)).toEqual({ status: 'Error', resolved: 0, xoro_ref: null, updated_at: NOW });
    expect(count(snap, 'SELECT count(*) FROM documents')).toBe(0);
    expect(committed(snap, 'WID-100')).toBe(0);
    expect(count(snap, 'SELECT count(*) FROM inventory_log')).toBe(0);
  });

  it('does not ask an AFN order for a shipping address', async () => {
    const snap = await baseSnapshot();
    addOrder(snap, { ref: REF, channel: 'AFN', state: null, postal: null });
    expect(runOrderImport(snap, REF, { now: NOW }).status).toBe('Success');
  });

  it('reports a missing ship service level and a missing postal code alone', async () => {
    const snap = await baseSnapshot();
    addOrder(snap, { ref: REF, serviceLevel: null, postal: null });
    const result = runOrderImport(snap, REF, { now: NOW });
    expect(result.message).toBe('Validate address: ShippingAddress PostalCode missing (+1 more)');
    expect(result.errors.map((e) => e.message)).toEqual([
      'ShippingAddress PostalCode missing',
      'shipping service level missing on the order',
    ]);
  });

  it('records the sync type it is given', async () => {
    const snap = await baseSnapshot();
    addOrder(snap, { ref: REF });
    const result = runOrderImport(snap, REF, { now: NOW, syncType: 'Manual' });
    expect(transaction(snap, result.transactionId).sync_type).toBe('Manual');
  });
});
