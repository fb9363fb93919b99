/**
 * Fixes made in place from an error, each followed by the open problems it may
 * let through on a re-run: Link SKU (an unlinked Amazon SKU), Relink SKU (a
 * link to the wrong or a missing item, shown before it changes), Map ship
 * service (an unmapped service level). Item and stock data stay the ERP's:
 * for those errors only a hint says where to fix them (engine fixHint).
 */
import type { Snapshot } from '../db/index.js';
import { fixHint, mapShipService, runLinkSku } from '../engine/index.js';
import type { RunResult } from '../engine/domain.js';
import { UserError } from '../user-error.js';
import type { Outcome } from '../user-error.js';

export type FixAction = 'link-sku' | 'relink-sku' | 'map-ship-service';

/** A fix that cannot be made (not offered on that error, item unknown, value missing). */
export class FixError extends UserError {
  constructor(message: string) {
    super(message);
    this.name = 'FixError';
  }
}

/** What a fix changes: an Amazon SKU's link, or a service level's ship-via. */
export type FixTarget =
  | { action: 'link-sku'; sku: string }
  | { action: 'relink-sku'; sku: string; current: { item: string; asin: string | null } }
  | { action: 'map-ship-service'; serviceLevel: string; current: string | undefined };

const LINK_CODES = ['ORD_SKU_UNLINKED', 'LNK_NO_ASIN', 'LNK_ASIN_CONFLICT'];
const READ_LINK = 'SELECT item_sku AS item, asin FROM sku_links WHERE amazon_sku = ?';

/** The fix for this Amazon SKU as the data stands: a link when there is none, else a relink showing the current one. */
export function skuFix(db: Snapshot, sku: string): FixTarget {
  const current = db.get<{ item: string; asin: string | null }>(READ_LINK, [sku]);
  return current ? { action: 'relink-sku', sku, current } : { action: 'link-sku', sku };
}

export function serviceFix(db: Snapshot, serviceLevel: string): FixTarget {
  const current =
    db.value<string>('SELECT ship_via FROM ship_methods WHERE service_level = ?', [serviceLevel]) ?? undefined;
  return { action: 'map-ship-service', serviceLevel, current };
}

/** The fixes an error offers (at most one) and where else its cause is fixed. */
export function fixesFor(db: Snapshot, errorId: number): { fix?: FixTarget; hint?: string } {
  const e = db.get<{ code: string; sku: string | null; order_ref: string | null; resolved: number }>(
    'SELECT code, sku, order_ref, resolved FROM errors WHERE id = ?',
    [errorId],
  );
  if (!e) return {};
  const hint = fixHint(e.code);
  if (LINK_CODES.includes(e.code) && e.sku) return { fix: skuFix(db, e.sku), hint };
  if (e.code === 'ORD_SHIP_SERVICE_UNMAPPED' && e.order_ref) {
    const level = db.value<string | null>('SELECT ship_service_level FROM orders WHERE order_ref = ?', [e.order_ref]);
    if (level) return { fix: serviceFix(db, level), hint };
  }
  return { hint };
}

/** The target of `action` on the error, or a FixError saying why the error does not offer it. */
export function fixOfError(db: Snapshot, action: FixAction, errorId: number): FixTarget {
  const { fix } = fixesFor(db, errorId);
  if (!fix || fix.action !== action) {
    const offered = fix ? `; it offers ${fix.action}` : '';
    throw new FixError(`error ${errorId} does not offer ${action}${offered}`);
  }
  return fix;
}

/** Its message is the status line. */
export interface FixDone extends Outcome {
  /** The Link SKU run, for link and relink. */
  run?: RunResult;
  /** Audit text. */
  detail: string;
  /** Open transactions the fix may let through on a re-run. */
  waiting: number[];
  /** "that failed on AMZ-1", for the follow-up offer. */
  affects: string;
}

/** Makes the fix (inside the caller's transaction; the caller audits and saves). */
export function applyFix(
  db: Snapshot,
  action: FixAction,
  target: FixTarget,
  value: string | undefined,
  now: string,
): FixDone {
  const v = value?.trim();
  if (target.action === 'map-ship-service') {
    if (!v) throw new FixError('Map ship service needs the ERP ship-via code');
    const { before } = mapShipService(db, target.serviceLevel, v);
    const changed =
      before === undefined
        ? `mapped ${target.serviceLevel} to ${v}`
        : before === v
          ? `${target.serviceLevel} was already mapped to ${v}`
          : `mapped ${target.serviceLevel} to ${v} (was ${before})`;
    return {
      ok: true,
      detail: changed,
      message: `Ship service ${changed}`,
      waiting: unmappedWaiting(db, target.serviceLevel),
      affects: `that failed on ${target.serviceLevel}`,
    };
  }
  if (!v) throw new FixError(`${action === 'link-sku' ? 'Link' : 'Relink'} SKU needs the ERP item to link to`);
  if (db.value('SELECT 1 FROM items WHERE sku = ?', [v]) === undefined) throw new FixError(`no ERP item "${v}"`);
  const sku = target.sku;
  if (target.action === 'relink-sku' && target.current.item === v) {
    return {
      ok: true,
      detail: `${sku} already linked to ${v}; nothing changed`,
      message: `${sku} is already linked to ${v}: nothing changed`,
      waiting: [],
      affects: '',
    };
  }
  const run = runLinkSku(
    db,
    { amazon_sku: sku, item_sku: v, relink: target.action === 'relink-sku' },
    { syncType: 'Manual', now },
  );
  const verb = target.action === 'relink-sku' ? 'Relink' : 'Link';
  if (run.status !== 'Success') {
    const codes = run.errors.map((e) => e.code).join(', ');
    return {
      ok: false,
      run,
      detail: `${verb.toLowerCase()} of ${sku} to ${v} failed: ${codes}`,
      message: `${verb} of ${sku} to ${v} failed: ${codes || run.message}`,
      waiting: [],
      affects: '',
    };
  }
  const from = target.action === 'relink-sku' ? ` (was ${target.current.item})` : '';
  return {
    ok: true,
    run,
    detail: `${verb.toLowerCase()}ed ${sku} to ${v}${from} as transaction ${run.transactionId}`,
    message: `${verb}ed ${sku} to ${v}${from} (transaction ${run.transactionId})`,
    waiting: skuWaiting(db, sku),
    affects: `that failed on ${sku}`,
  };
}

/** Open failed transactions on the SKU (its feeds, and orders with a line of it). */
function skuWaiting(db: Snapshot, sku: string): number[] {
  return db
    .all<{ id: number }>(
      `SELECT id FROM transactions WHERE status = 'Error' AND resolved = 0 AND type <> 'Link SKU'
         AND (sku = ? OR id IN (SELECT transaction_id FROM errors WHERE sku = ? AND resolved = 0 AND severity = 'error'))
       ORDER BY id`,
      [sku, sku],
    )
    .map((r) => r.id);
}

/** Open imports that failed because this service level was not mapped. */
function unmappedWaiting(db: Snapshot, serviceLevel: string): number[] {
  return db
    .all<{ id: number }>(
      `SELECT DISTINCT e.transaction_id AS id FROM errors e
        WHERE e.code = 'ORD_SHIP_SERVICE_UNMAPPED' AND e.resolved = 0 AND e.transaction_id IS NOT NULL
          AND (SELECT ship_service_level FROM orders o WHERE o.order_ref = e.order_ref) = ?
        ORDER BY id`,
      [serviceLevel],
    )
    .map((r) => r.id);
}

/**
 * A fix asked for by name (the command line: `link-sku`, `map-ship-service`), audited and
 * saved; the target is what it changes (skuFix/serviceFix tell the current state).
 */
export function runFix(
  db: Snapshot,
  target: FixTarget,
  value: string,
  ctx: { actor: string; now?: () => string; save?: boolean },
): FixDone {
  if (ctx.save ?? true) db.assertSavable();
  const now = ctx.now ?? (() => new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'));
  const done = db.transaction(() => {
    const d = applyFix(db, target.action, target, value, now());
    const [table, id] =
      target.action === 'map-ship-service'
        ? [
            'ship_methods',
            Number(db.value('SELECT rowid FROM ship_methods WHERE service_level = ?', [target.serviceLevel]) ?? 0),
          ]
        : ['transactions', d.run?.transactionId ?? 0];
    db.run('INSERT INTO audit_log(at, actor, action, target_table, target_id, detail) VALUES (?, ?, ?, ?, ?, ?)', [
      now(),
      ctx.actor,
      target.action,
      table,
      id,
      d.detail,
    ]);
    return d;
  });
  if (ctx.save ?? true) db.save();
  return done;
}
