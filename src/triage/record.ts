/**
 * A record for scripts (`show --format json`): the row as stored, its run's payload
 * as a JSON object, and named sections with stable keys. The shape is a contract
 * (docs/json.md, docs/schemas/record.schema.json).
 */
import type { Row, Snapshot } from '../db/index.js';
import { TARGET_TABLE } from './actions.js';
import { historyOf } from './problems.js';
import type { TabId } from './triage-types.js';

export interface RecordJson {
  tab: TabId;
  id: number;
  /** Every column of the row as stored. */
  record: Row;
  /** The input of the row's run (an order's newest import), parsed; null when there is none or it is not JSON. */
  payload: unknown;
  sections: {
    /** Errors of the record (an order's, a run's; an error itself). */
    errors: Row[];
    /** An order's lines; empty elsewhere. */
    lines: Row[];
    /** The ERP document an order dropped as, or null. */
    document: Row | null;
    /** Runs of the same problem, oldest first (the re-runs and the scheduled ones). */
    reruns: Row[];
    /** User actions on the record, oldest first. */
    audit: Row[];
  };
}

function parse(json: unknown): unknown {
  if (typeof json !== 'string') return null;
  try {
    return JSON.parse(json) as unknown;
  } catch {
    return null;
  }
}

/** The record, or undefined when the id names no row. */
export function recordJson(db: Snapshot, tab: TabId, id: number): RecordJson | undefined {
  const record = db.get(`SELECT * FROM ${TARGET_TABLE[tab]} WHERE id = ?`, [id]);
  if (!record) return undefined;
  const audit = db.all(
    'SELECT id, at, actor, action, detail FROM audit_log WHERE target_table = ? AND target_id = ? ORDER BY id',
    [TARGET_TABLE[tab], id],
  );
  const txOf = (): number | undefined => {
    if (tab === 'logs') return id;
    if (tab === 'orders')
      return (
        db.value<number>(
          "SELECT id FROM transactions WHERE order_ref = ? AND type = 'Order Import' ORDER BY id DESC LIMIT 1",
          [String(record.order_ref)],
        ) ?? undefined
      );
    const t = record.transaction_id;
    return t === null || t === undefined ? undefined : Number(t);
  };
  const txId = txOf();
  const payload = txId === undefined ? null : parse(db.value('SELECT payload FROM transactions WHERE id = ?', [txId]));
  const errors =
    tab === 'orders'
      ? db.all('SELECT * FROM errors WHERE order_ref = ? ORDER BY id', [String(record.order_ref)])
      : tab === 'errors'
        ? [record]
        : txId === undefined
          ? []
          : db.all('SELECT * FROM errors WHERE transaction_id = ? ORDER BY id', [txId]);
  const lines = tab === 'orders' ? db.all('SELECT * FROM order_lines WHERE order_id = ? ORDER BY line_no', [id]) : [];
  const document =
    tab === 'orders'
      ? (db.get('SELECT * FROM documents WHERE order_ref = ?', [String(record.order_ref)]) ?? null)
      : null;
  const reruns = txId === undefined ? [] : historyOf(db, txId, 1000);
  return { tab, id, record, payload, sections: { errors, lines, document, reruns, audit } };
}
