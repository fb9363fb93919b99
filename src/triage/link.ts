import type { Snapshot } from '../db/index.js';
import { runLinkSku } from '../engine/index.js';
import type { RunResult } from '../engine/types.js';

/** Errors that a link between an Amazon SKU and an ERP item fixes. */
export const LINKABLE_CODES: readonly string[] = ['ORD_SKU_UNLINKED', 'LNK_NO_ASIN', 'LNK_ASIN_CONFLICT'];

export class LinkError extends Error {}

/**
 * "Link SKU…" on an error: links its Amazon SKU to an ERP item as a manual Link
 * SKU transaction. Returns the run and the open failed transactions on that
 * SKU, which the link may now let through on a re-run.
 */
export function linkSkuOfError(db: Snapshot, errorId: number, item: string | undefined, now: string): { run: RunResult; sku: string; waiting: number[] } {
  const e = db.get<{ code: string; sku: string | null }>('SELECT code, sku FROM errors WHERE id = ?', [errorId]);
  if (!e || !LINKABLE_CODES.includes(e.code) || !e.sku) throw new LinkError(`error ${errorId} is not about an unlinked SKU`);
  const itemSku = item?.trim();
  if (!itemSku) throw new LinkError('Link SKU needs the ERP item to link to');
  if (db.value('SELECT 1 FROM items WHERE sku = ?', [itemSku]) === undefined) throw new LinkError(`no ERP item "${itemSku}"`);
  const run = runLinkSku(db, { amazon_sku: e.sku, item_sku: itemSku }, { syncType: 'Manual', now });
  const waiting = db
    .all<{ id: number }>(
      `SELECT id FROM transactions WHERE status = 'Error' AND resolved = 0 AND type <> 'Link SKU'
         AND (sku = ? OR id IN (SELECT transaction_id FROM errors WHERE sku = ? AND resolved = 0 AND severity = 'error'))
       ORDER BY id`,
      [e.sku, e.sku],
    )
    .map((r) => r.id);
  return { run, sku: e.sku, waiting };
}
