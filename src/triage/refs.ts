/**
 * The ids people have: a row id as `list` prints it, an Amazon order number (what
 * emails and Seller Central show), `tx:2847` for a transaction and `err:308` for an
 * error. Each names rows of any tab: an order number on the Logs tab is the
 * order's transactions, `tx:` on the Errors tab is that run's errors, and so on.
 */
import type { Snapshot } from '../db/index.js';
import { UserError } from '../user-error.js';
import { TARGET_TABLE } from './actions.js';
import { tabSpec } from './tabs.js';
import type { TabId } from './triage-types.js';

/** An id that names nothing, or is not an id at all. */
export class RefError extends UserError {
  constructor(message: string) {
    super(message);
    this.name = 'RefError';
  }
}

export const ORDER_NUMBER = /^\d{3}-\d{7}-\d{7}$/;
const TX = /^tx:(\d+)$/i;
const ERR = /^err:(\d+)$/i;
const ROW = /^\d+$/;

/** The rows of `tab` an id names, newest first. */
export function rowsOf(db: Snapshot, tab: TabId, ref: string): number[] {
  const r = ref.trim();
  const ids = (sql: string, params: (string | number)[]) => db.all<{ id: number }>(sql, params).map((x) => x.id);
  let found: number[];
  if (ROW.test(r)) {
    if (!Number.isSafeInteger(Number(r)) || Number(r) < 1) throw new RefError(`"${ref}" is not a row id`);
    found = ids(`SELECT id FROM ${TARGET_TABLE[tab]} WHERE id = ?`, [Number(r)]);
  } else if (ORDER_NUMBER.test(r)) {
    const bySql: Record<TabId, string> = {
      orders: 'SELECT id FROM orders WHERE order_ref = ?',
      logs: 'SELECT id FROM transactions WHERE order_ref = ? ORDER BY id DESC',
      errors: 'SELECT id FROM errors WHERE order_ref = ? ORDER BY id DESC',
      inventory:
        'SELECT v.id FROM inventory_log v WHERE v.transaction_id IN (SELECT id FROM transactions WHERE order_ref = ?) ORDER BY v.id DESC',
    };
    found = ids(bySql[tab], [r]);
  } else if (TX.test(r) || ERR.test(r)) {
    const isTx = TX.test(r);
    const n = Number((isTx ? TX : ERR).exec(r)![1]);
    const tx = isTx ? n : db.value<number | null>('SELECT transaction_id FROM errors WHERE id = ?', [n]);
    if (!isTx && tab === 'errors') found = ids('SELECT id FROM errors WHERE id = ?', [n]);
    else if (tab === 'orders') {
      const ref2 = isTx
        ? db.value<string | null>('SELECT order_ref FROM transactions WHERE id = ?', [n])
        : db.value<string | null>('SELECT order_ref FROM errors WHERE id = ?', [n]);
      found = ref2 ? ids('SELECT id FROM orders WHERE order_ref = ?', [ref2]) : [];
    } else if (tx === null || tx === undefined) found = [];
    else if (tab === 'logs') found = ids('SELECT id FROM transactions WHERE id = ?', [tx]);
    else if (tab === 'errors') found = ids('SELECT id FROM errors WHERE transaction_id = ? ORDER BY id DESC', [tx]);
    else found = ids('SELECT id FROM inventory_log WHERE transaction_id = ? ORDER BY id DESC', [tx]);
  } else {
    throw new RefError(
      `"${ref}" is not an id: give a row id as list prints it, an Amazon order number (112-1234567-1234567), tx:N or err:N`,
    );
  }
  if (found.length === 0) throw new RefError(`no ${tabSpec(tab).noun} for ${ref} in the ${tab} tab`);
  return found;
}

/** The rows every id names, in the order given, each once. */
export function rowsOfAll(db: Snapshot, tab: TabId, refs: readonly string[]): number[] {
  return [...new Set(refs.flatMap((r) => rowsOf(db, tab, r)))];
}
