/** Rows for triage tests, inserted directly so each filter can be checked against known data. */
import type { Snapshot } from '../../src/db/index.js';
import { addOrder, addTransaction, baseSnapshot } from '../fixtures.js';

export { addTransaction, type TxInput } from '../fixtures.js';

/**
 * Three orders (one failed on an unlinked SKU, one dropped, one pending), their
 * transactions and errors, an inventory sync that failed, and one that worked.
 */
export async function triageSnapshot(): Promise<Snapshot> {
  const snap = await baseSnapshot();
  addOrder(snap, { ref: '112-0000001-0000001', lines: [{ sku: 'AMZ-GHOST' }], purchaseDate: '2026-11-10T09:00:00Z' });
  snap.run(
    "UPDATE orders SET status = 'Error', buyer_name = 'Ada 100%_Lovelace' WHERE order_ref = '112-0000001-0000001'",
  );
  addOrder(snap, { ref: '113-0000002-0000002', purchaseDate: '2026-11-12T09:00:00Z' });
  snap.run(
    "UPDATE orders SET status = 'Dropped', resolved = 1, xoro_ref = 'SO-000001' WHERE order_ref = '113-0000002-0000002'",
  );
  snap.run(
    "INSERT INTO documents(kind, number, order_ref, created_at, total) VALUES ('sales_order', 'SO-000001', '113-0000002-0000002', '2026-11-12T09:05:00Z', 19.99)",
  );
  addOrder(snap, { ref: '114-0000003-0000003', purchaseDate: '2026-11-14T09:00:00Z', amazonStatus: 'Pending' });
  addTransaction(snap, {
    orderRef: '112-0000001-0000001',
    date: '2026-11-10T09:01:00Z',
    status: 'Error',
    message: 'Validate lines: Amazon SKU AMZ-GHOST not linked',
    errors: [{ code: 'ORD_SKU_UNLINKED', message: 'Amazon SKU AMZ-GHOST not linked to an ERP item' }],
  });
  addTransaction(snap, {
    orderRef: '113-0000002-0000002',
    date: '2026-11-12T09:05:00Z',
    message: 'Drop: dropped as SO-000001',
  });
  addTransaction(snap, {
    orderRef: '114-0000003-0000003',
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
  snap.run(
    `INSERT INTO inventory_log(transaction_id, sku, store, qty_before, qty_after, reason, adjusted_at, status, resolved) VALUES
      (?, 'AMZ-RED', 'MAIN', 3, -2, 'Scheduled sync', '2026-11-15T00:00:00Z', 'Error', 0),
      (?, 'AMZ-BLUE', 'MAIN', 40, 50, 'Scheduled sync', '2026-11-16T00:00:00Z', 'Success', 1)`,
    [invFail, invOk],
  );
  return snap;
}
