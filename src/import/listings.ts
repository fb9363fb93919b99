/**
 * `import listings`: Seller Central's All Listings report (tab-separated:
 * seller-sku, asin1, item-name, price, quantity, open-date, fulfillment-channel,
 * status, ...) into `listings`, the Amazon side of SKU links.
 */
import type { Snapshot } from '../db/index.js';
import { looksLikeJson, wrongKind } from './detect.js';
import { type FlatRow, readFlatFile } from './flat-file.js';
import { decodeText, type Encoding } from './text.js';
import { type FileResult, type SourceFile, Tally } from './import-types.js';
import { FieldError, parseAmount, parseChannel, parseCount, parseInstant } from './values.js';

interface Listing {
  amazon_sku: string;
  asin?: string;
  title?: string;
  price?: number;
  quantity?: number;
  fulfillment_channel?: 'MFN' | 'AFN';
  status?: string;
  open_date?: string;
}

const COLUMNS = ['asin', 'title', 'price', 'quantity', 'fulfillment_channel', 'status', 'open_date'] as const;

export interface ParsedListings {
  name: string;
  encoding: Encoding;
  listings: Listing[];
  tally: Tally;
}

function parseRow(row: FlatRow): Listing {
  const sku = row.given('seller-sku');
  if (sku === undefined) throw new FieldError('seller-sku is empty');
  const l: Listing = { amazon_sku: sku };
  const asin = row.given('asin1');
  if (asin !== undefined) l.asin = asin;
  const title = row.given('item-name');
  if (title !== undefined) l.title = title;
  const price = row.given('price');
  if (price !== undefined) l.price = parseAmount('price', price);
  // FBA listings leave quantity empty: Amazon holds that stock.
  const quantity = row.given('quantity');
  if (quantity !== undefined) l.quantity = parseCount('quantity', quantity);
  const channel = row.given('fulfillment-channel');
  if (channel !== undefined) l.fulfillment_channel = parseChannel('fulfillment-channel', channel);
  const status = row.given('status');
  if (status !== undefined) l.status = status;
  const opened = row.given('open-date');
  if (opened !== undefined) {
    // The date only informs; a zone this import does not know leaves it empty rather than losing the listing.
    try {
      l.open_date = parseInstant('open-date', opened);
    } catch (err) {
      if (!(err instanceof FieldError)) throw err;
    }
  }
  return l;
}

export function readListings(file: SourceFile): ParsedListings {
  const { text, encoding } = decodeText(file.name, file.bytes);
  if (looksLikeJson(text)) throw wrongKind(file.name, text, 'listings');
  const flat = readFlatFile(file.name, text, 'tab');
  if (!flat.columns.has('seller-sku')) throw wrongKind(file.name, text, 'listings');
  const tally = new Tally();
  for (const b of flat.bad) tally.reject(b);
  const listings: Listing[] = [];
  for (const row of flat.rows) {
    try {
      listings.push(parseRow(row));
    } catch (err) {
      if (!(err instanceof FieldError)) throw err;
      const sku = row.value('seller-sku');
      tally.reject({ file: file.name, line: row.line, reason: (sku ? `SKU ${sku}: ` : '') + err.message });
    }
  }
  return { name: file.name, encoding, listings, tally };
}

type Stored = Record<(typeof COLUMNS)[number], string | number | null>;
const READ = `SELECT ${COLUMNS.join(', ')} FROM listings WHERE amazon_sku = ?`;
const UNLINKED = `SELECT l.amazon_sku, l.status FROM listings l
  WHERE l.amazon_sku = ? AND NOT EXISTS (SELECT 1 FROM sku_links k WHERE k.amazon_sku = l.amazon_sku)`;
/** How many unlinked SKUs the note names before "and N more". */
const NAMED = 20;

export function writeListings(db: Snapshot, p: ParsedListings, now: string): FileResult {
  const tally = p.tally;
  const seen = new Set<string>();
  for (const l of p.listings) {
    seen.add(l.amazon_sku);
    const stored = db.get<Stored>(READ, [l.amazon_sku]);
    const given = COLUMNS.filter((c) => l[c] !== undefined);
    if (!stored) {
      const cols = ['amazon_sku', ...given, 'imported_at'];
      db.run(`INSERT INTO listings(${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`, [
        l.amazon_sku,
        ...given.map((c) => l[c] as string | number),
        now,
      ]);
      tally.new++;
      continue;
    }
    const changed = given.filter((c) => stored[c] !== l[c]);
    if (changed.length === 0) {
      tally.skip('unchanged');
      continue;
    }
    db.run(`UPDATE listings SET ${changed.map((c) => `${c} = ?`).join(', ')}, imported_at = ? WHERE amazon_sku = ?`, [
      ...changed.map((c) => l[c] as string | number),
      now,
      l.amazon_sku,
    ]);
    tally.updated++;
  }
  const unlinked = [...seen]
    .map((sku) => db.get<{ amazon_sku: string; status: string | null }>(UNLINKED, [sku]))
    .filter((r) => r !== undefined);
  const notes: string[] = [];
  if (unlinked.length > 0) {
    const named = unlinked.slice(0, NAMED).map((r) => (r.status ? `${r.amazon_sku} (${r.status})` : r.amazon_sku));
    const more = unlinked.length > NAMED ? `, and ${unlinked.length - NAMED} more` : '';
    const n = unlinked.length;
    notes.push(`${n} listed SKU${n === 1 ? ' has' : 's have'} no link to an ERP item: ${named.join(', ')}${more}`);
  }
  const result: FileResult = { file: p.name, unit: 'listings', tally, notes, orders: [] };
  if (p.encoding !== 'UTF-8') result.encoding = p.encoding;
  return result;
}
