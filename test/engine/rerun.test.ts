import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openSnapshot, ReadOnlyError } from '../../src/db/index.js';
import { rerunTransaction, runFulfillment, runInventory, runLinkSku, runOrderImport } from '../../src/engine/index.js';
import { addLink, addOrder, addShipment, baseSnapshot, count } from '../fixtures.js';
import { committed, errorsOf, order, transaction } from './rows.js';

const NOW = '2026-11-27T08:49:23Z';
const LATER = '2026-11-28T09:00:00Z';
const REF = '112-1989129-7674645';

describe('re-run', () => {
  it('re-runs a dropped order twice without a second document', async () => {
    const snap = await baseSnapshot();
    addOrder(snap, { ref: REF });
    const first = runOrderImport(snap, REF, { now: NOW });
    const again = rerunTransaction(snap, first.transactionId, { now: LATER });
    const third = rerunTransaction(snap, first.transactionId, { now: LATER });
    for (const rerun of [again, third]) {
      expect(rerun).toMatchObject({ status: 'Success', message: 'Skipped: order already dropped as SO-000001' });
      expect(transaction(snap, rerun.transactionId)).toMatchObject({
        sync_type: 'Manual',
        rerun_of: first.transactionId,
        import_date: LATER,
      });
    }
    expect(count(snap, 'SELECT count(*) FROM documents')).toBe(1);
    expect(committed(snap, 'WID-100')).toBe(1);
  });

  it('re-running after the missing link is made drops the order and resolves the original and its errors', async () => {
    const snap = await baseSnapshot();
    addOrder(snap, {
      ref: REF,
      lines: [
        { sku: 'AMZ-X', qty: 1 },
        { sku: 'AMZ-Y', qty: 1 },
      ],
    });
    const original = runOrderImport(snap, REF, { now: NOW });
    expect(original.errors.map((e) => e.code)).toEqual(['ORD_SKU_UNLINKED', 'ORD_SKU_UNLINKED']);

    addLink(snap, 'AMZ-X', 'WID-100');
    addLink(snap, 'AMZ-Y', 'WID-200');
    const rerun = rerunTransaction(snap, original.transactionId, { now: LATER });

    expect(rerun).toMatchObject({ status: 'Success', documentNumber: 'SO-000001' });
    expect(transaction(snap, rerun.transactionId)).toMatchObject({
      sync_type: 'Manual',
      rerun_of: original.transactionId,
      resolved: 1,
    });
    expect(transaction(snap, original.transactionId)).toMatchObject({ status: 'Error', resolved: 1 });
    expect(errorsOf(snap, original.transactionId).map((e) => e.resolved)).toEqual([1, 1]);
    expect(order(snap, REF)).toEqual({ status: 'Dropped', resolved: 1, xoro_ref: 'SO-000001', updated_at: LATER });
  });

  it("a failing re-run takes the original's place: the original and its errors are closed as superseded, only the new errors are open", async () => {
    const snap = await baseSnapshot();
    addOrder(snap, { ref: REF, lines: [{ sku: 'AMZ-X' }] });
    const original = runOrderImport(snap, REF, { now: NOW });
    const rerun = rerunTransaction(snap, original.transactionId, { now: LATER });

    expect(rerun.status).toBe('Error');
    expect(transaction(snap, rerun.transactionId)).toMatchObject({
      sync_type: 'Manual',
      rerun_of: original.transactionId,
      resolved: 0,
      status: 'Error',
      superseded_by: null,
    });
    expect(errorsOf(snap, rerun.transactionId)).toMatchObject([
      { code: 'ORD_SKU_UNLINKED', resolved: 0, created_at: LATER },
    ]);
    expect(transaction(snap, original.transactionId)).toMatchObject({
      status: 'Error',
      resolved: 1,
      superseded_by: rerun.transactionId,
    });
    expect(errorsOf(snap, original.transactionId)).toMatchObject([{ resolved: 1, superseded_by: rerun.transactionId }]);
    expect(count(snap, 'SELECT count(*) FROM errors WHERE resolved = 0')).toBe(1);
    expect(order(snap, REF)).toMatchObject({ status: 'Error', resolved: 0 });
  });

  it('five re-runs of one failing order leave one open error for its problem', async () => {
    const snap = await baseSnapshot();
    addOrder(snap, { ref: REF, serviceLevel: 'FreeEconomy' });
    let last = runOrderImport(snap, REF, { now: NOW });
    for (let i = 0; i < 5; i++) last = rerunTransaction(snap, last.transactionId, { now: LATER });
    expect(count(snap, "SELECT count(*) FROM errors WHERE resolved = 0 AND severity = 'error'")).toBe(1);
    expect(count(snap, "SELECT count(*) FROM transactions WHERE resolved = 0 AND status = 'Error'")).toBe(1);
    expect(snap.value('SELECT transaction_id FROM errors WHERE resolved = 0')).toBe(last.transactionId);
    expect(count(snap, 'SELECT count(*) FROM errors WHERE superseded_by IS NOT NULL')).toBe(5);
  });

  it('a transient fault clears on a plain re-run', async () => {
    const snap = await baseSnapshot();
    addOrder(snap, { ref: REF });
    const faulted = runOrderImport(snap, REF, { now: NOW, fault: 'NET_TIMEOUT' });
    const rerun = rerunTransaction(snap, faulted.transactionId, { now: LATER });
    expect(rerun.status).toBe('Success');
    expect(transaction(snap, faulted.transactionId).resolved).toBe(1);
    expect(errorsOf(snap, faulted.transactionId)).toMatchObject([{ code: 'NET_TIMEOUT', resolved: 1 }]);
  });

  it('a pending order imports on re-run once Amazon moves it to Unshipped, settling the warning', async () => {
    const snap = await baseSnapshot();
    addOrder(snap, { ref: REF, amazonStatus: 'Pending' });
    const pending = runOrderImport(snap, REF, { now: NOW });
    snap.run("UPDATE orders SET amazon_status = 'Unshipped'");
    expect(rerunTransaction(snap, pending.transactionId, { now: LATER }).status).toBe('Success');
    expect(transaction(snap, pending.transactionId).resolved).toBe(1);
    expect(errorsOf(snap, pending.transactionId)).toMatchObject([{ code: 'ORD_STILL_PENDING', resolved: 1 }]);
  });

  it('each success settles the failures since the previous success', async () => {
    const snap = await baseSnapshot();
    addOrder(snap, { ref: REF, lines: [{ sku: 'AMZ-X' }] });
    const failures = [runOrderImport(snap, REF, { now: NOW }), runOrderImport(snap, REF, { now: NOW })];
    addLink(snap, 'AMZ-X', 'WID-100');
    runOrderImport(snap, REF, { now: NOW });
    const afterDrop = runOrderImport(snap, REF, { now: NOW, fault: 'API_QUOTA' });
    expect(afterDrop.status).toBe('Success'); // already dropped: no fetch, no fault
    for (const f of failures) expect(transaction(snap, f.transactionId).resolved).toBe(1);
    expect(count(snap, 'SELECT count(*) FROM errors WHERE resolved = 0')).toBe(0);
  });

  it('re-runs inventory, fulfillment and link runs from their stored payloads', async () => {
    const snap = await baseSnapshot();
    const inventory = runInventory(
      snap,
      'Inventory Update',
      { sku: 'AMZ-NEW', reason: 'Adjustment: cycle count' },
      { now: NOW },
    );
    const link = runLinkSku(snap, { amazon_sku: 'AMZ-NEW', item_sku: 'WID-NEW', asin: 'B0NEWNEW01' }, { now: NOW });
    addOrder(snap, { ref: REF });
    runOrderImport(snap, REF, { now: NOW });
    const fulfillment = runFulfillment(snap, REF, { now: NOW });
    expect([inventory.status, link.status, fulfillment.status]).toEqual(['Error', 'Error', 'Error']);

    snap.run("INSERT INTO items(sku, description) VALUES ('WID-NEW', 'New widget')");
    snap.run("INSERT INTO stock(item_sku, store, on_hand, committed) VALUES ('WID-NEW', 'MAIN', 7, 0)");
    const linkAgain = rerunTransaction(snap, link.transactionId, { now: LATER });
    expect(linkAgain).toMatchObject({ type: 'Link SKU', status: 'Success' });
    expect(snap.get('SELECT item_sku, asin FROM sku_links WHERE amazon_sku = ?', ['AMZ-NEW'])).toEqual({
      item_sku: 'WID-NEW',
      asin: 'B0NEWNEW01',
    });

    const inventoryAgain = rerunTransaction(snap, inventory.transactionId, { now: LATER });
    expect(inventoryAgain).toMatchObject({
      type: 'Inventory Update',
      status: 'Success',
      message: 'Send feed: quantity 7 sent to Amazon',
    });
    expect(JSON.parse(transaction(snap, inventoryAgain.transactionId).payload)).toEqual({
      sku: 'AMZ-NEW',
      reason: 'Adjustment: cycle count',
    });
    expect(transaction(snap, inventory.transactionId).resolved).toBe(1);

    addShipment(snap, REF);
    const fulfillmentAgain = rerunTransaction(snap, fulfillment.transactionId, { now: LATER });
    expect(fulfillmentAgain).toMatchObject({ type: 'Fulfillment Update', status: 'Success' });
    for (const r of [linkAgain, inventoryAgain, fulfillmentAgain])
      expect(transaction(snap, r.transactionId).sync_type).toBe('Manual');
  });

  it('falls back to the stored order ref when the payload is unreadable, and records a payload that lacks input', async () => {
    const snap = await baseSnapshot();
    addOrder(snap, { ref: REF });
    snap.run(
      "INSERT INTO transactions(id, type, entity_type, direction, order_ref, payload) VALUES (500, 'Order Import', 'Order', 'Amazon to Xoro', ?, 'not json')",
      [REF],
    );
    snap.run(
      "INSERT INTO transactions(id, type, entity_type, direction, payload) VALUES (501, 'Link SKU', 'SKU', 'Xoro to Amazon', '{}')",
    );
    expect(rerunTransaction(snap, 500, { now: LATER })).toMatchObject({
      status: 'Success',
      documentNumber: 'SO-000001',
    });
    expect(rerunTransaction(snap, 501, { now: LATER }).errors).toMatchObject([{ code: 'API_INVALID_INPUT' }]);
  });

  it('throws for an unknown transaction id or a type no rule runs', async () => {
    const snap = await baseSnapshot();
    expect(() => rerunTransaction(snap, 123)).toThrow('no transaction 123');
    snap.run(
      "INSERT INTO transactions(id, type, entity_type, direction) VALUES (9, 'Price Update', 'SKU', 'Xoro to Amazon')",
    );
    expect(() => rerunTransaction(snap, 9)).toThrow("transaction 9 has type 'Price Update', which no rule runs");
    expect(count(snap, 'SELECT count(*) FROM transactions')).toBe(1);
  });
});

describe('atomic runs', () => {
  it("leaves no partial rows when something throws mid-run, and keeps the caller's earlier work", async () => {
    const snap = await baseSnapshot();
    addOrder(snap, { ref: REF });
    addOrder(snap, { ref: '111-0000001-0000001' });
    snap.exec(
      "CREATE TEMP TRIGGER fail_commit_log BEFORE INSERT ON inventory_log WHEN NEW.reason LIKE 'Committed to%' BEGIN SELECT RAISE(ABORT, 'disk full'); END",
    );
    let kept = 0;
    snap.transaction(() => {
      kept = runInventory(snap, 'Inventory Sync', { sku: 'AMZ-RED' }, { now: NOW }).transactionId;
      // The order import fails after its transaction, document, order and stock writes.
      expect(() => runOrderImport(snap, REF, { now: NOW })).toThrow('disk full');
    });
    expect(snap.all('SELECT id FROM transactions')).toEqual([{ id: kept }]);
    expect(count(snap, 'SELECT count(*) FROM documents')).toBe(0);
    expect(count(snap, 'SELECT count(*) FROM errors')).toBe(0);
    expect(order(snap, REF)).toMatchObject({ status: 'Pending', xoro_ref: null });
    expect(committed(snap, 'WID-100')).toBe(0);
    expect(count(snap, 'SELECT count(*) FROM inventory_log')).toBe(1);
    expect(count(snap, 'SELECT count(*) FROM outbox')).toBe(1);
  });

  it('refuses to run on a read-only snapshot', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'alogs-engine-'));
    try {
      const file = path.join(dir, 's.db');
      const source = await baseSnapshot();
      addOrder(source, { ref: REF });
      source.saveAs(file);
      source.close();
      const snap = await openSnapshot(file, { readOnly: true });
      expect(() => runOrderImport(snap, REF, { now: NOW })).toThrow(ReadOnlyError);
      expect(count(snap, 'SELECT count(*) FROM transactions')).toBe(0);
      snap.close();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
