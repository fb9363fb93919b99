/** Known rows for UI tests, inserted directly so what each key shows or hides can be checked. */
import type { Snapshot } from '../../src/db/index.js';
import { addOrder, addTransaction, baseSnapshot } from '../fixtures.js';

export { addTransaction, type TxInput } from '../fixtures.js';

export const FAILED = '112-0000001-0000001';
export const DROPPED = '113-0000002-0000002';
export const PENDING = '114-0000003-0000003';

/**
 * Orders: one failed on an unlinked SKU (two import attempts), one dropped and
 * resolved, one still pending on Amazon. Inventory: a failed sync of AMZ-RED
 * and a good one of AMZ-BLUE. Errors: ORD_SKU_UNLINKED (open), ORD_STILL_PENDING
 * (warning), INV_NEGATIVE_QTY (open), and a resolved API_QUOTA.
 */
export async function uiSnapshot(): Promise<Snapshot> {
  const snap = await baseSnapshot();
  addOrder(snap, { ref: FAILED, lines: [{ sku: 'AMZ-GHOST' }], purchaseDate: '2026-11-10T09:00:00Z' });
  snap.run("UPDATE orders SET status = 'Error', buyer_name = 'Ada Lovelace' WHERE order_ref = ?", [FAILED]);
  addOrder(snap, { ref: DROPPED, purchaseDate: '2026-11-12T09:00:00Z' });
  snap.run(
    "UPDATE orders SET status = 'Dropped', resolved = 1, xoro_ref = 'SO-000001', buyer_name = 'Grace Hopper' WHERE order_ref = ?",
    [DROPPED],
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
  addTransaction(snap, {
    orderRef: FAILED,
    date: '2026-11-11T09:01:00Z',
    status: 'Error',
    rerunOf: first,
    message: 'Validate lines: still not linked',
  });
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
  const quota = addTransaction(snap, {
    type: 'Fulfillment Update',
    orderRef: DROPPED,
    date: '2026-11-13T00:00:00Z',
    status: 'Error',
    errors: [{ code: 'API_QUOTA' }],
  });
  snap.run('UPDATE errors SET resolved = 1 WHERE transaction_id = ?', [quota]);
  snap.run('UPDATE transactions SET resolved = 1 WHERE id = ?', [quota]);
  snap.run(
    `INSERT INTO inventory_log(transaction_id, sku, store, qty_before, qty_after, reason, adjusted_at, status, resolved) VALUES
      (?, 'AMZ-RED', 'MAIN', 3, -2, 'Scheduled sync', '2026-11-15T00:00:00Z', 'Error', 0),
      (?, 'AMZ-BLUE', 'MAIN', 40, 50, 'Cycle count', '2026-11-16T00:00:00Z', 'Success', 1)`,
    [invFail, invOk],
  );
  return snap;
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
