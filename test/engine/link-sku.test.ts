import { describe, expect, it } from 'vitest';
import { runLinkSku } from '../../src/engine/index.js';
import { addLink, baseSnapshot, count } from '../fixtures.js';
import { errorsOf, transaction } from './rows.js';

const NOW = '2026-11-27T08:49:23Z';

function linkOf(snap: Awaited<ReturnType<typeof baseSnapshot>>, amazonSku: string) {
  return snap.get('SELECT item_sku, asin, linked_at FROM sku_links WHERE amazon_sku = ?', [amazonSku]);
}

describe('link SKU', () => {
  it('links an Amazon SKU to an ERP item', async () => {
    const snap = await baseSnapshot();
    const result = runLinkSku(snap, { amazon_sku: 'AMZ-NEW', item_sku: 'WID-200', asin: 'B09NEWNEW1' }, { now: NOW });
    expect(result).toMatchObject({
      type: 'Link SKU',
      status: 'Success',
      message: 'Link: Amazon SKU AMZ-NEW linked to WID-200 (ASIN B09NEWNEW1)',
      errors: [],
    });
    expect(transaction(snap, result.transactionId)).toMatchObject({
      entity_type: 'SKU',
      direction: 'Xoro to Amazon',
      sku: 'AMZ-NEW',
      order_ref: null,
      resolved: 1,
      payload: '{"amazon_sku":"AMZ-NEW","item_sku":"WID-200","asin":"B09NEWNEW1"}',
    });
    expect(linkOf(snap, 'AMZ-NEW')).toEqual({ item_sku: 'WID-200', asin: 'B09NEWNEW1', linked_at: NOW });
  });

  it('is idempotent when the same link is already there', async () => {
    const snap = await baseSnapshot();
    const before = linkOf(snap, 'AMZ-BLUE');
    const result = runLinkSku(snap, { amazon_sku: 'AMZ-BLUE', item_sku: 'WID-100', asin: 'B07XJ8C8F5' }, { now: NOW });
    expect(result).toMatchObject({
      status: 'Success',
      message: 'Link: Amazon SKU AMZ-BLUE already linked to WID-100; nothing to change',
    });
    expect(linkOf(snap, 'AMZ-BLUE')).toEqual(before);
    expect(runLinkSku(snap, { amazon_sku: 'AMZ-BLUE', item_sku: 'WID-100' }, { now: NOW }).status).toBe('Success');
    expect(count(snap, 'SELECT count(*) FROM sku_links')).toBe(3);
  });

  it('completes a link that had no ASIN yet', async () => {
    const snap = await baseSnapshot();
    addLink(snap, 'AMZ-BARE', 'WID-200');
    const result = runLinkSku(snap, { amazon_sku: 'AMZ-BARE', item_sku: 'WID-200', asin: 'B0BAREBARE' }, { now: NOW });
    expect(result.status).toBe('Success');
    expect(linkOf(snap, 'AMZ-BARE')).toMatchObject({ item_sku: 'WID-200', asin: 'B0BAREBARE', linked_at: NOW });
  });

  it('fails with LNK_NO_ASIN when the item is not in the ERP', async () => {
    const snap = await baseSnapshot();
    const result = runLinkSku(snap, { amazon_sku: 'AMZ-NEW', item_sku: 'NOPE-1' }, { now: NOW });
    expect(result).toMatchObject({
      status: 'Error',
      message: 'Check item: 5501: no product found for the product id NOPE-1',
    });
    expect(errorsOf(snap, result.transactionId)).toMatchObject([
      { code: 'LNK_NO_ASIN', sku: 'AMZ-NEW', severity: 'error', resolved: 0 },
    ]);
    expect(linkOf(snap, 'AMZ-NEW')).toBeUndefined();
  });

  it('fails with LNK_ASIN_CONFLICT when the SKU is linked to another item or ASIN', async () => {
    const snap = await baseSnapshot();
    const otherItem = runLinkSku(snap, { amazon_sku: 'AMZ-BLUE', item_sku: 'WID-200' }, { now: NOW });
    expect(otherItem.errors).toMatchObject([
      {
        code: 'LNK_ASIN_CONFLICT',
        message: '5503: the product id WID-200 does not match item WID-100 (ASIN B07XJ8C8F5) already on SKU AMZ-BLUE',
      },
    ]);
    const otherAsin = runLinkSku(
      snap,
      { amazon_sku: 'AMZ-BLUE', item_sku: 'WID-100', asin: 'B00000000X' },
      { now: NOW },
    );
    expect(otherAsin.errors).toMatchObject([
      {
        code: 'LNK_ASIN_CONFLICT',
        message: '5503: the product id B00000000X does not match ASIN B07XJ8C8F5 already on SKU AMZ-BLUE',
      },
    ]);
    expect(linkOf(snap, 'AMZ-BLUE')).toMatchObject({ item_sku: 'WID-100', asin: 'B07XJ8C8F5' });
  });

  it('records missing input as API_INVALID_INPUT', async () => {
    const snap = await baseSnapshot();
    const result = runLinkSku(snap, { amazon_sku: 'AMZ-NEW', item_sku: ' ' }, { now: NOW });
    expect(result.errors).toMatchObject([{ code: 'API_INVALID_INPUT' }]);
  });

  it('fails at the transport step with a simulated fault and links nothing', async () => {
    const snap = await baseSnapshot();
    const result = runLinkSku(snap, { amazon_sku: 'AMZ-NEW', item_sku: 'WID-200' }, { now: NOW, fault: 'API_QUOTA' });
    expect(result).toMatchObject({ status: 'Error', errors: [{ code: 'API_QUOTA' }] });
    expect(linkOf(snap, 'AMZ-NEW')).toBeUndefined();
  });

  it("each later link run of the Amazon SKU closes the earlier one's errors as superseded; a success closes the last", async () => {
    const snap = await baseSnapshot();
    const failed = runLinkSku(snap, { amazon_sku: 'AMZ-NEW', item_sku: 'NOPE-1' }, { now: NOW });
    const otherSku = runLinkSku(snap, { amazon_sku: 'AMZ-OTHER', item_sku: 'NOPE-1' }, { now: NOW });
    expect(transaction(snap, failed.transactionId).resolved).toBe(0);
    const stillFailing = runLinkSku(snap, { amazon_sku: 'AMZ-NEW', item_sku: 'NOPE-2' }, { now: NOW });
    // One SKU, one problem: the second failure takes the first one's place.
    expect(transaction(snap, failed.transactionId)).toMatchObject({
      resolved: 1,
      superseded_by: stillFailing.transactionId,
    });
    expect(errorsOf(snap, failed.transactionId)).toMatchObject([
      { resolved: 1, superseded_by: stillFailing.transactionId },
    ]);
    expect(errorsOf(snap, stillFailing.transactionId)).toMatchObject([{ resolved: 0, superseded_by: null }]);

    const linked = runLinkSku(snap, { amazon_sku: 'AMZ-NEW', item_sku: 'WID-200' }, { now: NOW });

    expect(transaction(snap, stillFailing.transactionId)).toMatchObject({
      resolved: 1,
      superseded_by: linked.transactionId,
    });
    expect(errorsOf(snap, stillFailing.transactionId)).toMatchObject([
      { resolved: 1, superseded_by: linked.transactionId },
    ]);
    expect(transaction(snap, otherSku.transactionId).resolved).toBe(0);
    expect(errorsOf(snap, otherSku.transactionId).map((e) => e.resolved)).toEqual([0]);
  });

  it('relinks an Amazon SKU to another item only when asked (Relink SKU), saying what the old link was', async () => {
    const snap = await baseSnapshot();
    const conflict = runLinkSku(snap, { amazon_sku: 'AMZ-BLUE', item_sku: 'WID-200' }, { now: NOW });
    expect(conflict.errors).toMatchObject([{ code: 'LNK_ASIN_CONFLICT' }]);
    expect(linkOf(snap, 'AMZ-BLUE')).toMatchObject({ item_sku: 'WID-100' });
    const relinked = runLinkSku(snap, { amazon_sku: 'AMZ-BLUE', item_sku: 'WID-200', relink: true }, { now: NOW });
    expect(relinked).toMatchObject({
      status: 'Success',
      message: 'Relink: Amazon SKU AMZ-BLUE relinked from WID-100 (ASIN B07XJ8C8F5) to WID-200',
    });
    expect(linkOf(snap, 'AMZ-BLUE')).toMatchObject({ item_sku: 'WID-200', asin: null });
    expect(transaction(snap, conflict.transactionId)).toMatchObject({
      resolved: 1,
      superseded_by: relinked.transactionId,
    });
  });
});
