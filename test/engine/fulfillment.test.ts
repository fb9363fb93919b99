import { describe, expect, it } from 'vitest';
import type { Snapshot } from '../../src/db/index.js';
import { runFulfillment, runOrderImport } from '../../src/engine/index.js';
import { addOrder, addShipment, baseSnapshot } from '../fixtures.js';
import { errorsOf, outbox, setSetting, transaction } from './rows.js';

const NOW = '2026-11-27T08:49:23Z';
const REF = '112-1989129-7674645';

/** A dropped MFN order with two lines. */
async function droppedOrder(channel: 'MFN' | 'AFN' = 'MFN'): Promise<Snapshot> {
  const snap = await baseSnapshot();
  addOrder(snap, {
    ref: REF,
    channel,
    lines: [
      { sku: 'AMZ-BLUE', qty: 2 },
      { sku: 'AMZ-RED', qty: 1 },
    ],
  });
  runOrderImport(snap, REF, { now: NOW });
  return snap;
}

describe('fulfillment update', () => {
  it('confirms the shipment to Amazon', async () => {
    const snap = await droppedOrder();
    addShipment(snap, REF);
    const result = runFulfillment(snap, REF, { now: NOW });

    expect(result).toMatchObject({
      type: 'Fulfillment Update',
      status: 'Success',
      message: 'Send confirmation: shipped by UPS 1Z999AA10123456784',
      errors: [],
    });
    expect(transaction(snap, result.transactionId)).toMatchObject({
      entity_type: 'Fulfillment',
      direction: 'Xoro to Amazon',
      order_ref: REF,
      sku: null,
      resolved: 1,
      payload: `{"order_ref":"${REF}","carrier_code":"UPS","tracking_number":"1Z999AA10123456784"}`,
    });
    expect(outbox(snap)).toEqual([
      {
        feed_type: 'SHIPMENT_CONFIRMATION',
        transaction_id: result.transactionId,
        payload: {
          amazonOrderId: REF,
          marketplaceId: 'ATVPDKIKX0DER',
          packageDetail: {
            carrierCode: 'UPS',
            trackingNumber: '1Z999AA10123456784',
            shipDate: '2026-11-21T15:00:00Z',
            orderItems: [{ quantity: 2 }, { quantity: 1 }],
          },
        },
      },
    ]);
  });

  it('confirms the latest shipment recorded for the order', async () => {
    const snap = await droppedOrder();
    addShipment(snap, REF, { carrier: 'USPS', tracking: '9400111899223197428490' });
    addShipment(snap, REF, { carrier: 'FedEx', tracking: '123456789012' });
    runFulfillment(snap, REF, { now: NOW });
    expect(outbox(snap)[0]!.payload).toMatchObject({
      packageDetail: { carrierCode: 'FedEx', trackingNumber: '123456789012' },
    });
  });

  it('skips when sending fulfillments is off', async () => {
    const snap = await droppedOrder();
    setSetting(snap, 'send_fulfillments', '0');
    const result = runFulfillment(snap, REF, { now: NOW });
    expect(result).toMatchObject({ status: 'Success', message: 'Skipped: sending fulfillments is off', errors: [] });
    expect(outbox(snap)).toEqual([]);
  });

  it('refuses an unknown order, an order not dropped, and an AFN order with FUL_BAD_ORDER_ID', async () => {
    const snap = await baseSnapshot();
    addOrder(snap, { ref: '111-0000001-0000001' });
    addOrder(snap, { ref: '111-0000002-0000002', channel: 'AFN' });
    runOrderImport(snap, '111-0000002-0000002', { now: NOW });
    const cases: [string, string][] = [
      ['999-0000000-0000000', 'Invalid OrderID or AmazonOrderID. (order 999-0000000-0000000 not found)'],
      [
        '111-0000001-0000001',
        'Invalid OrderID or AmazonOrderID. (order 111-0000001-0000001 is Pending in the ERP, not dropped)',
      ],
      ['111-0000002-0000002', 'Invalid OrderID or AmazonOrderID. (order 111-0000002-0000002 is fulfilled by Amazon)'],
    ];
    for (const [ref, message] of cases) {
      const result = runFulfillment(snap, ref, { now: NOW });
      expect(result).toMatchObject({ status: 'Error', message: `Read order: ${message}` });
      expect(errorsOf(snap, result.transactionId)).toMatchObject([
        { code: 'FUL_BAD_ORDER_ID', message, order_ref: ref, resolved: 0, severity: 'error' },
      ]);
    }
    expect(outbox(snap)).toEqual([]);
  });

  it('fails with FUL_MISSING_FIELD when no shipment is recorded', async () => {
    const snap = await droppedOrder();
    const result = runFulfillment(snap, REF, { now: NOW });
    expect(result.errors).toMatchObject([
      {
        code: 'FUL_MISSING_FIELD',
        message: `90012: The required tracking-number field is missing from the file. (no shipment recorded for order ${REF})`,
      },
    ]);
  });

  it('names every missing field, one errors row each', async () => {
    const snap = await droppedOrder();
    addShipment(snap, REF, { carrier: null, tracking: '' });
    snap.run('UPDATE shipments SET ship_date = NULL');
    const result = runFulfillment(snap, REF, { now: NOW });
    expect(result.message).toBe(
      'Validate shipment: 90012: The required carrier-code field is missing from the file. (+2 more)',
    );
    expect(errorsOf(snap, result.transactionId).map((e) => e.message)).toEqual([
      '90012: The required carrier-code field is missing from the file.',
      '90012: The required tracking-number field is missing from the file.',
      '90012: The required ship-date field is missing from the file.',
    ]);
  });

  it('requires a carrier name when the carrier is Other', async () => {
    const snap = await droppedOrder();
    addShipment(snap, REF, { carrier: 'Other', tracking: 'LOCAL-123' });
    expect(runFulfillment(snap, REF, { now: NOW }).errors).toMatchObject([
      { code: 'FUL_MISSING_FIELD', message: '90012: The required carrier-name field is missing from the file.' },
    ]);
    snap.run("UPDATE shipments SET carrier_name = 'Local Courier'");
    const ok = runFulfillment(snap, REF, { now: NOW });
    expect(ok.status).toBe('Success');
    expect(outbox(snap)[0]!.payload).toMatchObject({
      packageDetail: { carrierCode: 'Other', carrierName: 'Local Courier', trackingNumber: 'LOCAL-123' },
    });
  });

  it.each([
    ['UPS', '1Z999AA1012345678', true],
    ['UPS', '1Z999AA10123456784', false],
    ['USPS', '9400111899223197428490', false],
    ['USPS', '94001118992231974', true],
    ['FedEx', '123456789012', false],
    ['FedEx', '123456789012345', false],
    ['FedEx', '1234567890123', true],
    ['DHL', 'anything-goes', false],
  ])('%s tracking number %s: format warning %s', async (carrier, tracking, warns) => {
    const snap = await droppedOrder();
    addShipment(snap, REF, { carrier, tracking });
    const result = runFulfillment(snap, REF, { now: NOW });
    expect(result.status).toBe('Success');
    expect(outbox(snap)).toHaveLength(1);
    const rows = errorsOf(snap, result.transactionId);
    if (warns) {
      expect(rows).toMatchObject([
        {
          code: 'FUL_TRACKING_FORMAT',
          severity: 'warning',
          resolved: 0,
          message: `tracking number ${tracking} does not match the ${carrier} format`,
        },
      ]);
    } else {
      expect(rows).toEqual([]);
    }
  });

  it('fails at the transport step with a simulated fault', async () => {
    const snap = await droppedOrder();
    addShipment(snap, REF);
    const result = runFulfillment(snap, REF, { now: NOW, fault: 'FUL_INTERNAL' });
    expect(result).toMatchObject({
      status: 'Error',
      message: 'Send confirmation to Amazon: 5002: An internal error occurred. Please resubmit your data.',
    });
    expect(result.errors).toMatchObject([{ code: 'FUL_INTERNAL', severity: 'error' }]);
    expect(outbox(snap)).toEqual([]);
  });

  it('a success resolves the earlier failed confirmations of the order', async () => {
    const snap = await droppedOrder();
    const failed = runFulfillment(snap, REF, { now: NOW });
    addShipment(snap, REF);
    runFulfillment(snap, REF, { now: NOW });
    expect(transaction(snap, failed.transactionId).resolved).toBe(1);
    expect(errorsOf(snap, failed.transactionId).map((e) => e.resolved)).toEqual([1]);
  });

  it('never sends a confirmed shipment twice: a later run records FUL_DUPLICATE (info) and queues nothing', async () => {
    const snap = await droppedOrder();
    addShipment(snap, REF);
    const sent = runFulfillment(snap, REF, { now: NOW });
    expect(snap.value('SELECT confirmed_by FROM shipments WHERE order_ref = ?', [REF])).toBe(sent.transactionId);
    for (let i = 0; i < 3; i++) {
      const again = runFulfillment(snap, REF, { now: NOW });
      expect(again).toMatchObject({
        status: 'Success',
        message: `Skipped: shipment 1Z999AA10123456784 already confirmed to Amazon by transaction ${sent.transactionId}; nothing sent`,
      });
      expect(errorsOf(snap, again.transactionId)).toMatchObject([
        { code: 'FUL_DUPLICATE', severity: 'info', resolved: 1 },
      ]);
    }
    expect(outbox(snap)).toHaveLength(1);
    // The same package entered twice in the ERP (another shipment row, same tracking number) is the same shipment.
    addShipment(snap, REF);
    expect(runFulfillment(snap, REF, { now: NOW }).errors).toMatchObject([{ code: 'FUL_DUPLICATE' }]);
    // A new package is a new confirmation.
    addShipment(snap, REF, { tracking: '1Z999AA10123456785' });
    expect(runFulfillment(snap, REF, { now: NOW }).message).toBe(
      'Send confirmation: shipped by UPS 1Z999AA10123456785',
    );
    expect(outbox(snap)).toHaveLength(2);
  });

  it('a dropped order whose confirmation fails is open again, and resolved once a confirmation goes through', async () => {
    const snap = await droppedOrder();
    expect(snap.get('SELECT status, resolved FROM orders WHERE order_ref = ?', [REF])).toEqual({
      status: 'Dropped',
      resolved: 1,
    });
    runFulfillment(snap, REF, { now: NOW });
    expect(snap.get('SELECT status, resolved FROM orders WHERE order_ref = ?', [REF])).toEqual({
      status: 'Dropped',
      resolved: 0,
    });
    addShipment(snap, REF);
    runFulfillment(snap, REF, { now: NOW });
    expect(snap.get('SELECT status, resolved FROM orders WHERE order_ref = ?', [REF])).toEqual({
      status: 'Dropped',
      resolved: 1,
    });
  });
});
