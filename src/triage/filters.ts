import type { Param } from '../db/index.js';
import { indexWords, SEARCH_INDEXES, type SearchIndexName } from '../db/index.js';
import { TRANSACTION_TYPES } from '../engine/types.js';
import { didYouMean } from '../text/suggest.js';
import { tabSpec } from './tabs.js';
import type { TabFilters, TabId } from './types.js';
import { UserError } from '../errors.js';

/** A filter the user gave that cannot be applied (bad date, filter the tab lacks). */
export class FilterError extends UserError {
  constructor(message: string) {
    super(message);
    this.name = 'FilterError';
  }
}

/** LIKE pattern that matches `text` literally: %, _ and \ in a search match themselves. */
export function likeLiteral(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** Where a tab's rows come from and which columns each filter uses. */
interface TabSql {
  from: string;
  /** Column the tab is ordered by (newest first) and date filters apply to. */
  date: string;
  id: string;
  resolved: string;
  errorsOnly: string;
  keyword: string[];
  /** The tab's full-text index, when it has one (src/db/search-index.ts). */
  search?: SearchIndexName;
  orderRef?: string;
  sku?: string;
  /** A sku filter that needs more than one column (orders: any of their lines). */
  skuClause?: string;
  type?: string;
  status?: string;
  code?: string;
  transactionId?: string;
  pattern?: string;
  /** Errors: the open errors whose transaction would pass now (temp.would_pass, see problems.ts). */
  wouldPass?: string;
}

export const TAB_SQL: Record<TabId, TabSql> = {
  orders: {
    from: 'orders o LEFT JOIN documents d ON d.order_ref = o.order_ref',
    date: 'o.purchase_date',
    id: 'o.id',
    resolved: 'o.resolved',
    // An order with an error: its import failed, or it is dropped and something is still open (a shipment confirmation).
    errorsOnly: "(o.status = 'Error' OR (o.resolved = 0 AND o.status = 'Dropped'))",
    keyword: ['o.order_ref', 'o.buyer_name', 'o.ship_city', 'o.xoro_ref', 'o.amazon_status'],
    search: 'orders',
    orderRef: 'o.order_ref',
    skuClause: 'o.id IN (SELECT order_id FROM order_lines WHERE amazon_sku >= ? AND amazon_sku < ?)',
    status: 'o.status',
  },
  inventory: {
    from: 'inventory_log v',
    date: 'v.adjusted_at',
    id: 'v.id',
    resolved: 'v.resolved',
    errorsOnly: "v.status = 'Error'",
    keyword: ['v.sku', 'v.reason', 'v.store'],
    search: 'inventory_log',
    sku: 'v.sku',
    status: 'v.status',
    transactionId: 'v.transaction_id',
  },
  logs: {
    from: 'transactions t',
    date: 't.import_date',
    id: 't.id',
    resolved: 't.resolved',
    errorsOnly: "t.status = 'Error'",
    keyword: ['t.message', 't.order_ref', 't.sku', 't.type'],
    search: 'transactions',
    orderRef: 't.order_ref',
    sku: 't.sku',
    type: 't.type',
    status: 't.status',
    transactionId: 't.id',
  },
  errors: {
    from: 'errors e',
    date: 'e.created_at',
    id: 'e.id',
    resolved: 'e.resolved',
    errorsOnly: "e.severity = 'error'",
    keyword: ['e.message', 'e.code', 'e.order_ref', 'e.sku'],
    orderRef: 'e.order_ref',
    sku: 'e.sku',
    code: 'e.code',
    transactionId: 'e.transaction_id',
    pattern: 'error_pattern(e.message)',
    wouldPass: 'e.id IN (SELECT error_id FROM temp.would_pass)',
  },
};

/** The columns each tab can be sorted by (s / S), as SQL over the tab's rows; the first is its date, the default. */
export const SORTS: Record<TabId, Record<string, string>> = {
  orders: { purchase_date: 'o.purchase_date', order_ref: 'o.order_ref', status: 'o.status', outcome: 'o.xoro_ref', total: 'o.total', resolved: 'o.resolved' },
  inventory: { adjusted_at: 'v.adjusted_at', sku: 'v.sku', store: 'v.store', reason: 'v.reason', status: 'v.status', resolved: 'v.resolved' },
  logs: { import_date: 't.import_date', type: 't.type', ref: 'coalesce(t.order_ref, t.sku)', status: 't.status', sync_type: 't.sync_type', entity_type: 't.entity_type', resolved: 't.resolved' },
  errors: { created_at: 'e.created_at', code: 'e.code', ref: 'coalesce(e.order_ref, e.sku)', resolved: 'e.resolved', transaction_id: 'e.transaction_id', severity: 'e.severity' },
};

/** ORDER BY for the tab: its newest-first date, or the chosen column (ties by id, same direction). */
export function orderBy(tab: TabId, f: TabFilters): string {
  const s = TAB_SQL[tab];
  const column = f.sortBy === undefined ? undefined : SORTS[tab][f.sortBy];
  if (f.sortBy !== undefined && !column) throw new FilterError(`the ${tab} tab cannot be sorted by ${f.sortBy}`);
  const dir = f.sortAsc ? 'ASC' : 'DESC';
  return `ORDER BY ${column ?? s.date} ${dir}, ${s.id} ${dir}`;
}

/** Whether the tab is in its own newest-first order (the one keyset paging and positions are built on). */
export function defaultOrder(f: TabFilters): boolean {
  return f.sortBy === undefined && !f.sortAsc;
}

const FILTER_NAMES: Record<string, string> = {
  orderRef: 'order ref',
  sku: 'SKU',
  type: 'transaction type',
  status: 'status',
  code: 'error code',
  transactionId: 'transaction id',
  pattern: 'error group',
  wouldPass: '"would pass now"',
};

export interface Where {
  sql: string; // '' or 'WHERE ...'
  params: Param[];
  /** Set when the only filter is one plain word that the tab's search index serves (the index alone counts it). */
  wordAlone?: { search: SearchIndexName; word: string };
}

/**
 * How a keyword is looked up: 'index' reads the matching documents from the
 * full-text index (few matches); 'scan' walks the rows in order and checks each
 * (most rows match, so a page fills at once); 'none' when the tab has no index
 * yet: a plain substring scan.
 */
export type SearchPlan = (name: SearchIndexName, words: string[], phrase?: string) => 'index' | 'scan' | 'none';

/**
 * Turns a tab's filters into a WHERE clause with bound parameters. The SQL
 * text depends only on which filters are set, so prepared statements are
 * reused across keystrokes.
 */
export function compileWhere(tab: TabId, f: TabFilters, searchPlan: SearchPlan = () => 'none', purpose: 'rows' | 'count' = 'rows'): Where {
  const s = TAB_SQL[tab];
  const clauses: string[] = [];
  const params: Param[] = [];
  const need = (key: keyof typeof FILTER_NAMES, column: string | undefined): string => {
    if (!column) throw new FilterError(`the ${tab} tab has no ${FILTER_NAMES[key]} filter`);
    return column;
  };
  if (f.hideResolved) clauses.push(`${s.resolved} = 0`);
  if (f.errorsOnly) clauses.push(s.errorsOnly);
  // Prefixes as ranges, so the column's index serves them (LIKE 'x%' cannot use a case-sensitive index).
  if (f.orderRef) {
    clauses.push(`${need('orderRef', s.orderRef)} >= ? AND ${s.orderRef} < ?`);
    params.push(...prefixRange(f.orderRef));
  }
  if (f.sku) {
    clauses.push(s.skuClause ?? `${need('sku', s.sku)} >= ? AND ${s.sku} < ?`);
    params.push(...prefixRange(f.sku));
  }
  if (f.type) {
    if (!(TRANSACTION_TYPES as readonly string[]).includes(f.type)) {
      throw new FilterError(`unknown transaction type "${f.type}" (one of: ${TRANSACTION_TYPES.join(', ')})`);
    }
    clauses.push(`${need('type', s.type)} = ?`);
    params.push(f.type);
  }
  if (f.status) {
    clauses.push(`${need('status', s.status)} = ?`);
    params.push(canonicalStatus(tab, f.status));
  }
  if (f.code) {
    clauses.push(`${need('code', s.code)} = ?`);
    params.push(f.code.trim().toUpperCase());
  }
  if (f.transactionId !== undefined) {
    clauses.push(`${need('transactionId', s.transactionId)} = ?`);
    params.push(f.transactionId);
  }
  if (f.pattern !== undefined) {
    clauses.push(`${need('pattern', s.pattern)} = ?`);
    params.push(f.pattern);
  }
  if (f.wouldPass) clauses.push(need('wouldPass', s.wouldPass));
  if (f.from) {
    clauses.push(`${s.date} >= ?`);
    params.push(dateBound(f.from, 'from'));
  }
  if (f.to) {
    clauses.push(`${s.date} < ?`);
    params.push(dateBound(f.to, 'to'));
  }
  let wordAlone: Where['wordAlone'];
  if (f.keyword && f.keyword.trim() !== '') {
    const keyword = f.keyword.trim();
    const words = indexWords(keyword);
    const search = s.search;
    // One plain word: the index's answer is the whole answer. Otherwise the substring check keeps the exact text.
    const plainWord = words.length === 1 && /^[\p{L}\p{N}]+$/u.test(keyword);
    let plan = search && words.length ? searchPlan(search, words, plainWord ? undefined : keyword) : 'none';
    const match = words.map((w) => `${w}*`).join(' ');
    if (plan !== 'none' && plainWord && clauses.length === 0) wordAlone = { search: search!, word: words[0]! };
    // Counting by walking every row would read the table: a count reads the index.
    if (plan === 'scan' && purpose === 'count') plan = 'index';
    if (plan === 'index') {
      const fts = SEARCH_INDEXES[search!].fts;
      clauses.push(`${s.id} IN (SELECT docid FROM ${fts} WHERE ${fts} MATCH ?)`);
      params.push(match);
    } else if (plan === 'scan') {
      clauses.push(`words_match(?, ${s.keyword.map((c) => `coalesce(${c}, '')`).join(" || ' ' || ")})`);
      params.push(words.join(' '));
    }
    if (plan === 'none' || !plainWord) {
      const pattern = `%${likeLiteral(keyword)}%`;
      clauses.push(`(${s.keyword.map((c) => `${c} LIKE ? ESCAPE '\\'`).join(' OR ')})`);
      for (let i = 0; i < s.keyword.length; i++) params.push(pattern);
    }
  }
  return { sql: clauses.length ? `WHERE ${clauses.join(' AND ')}` : '', params, wordAlone };
}

/** The tab's status as stored, from any case ("dropped" -> "Dropped"); an unknown one is refused with the list. */
export function canonicalStatus(tab: TabId, value: string): string {
  const statuses = tabSpec(tab).statuses ?? [];
  const match = statuses.find((v) => v.toLowerCase() === value.trim().toLowerCase());
  if (!match) throw new FilterError(`unknown status "${value}" for the ${tab} tab${didYouMean(value, statuses)} (one of: ${statuses.join(', ')})`);
  return match;
}

/** [prefix, just past every string that starts with prefix]. */
function prefixRange(value: string): [string, string] {
  const p = value.trim();
  return [p, `${p}\u{10FFFF}`];
}

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const FULL = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?Z?$/;

/**
 * Bounds for an inclusive date range: a bare day `to` means up to the end of
 * that day, so it becomes the next day's start (compared with <).
 */
export function dateBound(value: string, side: 'from' | 'to'): string {
  const v = value.trim();
  const m = DAY.exec(v);
  if (m) {
    const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
    if (d.getUTCMonth() !== Number(m[2]) - 1 || d.getUTCDate() !== Number(m[3])) {
      throw new FilterError(`"${value}" is not a real date`);
    }
    if (side === 'to') d.setUTCDate(d.getUTCDate() + 1);
    return d.toISOString().slice(0, 10);
  }
  if (FULL.test(v) && !Number.isNaN(Date.parse(v.endsWith('Z') ? v : `${v}Z`))) {
    // A full timestamp `to` is inclusive: anything strictly after it is excluded.
    return side === 'to' ? `${v}\u{10FFFF}` : v;
  }
  throw new FilterError(`"${value}" is not a date (use YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ)`);
}
