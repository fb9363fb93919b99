import type { Row, Snapshot } from '../db/index.js';
import { compileWhere, TAB_SQL } from './filters.js';
import { toDisplayRow } from './format.js';
import type { DisplayRow, TabFilters, TabId } from './types.js';

const COLUMNS: Record<TabId, string> = {
  orders:
    'o.id, o.order_ref, o.purchase_date, o.status, o.xoro_ref, d.kind AS doc_kind, d.number AS doc_number, o.total, o.currency, o.resolved, o.fulfillment_channel, o.buyer_name',
  inventory: 'v.id, v.adjusted_at, v.sku, v.store, v.qty_before, v.qty_after, v.reason, v.status, v.resolved, v.transaction_id',
  logs: 't.id, t.import_date, t.start_date, t.end_date, t.entity_type, t.type, t.order_ref, t.sku, t.resolved, t.sync_type, t.status, t.message',
  errors: 'e.id, e.created_at, e.code, e.message, e.order_ref, e.sku, e.transaction_id, e.resolved, e.severity',
};

/** Rows offset..offset+limit-1 of the filtered tab, newest first. */
export function listRows(db: Snapshot, tab: TabId, filters: TabFilters, offset: number, limit: number): DisplayRow[] {
  const s = TAB_SQL[tab];
  const where = compileWhere(tab, filters);
  const sql = `SELECT ${COLUMNS[tab]} FROM ${s.from} ${where.sql} ORDER BY ${s.date} DESC, ${s.id} DESC LIMIT ? OFFSET ?`;
  return db.all<Row>(sql, [...where.params, Math.max(0, limit), Math.max(0, offset)]).map((r) => toDisplayRow(tab, r));
}

/** Every row of the filtered tab as raw database values (CLI json/csv output). */
export function listRecords(db: Snapshot, tab: TabId, filters: TabFilters, limit: number): Row[] {
  const s = TAB_SQL[tab];
  const where = compileWhere(tab, filters);
  const sql = `SELECT ${COLUMNS[tab]} FROM ${s.from} ${where.sql} ORDER BY ${s.date} DESC, ${s.id} DESC LIMIT ?`;
  return db.all<Row>(sql, [...where.params, limit]);
}

export function countRows(db: Snapshot, tab: TabId, filters: TabFilters): number {
  const s = TAB_SQL[tab];
  const where = compileWhere(tab, filters);
  return Number(db.value(`SELECT COUNT(*) FROM ${s.from} ${where.sql}`, where.params) ?? 0);
}

/** Position of a record in the filtered, newest-first tab, or -1 when the filters exclude it. */
export function indexOfRow(db: Snapshot, tab: TabId, filters: TabFilters, id: number): number {
  const s = TAB_SQL[tab];
  const where = compileWhere(tab, filters);
  const and = where.sql ? `${where.sql} AND` : 'WHERE';
  const hit = db.get<{ date: string | null }>(`SELECT ${s.date} AS date FROM ${s.from} ${and} ${s.id} = ?`, [...where.params, id]);
  if (!hit) return -1;
  // Rows before it in "date DESC, id DESC" order; NULL dates sort last.
  const before =
    hit.date === null
      ? db.value(`SELECT COUNT(*) FROM ${s.from} ${and} (${s.date} IS NOT NULL OR ${s.id} > ?)`, [...where.params, id])
      : db.value(`SELECT COUNT(*) FROM ${s.from} ${and} (${s.date} > ? OR (${s.date} = ? AND ${s.id} > ?))`, [
          ...where.params,
          hit.date,
          hit.date,
          id,
        ]);
  return Number(before ?? 0);
}

/** Open (unresolved) errors per tab: the pending-error counts of the tab bar. */
export function openErrorCounts(db: Snapshot): Record<TabId, number> {
  const n = (sql: string) => Number(db.value(sql) ?? 0);
  return {
    orders: n("SELECT COUNT(*) FROM orders WHERE status = 'Error' AND resolved = 0"),
    inventory: n("SELECT COUNT(*) FROM inventory_log WHERE status = 'Error' AND resolved = 0"),
    logs: n("SELECT COUNT(*) FROM transactions WHERE status = 'Error' AND resolved = 0"),
    errors: n("SELECT COUNT(*) FROM errors WHERE severity = 'error' AND resolved = 0"),
  };
}
