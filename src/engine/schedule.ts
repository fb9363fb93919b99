/**
 * The integration's scheduled run, on a snapshot: what would have happened at the next
 * tick. Queued runs are processed in their own rows; Pending orders with no run yet are
 * imported, and orders still pending on Amazon are checked again; with auto_process '0'
 * orders wait for a user (Process now), while shipment confirmations and inventory feeds
 * still run.
 */
import type { Snapshot } from '../db/index.js';
import { storedRun, runStored } from './rerun.js';
import { runOrderImport } from './order-import.js';
import { readSettings } from './app-settings.js';
import type { RunResult } from './domain.js';

const QUEUED = "SELECT id FROM transactions WHERE status = 'Pending' AND start_date IS NULL ORDER BY id";
// Orders the ERP holds as Pending: never run, or last run still pending on Amazon.
const PENDING_ORDERS = `SELECT o.order_ref,
    (SELECT t.id FROM transactions t WHERE t.order_ref = o.order_ref AND +t.type = 'Order Import' ORDER BY t.id DESC LIMIT 1) AS last_run,
    (SELECT t.status || '|' || coalesce(t.start_date, '') FROM transactions t WHERE t.order_ref = o.order_ref AND +t.type = 'Order Import'
       ORDER BY t.id DESC LIMIT 1) AS last_state
  FROM orders o WHERE o.status = 'Pending' ORDER BY o.purchase_date, o.id`;

export interface ScheduleReport {
  runs: RunResult[];
  /** Orders left Pending because auto_process is '0'. */
  waiting: number;
}

export function runSchedule(db: Snapshot, opts: { now?: string } = {}): ScheduleReport {
  db.assertWritable();
  const auto = readSettings(db).autoProcess;
  const runs: RunResult[] = [];
  let waiting = 0;
  const done = new Set<string>();
  const clock = opts.now === undefined ? {} : { now: opts.now };
  db.transaction(() => {
    const queued = db.all<{ id: number }>(QUEUED).map(({ id }) => ({ id, stored: storedRun(db, id) }));
    // Orders first, as the integration's tick does: a shipment confirmation needs its order dropped.
    for (const { id, stored } of queued.filter((q) => q.stored.type === 'Order Import')) {
      if (!auto) {
        waiting++;
        continue;
      }
      if (stored.type === 'Order Import') done.add(stored.orderRef);
      runs.push(runStored(db, stored, { ...clock, syncType: 'Auto', queued: id }));
    }
    for (const o of db.all<{ order_ref: string; last_run: number | null; last_state: string | null }>(PENDING_ORDERS)) {
      if (done.has(o.order_ref)) continue;
      // A queued run was counted above; a run that failed is not retried by the schedule (its error is open).
      const stillPending = o.last_state !== null && o.last_state.startsWith('Pending|') && o.last_state !== 'Pending|';
      if (o.last_run !== null && !stillPending) continue;
      if (!auto) {
        waiting++;
        continue;
      }
      runs.push(
        runOrderImport(db, o.order_ref, {
          ...clock,
          syncType: 'Auto',
          ...(o.last_run === null ? {} : { rerunOf: o.last_run }),
        }),
      );
    }
    for (const { id, stored } of queued.filter((q) => q.stored.type !== 'Order Import')) {
      runs.push(runStored(db, stored, { ...clock, syncType: 'Auto', queued: id }));
    }
  });
  return { runs, waiting };
}
