/** Reading back what a run wrote, for assertions. */
import type { Snapshot } from '../../src/db/index.js';

export interface TransactionRow {
  id: number;
  type: string;
  entity_type: string;
  direction: string;
  order_ref: string | null;
  sku: string | null;
  import_date: string;
  start_date: string;
  end_date: string;
  status: string;
  resolved: number;
  sync_type: string;
  message: string;
  payload: string;
  rerun_of: number | null;
  superseded_by: number | null;
}

export interface ErrorRow {
  id: number;
  transaction_id: number;
  order_ref: string | null;
  sku: string | null;
  code: string;
  message: string;
  created_at: string;
  resolved: number;
  severity: string;
  superseded_by: number | null;
}

export function transaction(snap: Snapshot, id: number): TransactionRow {
  const row = snap.get<TransactionRow>('SELECT * FROM transactions WHERE id = ?', [id]);
  if (!row) throw new Error(`no transaction ${id}`);
  return row;
}

export function errorsOf(snap: Snapshot, transactionId: number): ErrorRow[] {
  return snap.all<ErrorRow>('SELECT * FROM errors WHERE transaction_id = ? ORDER BY id', [transactionId]);
}

export function order(
  snap: Snapshot,
  ref: string,
): { status: string; resolved: number; xoro_ref: string | null; updated_at: string | null } {
  return snap.get('SELECT status, resolved, xoro_ref, updated_at FROM orders WHERE order_ref = ?', [ref])!;
}

export function committed(snap: Snapshot, item: string, store = 'MAIN'): number {
  return Number(snap.value('SELECT committed FROM stock WHERE item_sku = ? AND store = ?', [item, store]));
}

export function setSetting(snap: Snapshot, key: string, value: string): void {
  snap.run('INSERT OR REPLACE INTO settings(key, value) VALUES (?, ?)', [key, value]);
}

export function outbox(snap: Snapshot): { feed_type: string; payload: unknown; transaction_id: number }[] {
  return snap
    .all<{ feed_type: string; payload: string; transaction_id: number }>(
      'SELECT feed_type, payload, transaction_id FROM outbox ORDER BY id',
    )
    .map((r) => ({ ...r, payload: JSON.parse(r.payload) as unknown }));
}
