import { describe, expect, it } from 'vitest';
import { runInventory, runLinkSku, runOrderImport } from '../../src/engine/index.js';
import { addLink, addOrder, baseSnapshot, count } from '../fixtures.js';
import { errorsOf, outbox, transaction } from './rows.js';

const NOW = '2026-11-27T08:49:23Z';

function inventoryLog(snap: Awaited<ReturnType<typeof baseSnapshot>>) {
  return snap.all(
    'SELECT transaction_id, sku, store, qty_before, qty_after, reason, adjusted_at, status, resolved FROM inventory_log ORDER BY id',
  );
}

describe('inventory sync and update', () => {
  it('sends the available quantity as a listings feed message', async () => {
    const snap = await baseSnapshot();
    snap.run("UPDATE stock SET committed = 8 WHERE item_sku = 'WID-100'");
    const result = runInventory(snap, 'Inventory Sync', { sku: 'AMZ-BLUE' }, { now: NOW });

    expect(result).toMatchObject({
      type: 'Inventory Sync',
      status: 'Success',
      message: 'Send feed: quantity 42 sent to Amazon',
      errors: [],
    });
    expect(transaction(snap, result.transactionId)).toMatchObject({
      type: 'Inventory Sync',
      entity_type: 'Inventory',
      direction: 'Xoro to Amazon',
      order_ref: null,
      sku: 'AMZ-BLUE',
      status: 'Success',
      resolved: 1,
      sync_type: 'Auto',
      payload: '{"sku":"AMZ-BLUE","reason":"Scheduled sync"}',
    });
    expect(outbox(snap)).toEqual([
      {
        feed_type: 'JSON_LISTINGS_FEED',
        transaction_id: result.transactionId,
        payload: {
          sku: 'AMZ-BLUE',
          operationType: 'PATCH',
          productType: 'PRODUCT',
          patches: [
            {
              op: 'replace',
              path: '/attributes/fulfillment_availability',
              value: [{ fulfillment_channel_code: 'DEFAULT', quantity: 42 }],
            },
          ],
        },
      },
    ]);
    expect(inventoryLog(snap)).toEqual([
      {
        transaction_id: result.transactionId,
        sku: 'AMZ-BLUE',
        store: 'MAIN',
        qty_before: null,
        qty_after: 42,
        reason: 'Scheduled sync',
        adjusted_at: NOW,
        status: 'Success',
        resolved: 1,
      },
    ]);
  });

  it('skips a quantity identical to the last one sent (info, resolved, nothing sent)', async () => {
    const snap = await baseSnapshot();
    runInventory(snap, 'Inventory Sync', { sku: 'AMZ-BLUE' }, { now: NOW });
    const again = runInventory(
      snap,
      'Inventory Update',
      { sku: 'AMZ-BLUE', reason: 'Adjustment: cycle count' },
      { now: NOW },
    );

    expect(again).toMatchObject({
      status: 'Success',
      message: 'Compare: quantity 50 identical to the last feed; not sent',
    });
    expect(errorsOf(snap, again.transactionId)).toMatchObject([
      {
        code: 'INV_SKIPPED_IDENTICAL',
        severity: 'info',
        resolved: 1,
        sku: 'AMZ-BLUE',
        message: '5000: update skipped, quantity 50 is identical to an earlier feed',
      },
    ]);
    expect(outbox(snap)).toHaveLength(1);
    expect(inventoryLog(snap)[1]).toMatchObject({
      qty_before: 50,
      qty_after: 50,
      reason: 'Adjustment: cycle count',
      status: 'Success',
      resolved: 1,
    });
  });

  it('compares with the last quantity sent, not with order commits logged under the same SKU', async () => {
    const snap = await baseSnapshot();
    runInventory(snap, 'Inventory Sync', { sku: 'AMZ-BLUE' }, { now: NOW });
    addOrder(snap, { ref: '112-0000001-0000001', lines: [{ sku: 'AMZ-BLUE', qty: 2 }] });
    runOrderImport(snap, '112-0000001-0000001', { now: NOW });
    const result = runInventory(snap, 'Inventory Update', { sku: 'AMZ-BLUE' }, { now: NOW });
    expect(result.message).toBe('Send feed: quantity 48 sent to Amazon');
    expect(inventoryLog(snap)[2]).toMatchObject({ qty_before: 50, qty_after: 48, reason: 'Stock adjustment' });
    expect(outbox(snap)).toHaveLength(2);
  });

  it('sends 0 when the item has no stock row in the ship store', async () => {
    const snap = await baseSnapshot({ ship_store: 'EAST' });
    const result = runInventory(snap, 'Inventory Sync', { sku: 'AMZ-RED' }, { now: NOW });
    expect(result.message).toBe('Send feed: quantity 0 sent to Amazon');
    expect(inventoryLog(snap)[0]).toMatchObject({ store: 'EAST', qty_after: 0 });
  });

  it('fails with LNK_NO_ASIN for an unlinked SKU and logs the failed run', async () => {
    const snap = await baseSnapshot();
    const result = runInventory(snap, 'Inventory Sync', { sku: 'AMZ-NONE' }, { now: NOW });
    expect(result).toMatchObject({
      status: 'Error',
      message: 'Resolve SKU: Amazon SKU AMZ-NONE is not linked to an ERP item',
    });
    expect(errorsOf(snap, result.transactionId)).toMatchObject([
      { code: 'LNK_NO_ASIN', sku: 'AMZ-NONE', severity: 'error', resolved: 0, order_ref: null },
    ]);
    expect(inventoryLog(snap)).toMatchObject([
      { sku: 'AMZ-NONE', qty_before: null, qty_after: null, status: 'Error', resolved: 0 },
    ]);
    expect(outbox(snap)).toEqual([]);
  });

  it('fails with LNK_NO_ASIN when the linked item does not exist', async () => {
    const snap = await baseSnapshot();
    addLink(snap, 'AMZ-GONE', 'DELETED-9');
    const result = runInventory(snap, 'Inventory Sync', { sku: 'AMZ-GONE' }, { now: NOW });
    expect(result.errors).toMatchObject([
      { code: 'LNK_NO_ASIN', message: 'Amazon SKU AMZ-GONE is linked to ERP item DELETED-9, which does not exist' },
    ]);
  });

  it('fails with INV_ITEM_INACTIVE for an inactive item', async () => {
    const snap = await baseSnapshot();
    const result = runInventory(snap, 'Inventory Update', { sku: 'AMZ-OLD' }, { now: NOW });
    expect(result).toMatchObject({ status: 'Error', message: 'Resolve SKU: linked item OLD-300 is inactive' });
    expect(result.errors).toMatchObject([{ code: 'INV_ITEM_INACTIVE', severity: 'error' }]);
    expect(inventoryLog(snap)).toMatchObject([{ qty_after: 50, status: 'Error' }]);
  });

  it("refuses a negative quantity with Amazon's facet text", async () => {
    const snap = await baseSnapshot();
    snap.run("UPDATE stock SET committed = 55 WHERE item_sku = 'WID-100'");
    const result = runInventory(snap, 'Inventory Sync', { sku: 'AMZ-BLUE' }, { now: NOW });
    expect(result.errors).toMatchObject([
      {
        code: 'INV_NEGATIVE_QTY',
        message: "5000: Value '-5' is not facet-valid with respect to minInclusive '0' for type 'nonNegativeInteger'.",
      },
    ]);
    expect(result.message.startsWith('Validate quantity: 5000:')).toBe(true);
    expect(inventoryLog(snap)).toMatchObject([{ qty_after: -5, status: 'Error', resolved: 0 }]);
    expect(outbox(snap)).toEqual([]);
  });

  it('fails at the transport step with a simulated fault', async () => {
    const snap = await baseSnapshot();
    const result = runInventory(snap, 'Inventory Sync', { sku: 'AMZ-BLUE' }, { now: NOW, fault: 'NET_TIMEOUT' });
    expect(result).toMatchObject({
      status: 'Error',
      message: 'Send feed to Amazon: connection to sellingpartnerapi-na.amazon.com timed out',
    });
    expect(result.errors).toMatchObject([{ code: 'NET_TIMEOUT' }]);
    expect(outbox(snap)).toEqual([]);
    // A failed send is not a quantity Amazon has: the next run sends it.
    expect(runInventory(snap, 'Inventory Sync', { sku: 'AMZ-BLUE' }, { now: NOW }).message).toBe(
      'Send feed: quantity 50 sent to Amazon',
    );
  });

  it('records a run without a SKU as API_INVALID_INPUT', async () => {
    const snap = await baseSnapshot();
    const result = runInventory(snap, 'Inventory Sync', { sku: '' }, { now: NOW });
    expect(result.errors).toMatchObject([{ code: 'API_INVALID_INPUT' }]);
    expect(transaction(snap, result.transactionId)).toMatchObject({ status: 'Error', sku: null });
  });

  it('a success settles the earlier failed inventory runs of the SKU (both types), their errors and log rows', async () => {
    const snap = await baseSnapshot();
    const failedSync = runInventory(snap, 'Inventory Sync', { sku: 'AMZ-NEW' }, { now: NOW });
    const failedUpdate = runInventory(snap, 'Inventory Update', { sku: 'AMZ-NEW' }, { now: NOW });
    const otherSku = runInventory(snap, 'Inventory Sync', { sku: 'AMZ-OTHER' }, { now: NOW });
    const failedLink = runLinkSku(snap, { amazon_sku: 'AMZ-NEW', item_sku: 'NOPE-1' }, { now: NOW });
    runLinkSku(snap, { amazon_sku: 'AMZ-NEW', item_sku: 'WID-200' }, { now: NOW });

    const ok = runInventory(snap, 'Inventory Sync', { sku: 'AMZ-NEW' }, { now: NOW });

    expect(ok.status).toBe('Success');
    // Amazon now has the right quantity, so a failed update of the SKU is settled as well as the failed sync.
    for (const failed of [failedSync, failedUpdate]) {
      expect(transaction(snap, failed.transactionId).resolved).toBe(1);
      expect(errorsOf(snap, failed.transactionId).map((e) => e.resolved)).toEqual([1]);
      expect(snap.value('SELECT resolved FROM inventory_log WHERE transaction_id = ?', [failed.transactionId])).toBe(1);
    }
    expect(transaction(snap, otherSku.transactionId).resolved).toBe(0);
    expect(errorsOf(snap, otherSku.transactionId).map((e) => e.resolved)).toEqual([0]);
    // The link run was settled by the successful link, not by the inventory run.
    expect(transaction(snap, failedLink.transactionId).resolved).toBe(1);
    expect(count(snap, 'SELECT count(*) FROM errors WHERE resolved = 0')).toBe(1);
  });

  it('a success after a later failure settles that failure and keeps the earlier success settled', async () => {
    const snap = await baseSnapshot();
    runInventory(snap, 'Inventory Sync', { sku: 'AMZ-BLUE' }, { now: NOW });
    snap.run("UPDATE stock SET committed = 60 WHERE item_sku = 'WID-100'");
    const negative = runInventory(snap, 'Inventory Sync', { sku: 'AMZ-BLUE' }, { now: NOW });
    const stillNegative = runInventory(snap, 'Inventory Update', { sku: 'AMZ-BLUE' }, { now: NOW });
    snap.run("UPDATE stock SET committed = 10 WHERE item_sku = 'WID-100'");
    const ok = runInventory(snap, 'Inventory Sync', { sku: 'AMZ-BLUE' }, { now: NOW });
    expect(ok.message).toBe('Send feed: quantity 40 sent to Amazon');
    expect(inventoryLog(snap).at(-1)).toMatchObject({ qty_before: 50, qty_after: 40 });
    for (const failed of [negative, stillNegative]) expect(transaction(snap, failed.transactionId).resolved).toBe(1);
    expect(count(snap, 'SELECT count(*) FROM transactions WHERE resolved = 0')).toBe(0);
    expect(count(snap, 'SELECT count(*) FROM inventory_log WHERE resolved = 0')).toBe(0);
  });
});
