import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { openSnapshot, type Snapshot } from '../../src/db/index.js';
import { ActionError, runAction } from '../../src/triage/index.js';
import { count, triageSnapshot } from '../fixtures.js';

let db: Snapshot;
beforeEach(async () => {
  db = await triageSnapshot();
});
const ctx = { actor: 'ops-anna', now: () => '2026-11-27T09:00:00Z' };
const orderId = (ref: string) => Number(db.value('SELECT id FROM orders WHERE order_ref = ?', [ref]));
const openErrors = () => count(db, "SELECT COUNT(*) FROM errors WHERE resolved = 0 AND severity = 'error'");

describe('Mark as Resolved / Unresolved', () => {
  it('cascades from an order to its errors and failed transactions, and back', () => {
    const id = orderId('112-0000001-0000001');
    const out = runAction(db, 'orders', 'resolve', [id], ctx);
    expect(out.message).toBe('Marked order 112-0000001-0000001 as resolved with 1 error');
    expect(count(db, "SELECT resolved FROM orders WHERE order_ref = '112-0000001-0000001'")).toBe(1);
    expect(count(db, "SELECT resolved FROM errors WHERE code = 'ORD_SKU_UNLINKED'")).toBe(1);
    expect(count(db, "SELECT resolved FROM transactions WHERE order_ref = '112-0000001-0000001'")).toBe(1);
    runAction(db, 'orders', 'unresolve', [id], ctx);
    expect(count(db, "SELECT resolved FROM errors WHERE code = 'ORD_SKU_UNLINKED'")).toBe(0);
    expect(count(db, "SELECT resolved FROM transactions WHERE order_ref = '112-0000001-0000001'")).toBe(0);
  });

  it('reads a transaction and its order as resolved once every error is resolved', () => {
    const tx = Number(db.value("SELECT transaction_id FROM errors WHERE code = 'ORD_SKU_UNLINKED'"));
    db.run(
      "INSERT INTO errors(transaction_id, order_ref, code, message, created_at) VALUES (?, '112-0000001-0000001', 'ORD_ADDRESS_MISSING', 'no state', '2026-11-10T09:01:00Z')",
      [tx],
    );
    const [e1, e2] = db
      .all<{ id: number }>('SELECT id FROM errors WHERE transaction_id = ? ORDER BY id', [tx])
      .map((r) => r.id);
    runAction(db, 'errors', 'resolve', [e1!], ctx);
    expect(count(db, 'SELECT resolved FROM transactions WHERE id = ?', [tx])).toBe(0);
    expect(count(db, "SELECT resolved FROM orders WHERE order_ref = '112-0000001-0000001'")).toBe(0);
    runAction(db, 'errors', 'resolve', [e2!], ctx);
    expect(count(db, 'SELECT resolved FROM transactions WHERE id = ?', [tx])).toBe(1);
    expect(count(db, "SELECT resolved FROM orders WHERE order_ref = '112-0000001-0000001'")).toBe(1);
    runAction(db, 'errors', 'unresolve', [e2!], ctx);
    expect(count(db, 'SELECT resolved FROM transactions WHERE id = ?', [tx])).toBe(0);
    expect(count(db, "SELECT resolved FROM orders WHERE order_ref = '112-0000001-0000001'")).toBe(0);
  });

  it('resolves an inventory row together with its transaction and errors', () => {
    const id = Number(db.value("SELECT id FROM inventory_log WHERE sku = 'AMZ-RED'"));
    runAction(db, 'inventory', 'resolve', [id], ctx);
    expect(count(db, "SELECT resolved FROM errors WHERE code = 'INV_NEGATIVE_QTY'")).toBe(1);
    expect(count(db, "SELECT resolved FROM transactions WHERE sku = 'AMZ-RED'")).toBe(1);
    expect(openErrors()).toBe(1);
  });

  it('writes one audit row per row acted on, with the actor', () => {
    const ids = db.all<{ id: number }>("SELECT id FROM errors WHERE severity = 'error'").map((r) => r.id);
    const out = runAction(db, 'errors', 'resolve', ids, ctx);
    expect(out.message).toBe('Marked 2 errors as resolved');
    expect(db.all('SELECT actor, action, target_table, at FROM audit_log')).toEqual(
      ids.map(() => ({ actor: 'ops-anna', action: 'resolve', target_table: 'errors', at: '2026-11-27T09:00:00Z' })),
    );
    expect(openErrors()).toBe(0);
  });

  it('changes nothing when one of the ids does not exist', () => {
    expect(() => runAction(db, 'errors', 'resolve', [1, 9999], ctx)).toThrow(ActionError);
    expect(openErrors()).toBe(2);
    expect(count(db, 'SELECT COUNT(*) FROM audit_log')).toBe(0);
  });

  it('saves to the file before reporting, and refuses on a read-only snapshot without writing', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'alogs-act-'));
    const file = path.join(dir, 's.db');
    db.saveAs(file);
    const onDisk = await openSnapshot(file);
    runAction(onDisk, 'orders', 'resolve', [orderId('112-0000001-0000001')], ctx);
    onDisk.close();
    const reread = await openSnapshot(file);
    expect(count(reread, "SELECT resolved FROM orders WHERE order_ref = '112-0000001-0000001'")).toBe(1);
    reread.close();
    const before = fs.readFileSync(file);
    const ro = await openSnapshot(file, { readOnly: true });
    expect(() => runAction(ro, 'orders', 'unresolve', [orderId('112-0000001-0000001')], ctx)).toThrow(/read-only/);
    ro.close();
    expect(fs.readFileSync(file).equals(before)).toBe(true);
    fs.rmSync(dir, { recursive: true });
  });
});
