/** Link SKU: map an Amazon seller SKU to an ERP item (and its ASIN). */
import type { Snapshot } from '../db/index.js';
import { INVALID_INPUT, TRANSIENT_TEXT, asinConflict, noProduct } from './messages.js';
import { inTransaction, isNonEmpty, record, runClock, type Outcome } from './run-record.js';
import type { LinkSkuPayload, RunError, RunOptions, RunResult } from './domain.js';

const ITEM_EXISTS = 'SELECT 1 FROM items WHERE sku = ?';
const READ_LINK = 'SELECT item_sku, asin FROM sku_links WHERE amazon_sku = ?';
const INSERT_LINK = 'INSERT INTO sku_links(amazon_sku, item_sku, asin, linked_at) VALUES (?, ?, ?, ?)';
const ADD_ASIN = 'UPDATE sku_links SET asin = ?, linked_at = ? WHERE amazon_sku = ?';
const RELINK = 'UPDATE sku_links SET item_sku = ?, asin = ?, linked_at = ? WHERE amazon_sku = ?';

export function runLinkSku(db: Snapshot, input: LinkSkuPayload, opts?: RunOptions): RunResult {
  return inTransaction(db, () => link(db, input, opts));
}

export interface ExistingLink {
  item_sku: string;
  asin: string | null;
}

/** What a link request comes to with the data as it is now, before anything is written. */
export type LinkVerdict =
  | { kind: 'fail'; step: string; error: RunError }
  | { kind: 'unchanged'; existing: ExistingLink }
  | { kind: 'addAsin'; existing: ExistingLink }
  | { kind: 'relink'; existing: ExistingLink }
  | { kind: 'link' };

/** Reads only: what running the link request would do now (the dry run behind "would pass now"). */
export function assessLink(db: Snapshot, input: LinkSkuPayload | undefined): LinkVerdict {
  const fail = (step: string, code: RunError['code'], message: string): LinkVerdict => ({
    kind: 'fail',
    step,
    error: { code, message, severity: 'error' },
  });
  const amazonSku = input?.amazon_sku;
  const itemSku = input?.item_sku;
  const asin = isNonEmpty(input?.asin) ? input.asin : null;
  if (!isNonEmpty(amazonSku) || !isNonEmpty(itemSku)) {
    return fail('Read input', 'API_INVALID_INPUT', `${INVALID_INPUT} (amazon_sku and item_sku are required)`);
  }
  if (db.value(ITEM_EXISTS, [itemSku]) === undefined) return fail('Check item', 'LNK_NO_ASIN', noProduct(itemSku));
  const existing = db.get<ExistingLink>(READ_LINK, [amazonSku]);
  if (existing && existing.item_sku !== itemSku) {
    if (input?.relink) return { kind: 'relink', existing };
    const linkedTo = `item ${existing.item_sku}` + (existing.asin ? ` (ASIN ${existing.asin})` : '');
    return fail('Check link', 'LNK_ASIN_CONFLICT', asinConflict(amazonSku, linkedTo, itemSku));
  }
  if (existing && asin !== null && existing.asin !== null && existing.asin !== asin) {
    if (input?.relink) return { kind: 'relink', existing };
    return fail('Check link', 'LNK_ASIN_CONFLICT', asinConflict(amazonSku, `ASIN ${existing.asin}`, asin));
  }
  if (existing && (asin === null || existing.asin === asin)) return { kind: 'unchanged', existing };
  if (existing) return { kind: 'addAsin', existing };
  return { kind: 'link' };
}

function link(db: Snapshot, input: LinkSkuPayload, opts: RunOptions | undefined): RunResult {
  const now = runClock(opts);
  const amazonSku = input?.amazon_sku;
  const itemSku = input?.item_sku;
  const asin = isNonEmpty(input?.asin) ? input.asin : null;
  const base = {
    type: 'Link SKU' as const,
    orderRef: null,
    sku: isNonEmpty(amazonSku) ? amazonSku : null,
    payload: input ?? {},
  };
  const done = (o: Omit<Outcome, keyof typeof base>): RunResult => record(db, { ...base, ...o }, opts, now);
  const fail = (step: string, error: RunError): RunResult =>
    done({ status: 'Error', step, outcome: error.message, errors: [error] });

  const verdict = assessLink(db, input);
  if (verdict.kind === 'fail') return fail(verdict.step, verdict.error);
  if (opts?.fault)
    return fail('Send link to Amazon', { code: opts.fault, message: TRANSIENT_TEXT[opts.fault], severity: 'error' });
  const withAsin = asin === null ? '' : ` (ASIN ${asin})`;
  switch (verdict.kind) {
    case 'unchanged':
      return done({
        status: 'Success',
        step: 'Link',
        outcome: `Amazon SKU ${amazonSku} already linked to ${itemSku}; nothing to change`,
        errors: [],
      });
    case 'addAsin':
      // Same item, ASIN not known before: the request completes the link.
      db.run(ADD_ASIN, [asin, now, amazonSku]);
      return done({
        status: 'Success',
        step: 'Link',
        outcome: `ASIN ${asin} added to the link of Amazon SKU ${amazonSku} to ${itemSku}`,
        errors: [],
      });
    case 'relink': {
      const old = `${verdict.existing.item_sku}${verdict.existing.asin ? ` (ASIN ${verdict.existing.asin})` : ''}`;
      db.run(RELINK, [
        itemSku,
        asin ?? (verdict.existing.item_sku === itemSku ? verdict.existing.asin : null),
        now,
        amazonSku,
      ]);
      return done({
        status: 'Success',
        step: 'Relink',
        outcome: `Amazon SKU ${amazonSku} relinked from ${old} to ${itemSku}${withAsin}`,
        errors: [],
      });
    }
    case 'link':
      db.run(INSERT_LINK, [amazonSku, itemSku, asin, now]);
      return done({
        status: 'Success',
        step: 'Link',
        outcome: `Amazon SKU ${amazonSku} linked to ${itemSku}${withAsin}`,
        errors: [],
      });
  }
}
