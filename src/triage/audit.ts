/** The audit log (`list audit`): who did what, when, newest first. */
import type { Row, Snapshot } from '../db/index.js';
import { dateBound } from './filters.js';

export interface AuditFilters {
  actor?: string;
  from?: string;
  to?: string;
  action?: string;
}

export function iterateAudit(db: Snapshot, f: AuditFilters, limit: number): Generator<Row> {
  const clauses: string[] = [];
  const params: (string | number)[] = [];
  if (f.actor) {
    clauses.push('actor = ?');
    params.push(f.actor);
  }
  if (f.action) {
    clauses.push('action = ?');
    params.push(f.action);
  }
  if (f.from) {
    clauses.push('at >= ?');
    params.push(dateBound(f.from, 'from'));
  }
  if (f.to) {
    clauses.push('at < ?');
    params.push(dateBound(f.to, 'to'));
  }
  const where = clauses.length ? `WHERE ${clauses.join(' AND ')}` : '';
  return db.iterate(
    `SELECT id, at, actor, action, target_table, target_id, detail FROM audit_log ${where} ORDER BY at DESC, id DESC LIMIT ?`,
    [...params, limit],
  );
}
