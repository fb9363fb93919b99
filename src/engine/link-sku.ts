/** Link SKU: map an Amazon seller SKU to an ERP item (and its ASIN). */
import type { Snapshot } from '../db/index.js';
import { INVALID_INPUT, TRANSIENT_TEXT, asinConflict, noProduct } from './messages.js';
import { settleLinkRuns } from './settle.js';
import { inTransaction, isNonEmpty, record, runClock, type Outcome } from './run.js';
import type { LinkSkuPayload, RunError, RunOptions, RunResult } from './types.js';

const ITEM_EXISTS = 'SELECT 1 FROM items WHERE sku = ?';
const READ_LINK = 'SELECT item_sku, asin FROM sku_links WHERE amazon_sku = ?';
const INSERT_LINK = 'INSERT INTO sku_links(amazon_sku, item_sku, asin, linked_at) VALUES (?, ?, ?, ?)';
const ADD_ASIN = 'UPDATE sku_links SET asin = ?, linked_at = ? WHERE amazon_sku = ?';

export function runLinkSku(db: Snapshot, input: LinkSkuPayload, opts?: RunOptions): RunResult {
  return inTransaction(db, () => link(db, input, opts));
}

function link(db: Snapshot, input: LinkSkuPayload, opts: RunOptions | undefined): RunResult {
  const now = runClock(opts);
  const amazonSku = input?.amazon_sku;
  const itemSku = input?.item_sku;
  const asin = isNonEmpty(input?.asin) ? input.asin : null;
  const base = { type: 'Link SKU' as const, orderRef: null, sku: isNonEmpty(amazonSku) ? amazonSku : null, payload: input ?? {} };
  const done = (o: Omit<Outcome, keyof typeof base>): RunResult => record(db, { ...base, ...o }, opts, now);
  const fail = (step: string, code: RunError['code'], message: string): RunResult =>
    done({ status: 'Error', step, outcome: message, errors: [{ code, message, severity: 'error' }] });

  if (!isNonEmpty(amazonSku) || !isNonEmpty(itemSku)) {
    return fail('Read input', 'API_INVALID_INPUT', `${INVALID_INPUT} (amazon_sku and item_sku are required)`);
  }
  const settle = (transactionId: number): void => settleLinkRuns(db, amazonSku, transactionId);
  if (db.value(ITEM_EXISTS, [itemSku]) === undefined) return fail('Check item', 'LNK_NO_ASIN', noProduct(itemSku));
  const existing = db.get<{ item_sku: string; asin: string | null }>(READ_LINK, [amazonSku]);
  if (existing && existing.item_sku !== itemSku) {
    const linkedTo = `item ${existing.item_sku}` + (existing.asin ? ` (ASIN ${existing.asin})` : '');
    return fail('Check link', 'LNK_ASIN_CONFLICT', asinConflict(amazonSku, linkedTo, itemSku));
  }
  if (existing && asin !== null && existing.asin !== null && existing.asin !== asin) {
    return fail('Check link', 'LNK_ASIN_CONFLICT', asinConflict(amazonSku, `ASIN ${existing.asin}`, asin));
  }
  if (opts?.fault) return fail('Send link to Amazon', opts.fault, TRANSIENT_TEXT[opts.fault]);
  if (existing && (asin === null || existing.asin === asin)) {
    return done({ status: 'Success', step: 'Link', outcome: `Amazon SKU ${amazonSku} already linked to ${itemSku}; nothing to change`, errors: [], settle });
  }
  if (existing) {
    // Same item, ASIN not known before: the request completes the link.
    db.run(ADD_ASIN, [asin, now, amazonSku]);
    return done({ status: 'Success', step: 'Link', outcome: `ASIN ${asin} added to the link of Amazon SKU ${amazonSku} to ${itemSku}`, errors: [], settle });
  }
  db.run(INSERT_LINK, [amazonSku, itemSku, asin, now]);
  const withAsin = asin === null ? '' : ` (ASIN ${asin})`;
  return done({ status: 'Success', step: 'Link', outcome: `Amazon SKU ${amazonSku} linked to ${itemSku}${withAsin}`, errors: [], settle });
}
