import type { Snapshot } from '../db/index.js';
import { rerunTransaction, runInventory, runOrderImport } from '../engine/index.js';
import type { RunResult } from '../engine/types.js';
import { LinkError, linkSkuOfError } from './link.js';
import { setResolved } from './resolve.js';
import { tabSpec } from './tabs.js';
import type { ActionId, ActionOutcome, RerunTally, TabId } from './types.js';

const TARGET_TABLE: Record<TabId, string> = {
  orders: 'orders',
  inventory: 'inventory_log',
  logs: 'transactions',
  errors: 'errors',
};

/** A request the data cannot satisfy (unknown id, action not offered on the tab). */
export class ActionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ActionError';
  }
}

export interface ActionContext {
  actor: string;
  /** Clock for audit rows and engine runs; defaults to the real time. */
  now?: () => string;
  /** For 'link-sku': the ERP item to link the error's Amazon SKU to. */
  item?: string;
  /**
   * Save the file before returning (the CLI). When false the caller makes the
   * action durable itself (the dashboard's write-ahead journal, then a save).
   */
  save?: boolean;
}

export function isoNow(): string {
  return new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * Runs an action on rows of a tab, writes one audit_log row per row, and (unless
 * the caller journals it) saves the file before reporting: the outcome is only
 * returned once it is durable.
 * All rows change in one database transaction, so a failure changes nothing.
 */
export function runAction(db: Snapshot, tab: TabId, action: ActionId, ids: number[], ctx: ActionContext): ActionOutcome {
  const spec = tabSpec(tab);
  const offered = spec.actions.includes(action) || (action === 'link-sku' && tab === 'errors');
  if (!offered) throw new ActionError(`${action} is not an action of the ${tab} tab`);
  if (ids.length === 0) throw new ActionError('no rows to act on');
  const save = ctx.save ?? true;
  if (save) db.assertSavable();
  else db.assertWritable();
  const now = ctx.now ?? isoNow;
  for (const id of ids) {
    if (db.value(`SELECT 1 FROM ${TARGET_TABLE[tab]} WHERE id = ?`, [id]) === undefined) {
      throw new ActionError(`no ${spec.noun} with id ${id}`);
    }
  }
  // Several rows of one transaction (two errors of one run) re-run it once.
  const reran = new Map<number, RunResult>();
  const lines = db.transaction(() =>
    ids.map((id) => {
      const line = action === 'link-sku' ? applyLink(db, id, ctx.item, now()) : applyOne(db, tab, action, id, now(), reran);
      db.run('INSERT INTO audit_log(at, actor, action, target_table, target_id, detail) VALUES (?, ?, ?, ?, ?, ?)', [
        now(),
        ctx.actor,
        action,
        TARGET_TABLE[tab],
        id,
        line.detail,
      ]);
      return line;
    }),
  );
  if (save) db.save();
  const tally = lines.some((l) => l.run) && action !== 'link-sku' ? tallyOf(lines) : undefined;
  const followUp = lines.find((l) => l.followUp)?.followUp;
  return { action, ids, ok: lines.every((l) => l.ok), message: summarise(tab, action, lines), tally, followUp };
}

interface LineOutcome {
  ok: boolean;
  /** Audit text: what happened to this row. */
  detail: string;
  /** The status line's text when this is the only row. */
  message: string;
  run?: RunResult;
  followUp?: ActionOutcome['followUp'];
}

function applyLink(db: Snapshot, id: number, item: string | undefined, now: string): LineOutcome {
  let link;
  try {
    link = linkSkuOfError(db, id, item, now);
  } catch (err) {
    if (err instanceof LinkError) throw new ActionError(err.message);
    throw err;
  }
  const { run, sku, waiting } = link;
  if (run.status !== 'Success') {
    const codes = run.errors.map((e) => e.code).join(', ');
    return { ok: false, run, detail: `link of ${sku} to ${item} failed: ${codes}`, message: `Link of ${sku} to ${item} failed: ${codes || run.message}` };
  }
  const n = waiting.length;
  const followUp = n ? { tab: 'logs' as TabId, action: 'rerun' as ActionId, ids: waiting, label: `the ${n} open transaction${n === 1 ? '' : 's'} that failed on ${sku}` } : undefined;
  return {
    ok: true,
    run,
    followUp,
    detail: `linked ${sku} to ${item} as transaction ${run.transactionId}`,
    message: `Linked ${sku} to ${item} (transaction ${run.transactionId})${n ? `; ${n} open transaction${n === 1 ? '' : 's'} failed on it` : ''}`,
  };
}

function applyOne(db: Snapshot, tab: TabId, action: ActionId, id: number, now: string, reran: Map<number, RunResult>): LineOutcome {
  const label = labelOf(db, tab, id);
  if (action === 'resolve' || action === 'unresolve') {
    const n = setResolved(db, tab, id, action === 'resolve');
    const what = action === 'resolve' ? 'resolved' : 'unresolved';
    const errors = n ? ` with ${n} error${n === 1 ? '' : 's'}` : '';
    return { ok: true, detail: `marked ${what}${errors}`, message: `Marked ${label} as ${what}${errors}` };
  }
  if (action === 'resolve-rerun') setResolved(db, tab, id, true);
  const run = rerun(db, tab, id, now, reran);
  const ok = run.status === 'Success';
  // A successful re-run settles the row it was started from, as well as the original transaction.
  if (ok) setResolved(db, tab, id, true);
  const verb = action === 'rerun' ? 'Re-run of' : 'Resolved and re-ran';
  return { ok, run, detail: `re-run as transaction ${run.transactionId}: ${describeRun(run)}`, message: `${verb} ${label}: ${describeRun(run)}` };
}

function rerun(db: Snapshot, tab: TabId, id: number, now: string, reran: Map<number, RunResult>): RunResult {
  const manual = { syncType: 'Manual' as const, now };
  const rerunOnce = (txId: number): RunResult => {
    let run = reran.get(txId);
    if (!run) reran.set(txId, (run = rerunTransaction(db, txId, { now })));
    return run;
  };
  switch (tab) {
    case 'logs':
      return rerunOnce(id);
    case 'orders': {
      const ref = db.value<string>('SELECT order_ref FROM orders WHERE id = ?', [id])!;
      const tx = db.value<number>("SELECT id FROM transactions WHERE order_ref = ? AND type = 'Order Import' ORDER BY id DESC LIMIT 1", [ref]);
      return tx === undefined ? runOrderImport(db, ref, manual) : rerunOnce(tx);
    }
    case 'inventory': {
      const row = db.get<{ transaction_id: number | null; sku: string }>('SELECT transaction_id, sku FROM inventory_log WHERE id = ?', [id])!;
      return row.transaction_id === null ? runInventory(db, 'Inventory Sync', { sku: row.sku }, manual) : rerunOnce(row.transaction_id);
    }
    case 'errors': {
      const tx = db.value<number | null>('SELECT transaction_id FROM errors WHERE id = ?', [id]);
      if (tx === null || tx === undefined) throw new ActionError(`error ${id} has no transaction to re-run`);
      return rerunOnce(tx);
    }
  }
}

function labelOf(db: Snapshot, tab: TabId, id: number): string {
  if (tab === 'orders') return `order ${db.value<string>('SELECT order_ref FROM orders WHERE id = ?', [id])}`;
  return `${tabSpec(tab).noun} ${id}`;
}

function describeRun(run: RunResult): string {
  if (run.status === 'Success') return run.documentNumber ? `dropped as ${run.documentNumber}` : 'succeeded';
  const codes = [...new Set(run.errors.filter((e) => e.severity !== 'info').map((e) => e.code))];
  const word = run.status === 'Pending' ? 'still pending' : 'still failing';
  return codes.length ? `${word}: ${codes.join(', ')}` : `${word}: ${run.message}`;
}

function tallyOf(lines: LineOutcome[]): RerunTally {
  const failing: Record<string, number> = {};
  for (const l of lines) {
    if (l.ok) continue;
    // Each still-failing row counts once per code, however many lines of it failed that way.
    const codes = new Set((l.run?.errors ?? []).filter((e) => e.severity === 'error').map((e) => e.code));
    for (const code of codes) failing[code] = (failing[code] ?? 0) + 1;
  }
  const succeeded = lines.filter((l) => l.ok).length;
  return { succeeded, failed: lines.length - succeeded, failing };
}

function summarise(tab: TabId, action: ActionId, lines: LineOutcome[]): string {
  if (lines.length === 1) return lines[0]!.message;
  if (action === 'resolve' || action === 'unresolve') return `Marked ${lines.length} ${tabSpec(tab).noun}s as ${action}d`;
  return tallyMessage(tab, lines.length, tallyOf(lines));
}

/** "Re-ran 12 orders: 10 succeeded, 2 still failing (ORD_SKU_UNLINKED x2)". */
export function tallyMessage(tab: TabId, total: number, t: RerunTally): string {
  const byCode = Object.entries(t.failing)
    .sort((a, b) => b[1] - a[1])
    .map(([c, n]) => `${c} x${n}`)
    .join(', ');
  return `Re-ran ${total} ${tabSpec(tab).noun}s: ${t.succeeded} succeeded, ${t.failed} still failing${byCode ? ` (${byCode})` : ''}`;
}
