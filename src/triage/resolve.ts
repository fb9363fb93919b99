import type { Snapshot } from '../db/index.js';
import { isCurrentRun } from '../engine/index.js';
import type { TabId } from './triage-types.js';

export interface ResolveOutcome {
  /** Errors whose flag changed. */
  errors: number;
  /** Why nothing was reopened, when a row's problem is no longer current (a later run took its place). */
  notCurrent?: string;
}

const SUPERSEDED_BY = 'SELECT superseded_by FROM transactions WHERE id = ?';

/**
 * Mark as Resolved / Unresolved with its cascade. Downward: an order or a
 * transaction takes its errors (and a transaction its inventory rows) along.
 * Upward: a transaction or order reads as resolved once none of its errors is
 * open, and as unresolved as soon as one is.
 * Unresolve reopens only what is still current: the errors of the newest run
 * of each thing. An earlier run's errors were closed by the run that took its
 * place, and reopening them would count one problem twice.
 */
export function setResolved(db: Snapshot, tab: TabId, id: number, resolved: boolean): ResolveOutcome {
  const flag = resolved ? 1 : 0;
  let errorsChanged = 0;
  const txIds = new Set<number>();
  const orderRefs = new Set<string>();
  const current = (txId: number) => resolved || isCurrentRun(db, txId);
  const notCurrent = (what: string, txId: number): ResolveOutcome => {
    const by = db.value<number | null>(SUPERSEDED_BY, [txId]);
    return {
      errors: 0,
      notCurrent: `${what}: a later run${by ? ` (transaction ${by})` : ''} took its place; nothing to reopen`,
    };
  };

  const cascadeTransaction = (txId: number) => {
    db.run('UPDATE transactions SET resolved = ? WHERE id = ?', [flag, txId]);
    db.run('UPDATE inventory_log SET resolved = ? WHERE transaction_id = ?', [flag, txId]);
    errorsChanged += db.run(
      "UPDATE errors SET resolved = ? WHERE transaction_id = ? AND severity = 'error' AND resolved <> ?",
      [flag, txId, flag],
    ).changes;
    const ref = db.value<string | null>('SELECT order_ref FROM transactions WHERE id = ?', [txId]);
    if (ref) orderRefs.add(ref);
  };

  switch (tab) {
    case 'orders': {
      const ref = db.value<string>('SELECT order_ref FROM orders WHERE id = ?', [id]);
      if (ref === undefined) return { errors: 0 };
      db.run('UPDATE orders SET resolved = ? WHERE id = ?', [flag, id]);
      for (const t of db.all<{ id: number }>(
        "SELECT id FROM transactions WHERE order_ref = ? AND status <> 'Success'",
        [ref],
      )) {
        if (current(t.id)) cascadeTransaction(t.id);
      }
      // Errors without a transaction of their own are the order's alone.
      errorsChanged += db.run(
        "UPDATE errors SET resolved = ? WHERE order_ref = ? AND transaction_id IS NULL AND severity = 'error' AND resolved <> ?",
        [flag, ref, flag],
      ).changes;
      if (resolved) {
        errorsChanged += db.run(
          "UPDATE errors SET resolved = 1 WHERE order_ref = ? AND severity = 'error' AND resolved = 0",
          [ref],
        ).changes;
      }
      return { errors: errorsChanged };
    }
    case 'logs':
      if (!current(id)) return notCurrent(`Transaction ${id}`, id);
      cascadeTransaction(id);
      break;
    case 'inventory': {
      const txId = db.value<number | null>('SELECT transaction_id FROM inventory_log WHERE id = ?', [id]);
      if (txId !== null && txId !== undefined && !current(txId))
        return notCurrent(`Inventory row ${id} (transaction ${txId})`, txId);
      db.run('UPDATE inventory_log SET resolved = ? WHERE id = ?', [flag, id]);
      if (txId !== null && txId !== undefined) cascadeTransaction(txId);
      break;
    }
    case 'errors': {
      const e = db.get<{ transaction_id: number | null; order_ref: string | null }>(
        'SELECT transaction_id, order_ref FROM errors WHERE id = ?',
        [id],
      );
      if (!e) return { errors: 0 };
      if (e.transaction_id !== null && !current(e.transaction_id))
        return notCurrent(`Error ${id} (transaction ${e.transaction_id})`, e.transaction_id);
      errorsChanged += db.run('UPDATE errors SET resolved = ? WHERE id = ? AND resolved <> ?', [
        flag,
        id,
        flag,
      ]).changes;
      if (e.transaction_id !== null) txIds.add(e.transaction_id);
      if (e.order_ref) orderRefs.add(e.order_ref);
      break;
    }
  }
  for (const txId of txIds) deriveTransaction(db, txId, orderRefs);
  for (const ref of orderRefs) deriveOrder(db, ref);
  return { errors: errorsChanged };
}

/** A failed transaction reads as resolved exactly when none of its errors is open. */
function deriveTransaction(db: Snapshot, txId: number, orderRefs: Set<string>): void {
  const tx = db.get<{ status: string; order_ref: string | null }>(
    'SELECT status, order_ref FROM transactions WHERE id = ?',
    [txId],
  );
  if (!tx) return;
  if (tx.order_ref) orderRefs.add(tx.order_ref);
  if (tx.status === 'Success') return;
  const open = hasOpenErrors(
    db,
    "SELECT 1 FROM errors WHERE transaction_id = ? AND resolved = 0 AND severity = 'error' LIMIT 1",
    txId,
  );
  db.run('UPDATE transactions SET resolved = ? WHERE id = ?', [open ? 0 : 1, txId]);
  db.run('UPDATE inventory_log SET resolved = ? WHERE transaction_id = ?', [open ? 0 : 1, txId]);
}

/** An order with an open error is unresolved; one whose errors are all resolved reads as resolved. */
function deriveOrder(db: Snapshot, ref: string): void {
  const order = db.get<{ status: string }>('SELECT status FROM orders WHERE order_ref = ?', [ref]);
  if (!order) return;
  const open = hasOpenErrors(
    db,
    "SELECT 1 FROM errors WHERE order_ref = ? AND resolved = 0 AND severity = 'error' LIMIT 1",
    ref,
  );
  if (open) db.run('UPDATE orders SET resolved = 0 WHERE order_ref = ?', [ref]);
  else if (order.status !== 'Pending') db.run('UPDATE orders SET resolved = 1 WHERE order_ref = ?', [ref]);
}

function hasOpenErrors(db: Snapshot, sql: string, key: string | number): boolean {
  return db.value(sql, [key]) !== undefined;
}
