/** `amazon-logs process`: the integration's scheduled run on the snapshot, audited and saved. */
import type { Snapshot } from '../db/index.js';
import { runSchedule, type RunResult } from '../engine/index.js';
import { isoNow, type ActionContext } from './actions.js';
import type { Outcome } from '../user-error.js';

/** ok: no processed run failed; message, e.g. "Processed 5 runs: 3 succeeded, 1 still failing (ORD_SKU_UNLINKED x1), 1 still pending; 2 orders wait for a user (auto_process is '0')". */
export interface ProcessOutcome extends Outcome {
  runs: RunResult[];
  waiting: number;
}

const AUDIT =
  "INSERT INTO audit_log(at, actor, action, target_table, target_id, detail) VALUES (?, ?, 'process', 'transactions', ?, ?)";

export function processSchedule(db: Snapshot, ctx: ActionContext): ProcessOutcome {
  if (ctx.save ?? true) db.assertSavable();
  const now = ctx.now ?? isoNow;
  const report = db.transaction(() => {
    const r = runSchedule(db, { now: now() });
    for (const run of r.runs)
      db.run(AUDIT, [now(), ctx.actor, run.transactionId, `${run.type}: ${run.status}: ${run.message}`]);
    return r;
  });
  if (ctx.save ?? true) db.save();
  const succeeded = report.runs.filter((r) => r.status === 'Success').length;
  const pending = report.runs.filter((r) => r.status === 'Pending').length;
  const failing: Record<string, number> = {};
  for (const run of report.runs.filter((r) => r.status === 'Error')) {
    for (const code of new Set(run.errors.filter((e) => e.severity === 'error').map((e) => e.code)))
      failing[code] = (failing[code] ?? 0) + 1;
  }
  const failed = report.runs.filter((r) => r.status === 'Error').length;
  const byCode = Object.entries(failing)
    .sort((a, b) => b[1] - a[1])
    .map(([c, n]) => `${c} x${n}`)
    .join(', ');
  const parts = [`${succeeded} succeeded`, `${failed} still failing${byCode ? ` (${byCode})` : ''}`];
  if (pending) parts.push(`${pending} still pending on Amazon`);
  const head = report.runs.length
    ? `Processed ${report.runs.length} run${report.runs.length === 1 ? '' : 's'}: ${parts.join(', ')}`
    : 'Nothing to process';
  const wait = report.waiting
    ? `; ${report.waiting} order${report.waiting === 1 ? '' : 's'} wait for a user (auto_process is '0'; Process now in the dashboard)`
    : '';
  return { runs: report.runs, waiting: report.waiting, message: head + wait, ok: failed === 0 };
}
