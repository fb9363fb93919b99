import type { Snapshot } from '../db/index.js';
import { rerunTransaction, runInventory, runOrderImport, storedRun, thingKey, thingOf } from '../engine/index.js';
import type { RunResult } from '../engine/domain.js';
import { applyFix, FixError, fixOfError, type FixAction } from './fixes.js';
import { setResolved } from './resolve.js';
import { tabSpec } from './tabs.js';
import type { ActionId, ActionOutcome, RerunTally, TabId } from './triage-types.js';
import { UserError } from '../user-error.js';
import type { Outcome } from '../user-error.js';

export const TARGET_TABLE: Record<TabId, string> = {
  orders: 'orders',
  inventory: 'inventory_log',
  logs: 'transactions',
  errors: 'errors',
};

/** A request the data cannot satisfy (unknown id, action not offered on the tab). */
export class ActionError extends UserError {
  constructor(message: string) {
    super(message);
    this.name = 'ActionError';
  }
}

export interface ActionContext {
  actor: string;
  /** Clock for audit rows and engine runs; defaults to the real time. */
  now?: () => string;
  /** What a fix sets: the ERP item (link-sku, relink-sku) or the ERP ship-via code (map-ship-service). */
  value?: string;
  /**
   * Save the file before returning (the CLI). When false the caller makes the
   * action durable itself (the dashboard's write-ahead journal, then a save).
   */
  save?: boolean;
}

export function isoNow(): string {
  return new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
}

const RUNS: readonly ActionId[] = ['rerun', 'resolve-rerun', 'process'];
const FIXES: readonly ActionId[] = ['link-sku', 'relink-sku', 'map-ship-service'];

/** Whether the action runs the integration's rules on the rows (re-runs count problems, one run per thing). */
export function isRun(action: ActionId): boolean {
  return RUNS.includes(action);
}

/**
 * Runs an action on rows of a tab, writes one audit_log row per row, and (unless
 * the caller journals it) saves the file before reporting: the outcome is only
 * returned once it is durable.
 * All rows change in one database transaction, so a failure changes nothing.
 * A run action runs each thing once however many of its rows are given (two
 * errors of one order re-run the order once); the others are reported, not run.
 */
export function runAction(
  db: Snapshot,
  tab: TabId,
  action: ActionId,
  ids: number[],
  ctx: ActionContext,
): ActionOutcome {
  const spec = tabSpec(tab);
  const offered = spec.actions.includes(action) || (FIXES.includes(action) && tab === 'errors');
  if (!offered) throw new ActionError(`${action} is not an action of the ${tab} tab`);
  if (ids.length === 0) throw new ActionError('no rows to act on');
  const save = ctx.save ?? true;
  if (save) db.assertSavable();
  else db.assertWritable();
  const now = ctx.now ?? isoNow;
  const unique = [...new Set(ids)];
  for (const id of unique) {
    if (db.value(`SELECT 1 FROM ${TARGET_TABLE[tab]} WHERE id = ?`, [id]) === undefined) {
      throw new ActionError(`no ${spec.noun} with id ${id}`);
    }
  }
  const { distinct, same } = isRun(action) ? distinctRuns(db, tab, unique) : { distinct: unique, same: 0 };
  const lines = db.transaction(() =>
    distinct.map((id) => {
      const line = FIXES.includes(action)
        ? applyFixLine(db, action as FixAction, id, ctx.value, now())
        : applyOne(db, tab, action, id, now());
      // A row the action left as it was (nothing current to reopen) is reported, not audited.
      if (!line.unchanged) {
        db.run('INSERT INTO audit_log(at, actor, action, target_table, target_id, detail) VALUES (?, ?, ?, ?, ?, ?)', [
          now(),
          ctx.actor,
          action,
          TARGET_TABLE[tab],
          id,
          line.detail,
        ]);
      }
      return line;
    }),
  );
  if (save) db.save();
  const tally = isRun(action) ? tallyOf(lines) : undefined;
  const followUp = lines.find((l) => l.followUp)?.followUp;
  return {
    action,
    ids: distinct,
    ok: lines.every((l) => l.ok),
    message: summarise(tab, action, lines, unique.length),
    tally,
    followUp,
    ...(same ? { same } : {}),
  };
}

/**
 * One row per thing to run, in the order given: the first row of each thing
 * stands for it, the rest are the same problem (same order's import, same
 * shipment confirmation, same SKU's feed or link, same re-run chain). `same`
 * counts the rows left out.
 */
export function distinctRuns(db: Snapshot, tab: TabId, ids: readonly number[]): { distinct: number[]; same: number } {
  const seen = new Set<string>();
  const distinct: number[] = [];
  for (const id of ids) {
    const key = thingOfRow(db, tab, id);
    if (key !== undefined && seen.has(key)) continue;
    if (key !== undefined) seen.add(key);
    distinct.push(id);
  }
  return { distinct, same: ids.length - distinct.length };
}

/** What running this row runs: its order's import (Orders tab), else the thing of its transaction. */
function thingOfRow(db: Snapshot, tab: TabId, id: number): string | undefined {
  if (tab === 'orders') {
    const ref = db.value<string>('SELECT order_ref FROM orders WHERE id = ?', [id]);
    return ref === undefined ? undefined : thingKey({ kind: 'order', type: 'Order Import', orderRef: ref });
  }
  const txId = transactionOfRow(db, tab, id);
  if (txId === undefined)
    return tab === 'inventory'
      ? `inventory|${db.value<string>('SELECT sku FROM inventory_log WHERE id = ?', [id])}`
      : undefined;
  const t = db.get<{ type: string; order_ref: string | null; sku: string | null }>(
    'SELECT type, order_ref, sku FROM transactions WHERE id = ?',
    [txId],
  );
  return t ? thingKey(thingOf(db, t.type, t.order_ref, t.sku, txId)) : undefined;
}

function transactionOfRow(db: Snapshot, tab: TabId, id: number): number | undefined {
  const v =
    tab === 'logs'
      ? id
      : tab === 'errors'
        ? db.value<number | null>('SELECT transaction_id FROM errors WHERE id = ?', [id])
        : tab === 'inventory'
          ? db.value<number | null>('SELECT transaction_id FROM inventory_log WHERE id = ?', [id])
          : undefined;
  return v === null || v === undefined ? undefined : Number(v);
}

interface LineOutcome extends Outcome {
  /** Nothing changed for this row. */
  unchanged?: boolean;
  /** Audit text: what happened to this row. */
  detail: string;
  run?: RunResult;
  followUp?: ActionOutcome['followUp'];
}

function applyFixLine(
  db: Snapshot,
  action: FixAction,
  id: number,
  value: string | undefined,
  now: string,
): LineOutcome {
  try {
    const done = applyFix(db, action, fixOfError(db, action, id), value, now);
    const n = done.waiting.length;
    const followUp = n
      ? {
          tab: 'logs' as TabId,
          action: 'rerun' as ActionId,
          ids: done.waiting,
          label: `the ${n} open problem${n === 1 ? '' : 's'} ${done.affects}`,
        }
      : undefined;
    const more = n ? `; ${n} open problem${n === 1 ? '' : 's'} failed on it` : '';
    return {
      ok: done.ok,
      run: done.run,
      followUp: done.ok ? followUp : undefined,
      detail: done.detail,
      message: `${done.message}${done.ok ? more : ''}`,
    };
  } catch (err) {
    if (err instanceof FixError) throw new ActionError(err.message);
    throw err;
  }
}

function applyOne(db: Snapshot, tab: TabId, action: ActionId, id: number, now: string): LineOutcome {
  const label = labelOf(db, tab, id);
  if (action === 'resolve' || action === 'unresolve') {
    const r = setResolved(db, tab, id, action === 'resolve');
    if (r.notCurrent)
      return { ok: true, unchanged: true, detail: `not reopened: ${r.notCurrent}`, message: r.notCurrent };
    const what = action === 'resolve' ? 'resolved' : 'unresolved';
    const errors = r.errors ? ` with ${r.errors} error${r.errors === 1 ? '' : 's'}` : '';
    return { ok: true, detail: `marked ${what}${errors}`, message: `Marked ${label} as ${what}${errors}` };
  }
  if (action === 'resolve-rerun') setResolved(db, tab, id, true);
  const run = action === 'process' ? processRow(db, tab, id, now) : rerun(db, tab, id, now);
  const ok = run.status === 'Success';
  const verb = action === 'rerun' ? 'Re-run of' : action === 'process' ? 'Processed' : 'Resolved and re-ran';
  return {
    ok,
    run,
    detail: `${action === 'process' ? 'processed' : 're-run'} as transaction ${run.transactionId}: ${describeRun(run)}`,
    message: `${verb} ${label}: ${describeRun(run)}`,
  };
}

function rerun(db: Snapshot, tab: TabId, id: number, now: string): RunResult {
  const manual = { syncType: 'Manual' as const, now };
  switch (tab) {
    case 'logs':
      return rerunTransaction(db, id, { now });
    case 'orders': {
      const ref = db.value<string>('SELECT order_ref FROM orders WHERE id = ?', [id])!;
      const tx = db.value<number>(
        "SELECT id FROM transactions WHERE order_ref = ? AND type = 'Order Import' ORDER BY id DESC LIMIT 1",
        [ref],
      );
      return tx === undefined ? runOrderImport(db, ref, manual) : rerunTransaction(db, tx, { now });
    }
    case 'inventory': {
      const row = db.get<{ transaction_id: number | null; sku: string }>(
        'SELECT transaction_id, sku FROM inventory_log WHERE id = ?',
        [id],
      )!;
      // A stock change no run wrote (a producer's row): the SKU's quantity is synced again.
      return row.transaction_id === null
        ? runInventory(db, 'Inventory Sync', { sku: row.sku }, manual)
        : rerunTransaction(db, row.transaction_id, { now });
    }
    case 'errors': {
      const tx = db.value<number | null>('SELECT transaction_id FROM errors WHERE id = ?', [id]);
      if (tx === null || tx === undefined) throw new ActionError(`error ${id} has no transaction to re-run`);
      return rerunTransaction(db, tx, { now });
    }
  }
}

/**
 * Process now: a Pending order (Orders tab) or a queued run (Logs tab) is run at a
 * user's request, whatever auto_process says, in the queued row when there is one.
 */
function processRow(db: Snapshot, tab: TabId, id: number, now: string): RunResult {
  if (tab === 'orders') {
    const o = db.get<{ order_ref: string; status: string }>('SELECT order_ref, status FROM orders WHERE id = ?', [id])!;
    if (o.status !== 'Pending')
      throw new ActionError(
        `order ${o.order_ref} is ${o.status}, not Pending: Process now is for orders still waiting`,
      );
    const queued = db.value<number>(
      "SELECT id FROM transactions WHERE order_ref = ? AND type = 'Order Import' AND status = 'Pending' AND start_date IS NULL ORDER BY id DESC LIMIT 1",
      [o.order_ref],
    );
    return queued === undefined
      ? runOrderImport(db, o.order_ref, { syncType: 'Manual', now })
      : rerunTransaction(db, queued, { now });
  }
  if (tab === 'logs' && storedRun(db, id).queued) return rerunTransaction(db, id, { now });
  throw new ActionError(`${tabSpec(tab).noun} ${id} is not waiting to be processed`);
}

function labelOf(db: Snapshot, tab: TabId, id: number): string {
  if (tab === 'orders') return `order ${db.value<string>('SELECT order_ref FROM orders WHERE id = ?', [id])}`;
  return `${tabSpec(tab).noun} ${id}`;
}

function describeRun(run: RunResult): string {
  if (run.status === 'Success') {
    if (run.documentNumber) return `dropped as ${run.documentNumber}`;
    const info = run.errors.find((e) => e.severity === 'info');
    return info
      ? `nothing to do: ${info.message}`
      : run.message.startsWith('Skipped: ')
        ? run.message.slice(0, 1).toLowerCase() + run.message.slice(1)
        : 'succeeded';
  }
  const codes = [...new Set(run.errors.filter((e) => e.severity !== 'info').map((e) => e.code))];
  const word = run.status === 'Pending' ? 'still pending' : 'still failing';
  return codes.length ? `${word}: ${codes.join(', ')}` : `${word}: ${run.message}`;
}

function tallyOf(lines: LineOutcome[]): RerunTally {
  const failing: Record<string, number> = {};
  for (const l of lines) {
    if (l.ok) continue;
    // Each still-failing problem counts once per code, however many lines of it failed that way.
    const codes = new Set((l.run?.errors ?? []).filter((e) => e.severity !== 'info').map((e) => e.code));
    for (const code of codes) failing[code] = (failing[code] ?? 0) + 1;
  }
  const succeeded = lines.filter((l) => l.ok).length;
  return { succeeded, failed: lines.length - succeeded, failing };
}

function summarise(tab: TabId, action: ActionId, lines: LineOutcome[], given: number): string {
  if (lines.length === 1 && given === 1) return lines[0]!.message;
  if (action === 'resolve' || action === 'unresolve') {
    const skipped = lines.filter((l) => l.unchanged).length;
    const done = lines.length - skipped;
    return `Marked ${done} ${tabSpec(tab).noun}${done === 1 ? '' : 's'} as ${action}d${skipped ? ` (${skipped} not reopened: a later run took their place)` : ''}`;
  }
  if (!isRun(action)) return lines.map((l) => l.message).join('; ');
  return tallyMessage(tab, lines.length, tallyOf(lines), given);
}

/**
 * "Re-ran 6 problems (10 errors): 4 succeeded, 2 still failing (ORD_SKU_UNLINKED x2)": a
 * problem is one thing run once, however many of its rows were picked.
 */
export function tallyMessage(tab: TabId, problems: number, t: RerunTally, rows = problems): string {
  const byCode = Object.entries(t.failing)
    .sort((a, b) => b[1] - a[1])
    .map(([c, n]) => `${c} x${n}`)
    .join(', ');
  const noun = tabSpec(tab).noun;
  const what =
    rows === problems
      ? `${problems} ${noun}${problems === 1 ? '' : 's'}`
      : `${problems} problem${problems === 1 ? '' : 's'} (${rows} ${noun}s)`;
  return `Re-ran ${what}: ${t.succeeded} succeeded, ${t.failed} still failing${byCode ? ` (${byCode})` : ''}`;
}
