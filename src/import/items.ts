/**
 * `import items`: a CSV of ERP items and stock (sku, description, active, store,
 * on_hand, committed; header by name, any order) into `items` and `stock`.
 * A row without a store writes the item only.
 */
import type { Snapshot } from '../db/index.js';
import { looksLikeJson, wrongKind } from './detect.js';
import { type FlatRow, readFlatFile } from './flat-file.js';
import { decodeText, type Encoding } from './text.js';
import { type FileResult, type SourceFile, Tally } from './import-types.js';
import { FieldError } from './values.js';

interface ItemRow {
  sku: string;
  description?: string;
  active?: number;
  store?: string;
  on_hand?: number;
  committed?: number;
}

export interface ParsedItems {
  name: string;
  encoding: Encoding;
  rows: ItemRow[];
  tally: Tally;
}

function parseActive(text: string): number {
  if (/^(1|y|yes|true|active)$/i.test(text)) return 1;
  if (/^(0|n|no|false|inactive)$/i.test(text)) return 0;
  throw new FieldError(`active "${text}" is not yes/no (1/0, true/false, active/inactive)`);
}

/** ERP quantities may be negative (stock oversold); they are whole numbers. */
function parseQuantity(field: string, text: string): number {
  if (!/^-?\d+$/.test(text) || !Number.isSafeInteger(Number(text)))
    throw new FieldError(`${field} "${text}" is not a whole number`);
  return Number(text);
}

function parseRow(row: FlatRow): ItemRow {
  const sku = row.given('sku');
  if (sku === undefined) throw new FieldError('sku is empty');
  const item: ItemRow = { sku };
  const description = row.value('description');
  if (description !== undefined) item.description = description;
  const active = row.given('active');
  if (active !== undefined) item.active = parseActive(active);
  const store = row.given('store');
  const onHand = row.given('on_hand');
  const committed = row.given('committed');
  if (store === undefined) {
    if (onHand !== undefined || committed !== undefined) throw new FieldError('a quantity without a store');
    return item;
  }
  if (onHand === undefined) throw new FieldError(`on_hand is empty for store ${store}`);
  item.store = store;
  item.on_hand = parseQuantity('on_hand', onHand);
  if (committed !== undefined) item.committed = parseQuantity('committed', committed);
  return item;
}

export function readItems(file: SourceFile): ParsedItems {
  const { text, encoding } = decodeText(file.name, file.bytes);
  if (looksLikeJson(text)) throw wrongKind(file.name, text, 'items');
  const flat = readFlatFile(file.name, text, 'csv');
  const columns = flat.columns;
  if (!columns.has('sku') || columns.has('amazon-order-id') || columns.has('seller-sku'))
    throw wrongKind(file.name, text, 'items');
  const tally = new Tally();
  for (const b of flat.bad) tally.reject(b);
  const rows: ItemRow[] = [];
  for (const row of flat.rows) {
    try {
      rows.push(parseRow(row));
    } catch (err) {
      if (!(err instanceof FieldError)) throw err;
      const sku = row.value('sku');
      tally.reject({ file: file.name, line: row.line, reason: (sku ? `item ${sku}: ` : '') + err.message });
    }
  }
  return { name: file.name, encoding, rows, tally };
}

const READ_ITEM = 'SELECT description, active FROM items WHERE sku = ?';
const READ_STOCK = 'SELECT on_hand, committed FROM stock WHERE item_sku = ? AND store = ?';

type Change = 'new' | 'updated' | 'unchanged';

function writeItem(db: Snapshot, r: ItemRow): Change {
  const stored = db.get<{ description: string; active: number }>(READ_ITEM, [r.sku]);
  if (!stored) {
    db.run('INSERT INTO items(sku, description, active) VALUES (?, ?, ?)', [r.sku, r.description ?? '', r.active ?? 1]);
    return 'new';
  }
  const description = r.description ?? stored.description;
  const active = r.active ?? stored.active;
  if (description === stored.description && active === stored.active) return 'unchanged';
  db.run('UPDATE items SET description = ?, active = ? WHERE sku = ?', [description, active, r.sku]);
  return 'updated';
}

function writeStock(db: Snapshot, r: ItemRow): Change {
  if (r.store === undefined) return 'unchanged';
  const stored = db.get<{ on_hand: number; committed: number }>(READ_STOCK, [r.sku, r.store]);
  if (!stored) {
    db.run('INSERT INTO stock(item_sku, store, on_hand, committed) VALUES (?, ?, ?, ?)', [
      r.sku,
      r.store,
      r.on_hand!,
      r.committed ?? 0,
    ]);
    return 'new';
  }
  const committed = r.committed ?? stored.committed;
  if (stored.on_hand === r.on_hand && stored.committed === committed) return 'unchanged';
  db.run('UPDATE stock SET on_hand = ?, committed = ? WHERE item_sku = ? AND store = ?', [
    r.on_hand!,
    committed,
    r.sku,
    r.store,
  ]);
  return 'updated';
}

export function writeItems(db: Snapshot, p: ParsedItems): FileResult {
  const tally = p.tally;
  for (const r of p.rows) {
    const item = writeItem(db, r);
    const stock = writeStock(db, r);
    if (item === 'new' || stock === 'new') tally.new++;
    else if (item === 'updated' || stock === 'updated') tally.updated++;
    else tally.skip('unchanged');
  }
  const result: FileResult = { file: p.name, unit: 'rows', tally, notes: [], orders: [] };
  if (p.encoding !== 'UTF-8') result.encoding = p.encoding;
  return result;
}
