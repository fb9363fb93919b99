import type { Param } from '../db/index.js';
import type { SearchIndexName } from '../db/index.js';
import { TRANSACTION_TYPES } from '../engine/domain.js';
import { parseInstant } from '../text/dates.js';
import { didYouMean } from '../text/suggest.js';
import { inListedValues, inMatchedValues, LISTED_COLUMNS, type ListedColumn } from './column-values.js';
import { KEYWORD, keywordClause, likeLiteral, type SearchPlan } from './keyword.js';
import { DOCUMENT_KINDS, ENTITY_TYPES, SYNC_TYPES, tabSpec } from './tabs.js';
import type { TabFilters, TabId } from './triage-types.js';
import { UserError } from '../user-error.js';

export { likeLiteral, type SearchPlan } from './keyword.js';

/** A filter the user gave that cannot be applied (bad date, filter the tab lacks). */
export class FilterError extends UserError {
  constructor(message: string) {
    super(message);
    this.name = 'FilterError';
  }
}

/**
 * What Order# or SKU# looks in: the ids of the rows whose value has the text
 * (read from the column's index, not the table), and the same test on a row.
 */
export interface ValueTarget {
  /** Names the column in caches: "logs.order_ref". */
  name: string;
  /** The tab's row id the matching ids are compared with. */
  id: string;
  /** SQL yielding the matching ids; each `?` is the LIKE pattern. */
  ids: string;
  /** The test on the row itself, walking rows in order; each `?` is the LIKE pattern. */
  row: string;
  /**
   * `ids` through the list of the column's distinct values (column-values.ts):
   * `ids` (each `?` the LIKE pattern) finds the rows of the listed values; while
   * the list is not complete, `unlisted` (`?` the greatest listed value, then
   * the pattern) reads the index beyond them. Once the list is complete,
   * `matched` (`?` the pattern) finds the rows of the values that
   * ColumnValues.match() found, with the SKU links' when `withLinks`.
   */
  listed?: { column: ListedColumn; ids: string; unlisted: string; matched: string; withLinks?: true };
}

const LIKE = "LIKE ? ESCAPE '\\'";

/** SQL testing the column against the values a list of them has not reached yet: after the first `?`, LIKE the second. */
function afterListedValues(column: string): string {
  return `${column} > ? AND ${column} ${LIKE}`;
}

/** The Inventory SKU#'s other half: the stock rows of the SKUs on the other side of a link that has the text. */
const INVENTORY_LINKED = `UNION SELECT rowid FROM inventory_log WHERE sku IN (SELECT amazon_sku FROM sku_links WHERE item_sku ${LIKE})
            UNION SELECT rowid FROM inventory_log WHERE sku IN (SELECT item_sku FROM sku_links WHERE amazon_sku ${LIKE})`;
/** A value filter on one column of the tab's own table, served by the column's index (a partial one when `partial`). */
function ownColumn(name: string, alias: string, table: string, column: string, partial = false): ValueTarget {
  const notNull = partial ? `${column} IS NOT NULL AND ` : '';
  const listed = LISTED_COLUMNS.find((c) => c === `${table}.${column}`);
  return {
    name,
    id: `${alias}.id`,
    ids: `SELECT rowid FROM ${table} WHERE ${notNull}${column} ${LIKE}`,
    row: `${alias}.${column} ${LIKE}`,
    ...(listed && {
      listed: {
        column: listed,
        ids: `SELECT rowid FROM ${table} WHERE ${notNull}${inListedValues(column, listed)}`,
        unlisted: `SELECT rowid FROM ${table} WHERE ${afterListedValues(column)}`,
        matched: `SELECT rowid FROM ${table} WHERE ${notNull}${inMatchedValues(column, listed)}`,
      },
    }),
  };
}

/** Where a tab's rows come from and which columns each filter uses. */
interface TabSql {
  from: string;
  /** Column the tab is ordered by (newest first) and date filters apply to. */
  date: string;
  id: string;
  resolved: string;
  errorsOnly: string;
  orderRef?: ValueTarget;
  sku?: ValueTarget;
  type?: string;
  status?: string;
  code?: string;
  transactionId?: string;
  pattern?: string;
  /** Errors: the open errors whose transaction would pass now (temp.would_pass, see problems.ts). */
  wouldPass?: string;
  syncType?: string;
  entityType?: string;
  documentKind?: string;
  /** Orders: Pending since before a moment (how long an order has waited, as the Outcome column counts it). */
  waitingSince?: string;
}

export const TAB_SQL: Record<TabId, TabSql> = {
  orders: {
    from: 'orders o LEFT JOIN documents d ON d.order_ref = o.order_ref',
    date: 'o.purchase_date',
    id: 'o.id',
    resolved: 'o.resolved',
    // An order with an error: its import failed, or it is dropped and something is still open (a shipment confirmation).
    // The + keeps SQLite from reading every dropped order through orders_by_status to find the open ones
    // (185,000 on a 1M demo, 1 s): the page is found walking the dates instead (25 ms).
    errorsOnly: "(o.status = 'Error' OR (o.resolved = 0 AND +o.status = 'Dropped'))",
    orderRef: ownColumn('orders.order_ref', 'o', 'orders', 'order_ref'),
    // Any of the order's lines.
    sku: {
      name: 'orders.sku',
      id: 'o.id',
      ids: `SELECT order_id FROM order_lines WHERE amazon_sku ${LIKE}`,
      row: `o.id IN (SELECT order_id FROM order_lines WHERE amazon_sku ${LIKE})`,
      listed: {
        column: 'order_lines.amazon_sku',
        ids: `SELECT order_id FROM order_lines WHERE ${inListedValues('amazon_sku', 'order_lines.amazon_sku')}`,
        unlisted: `SELECT order_id FROM order_lines WHERE ${afterListedValues('amazon_sku')}`,
        matched: `SELECT order_id FROM order_lines WHERE ${inMatchedValues('amazon_sku', 'order_lines.amazon_sku')}`,
      },
    },
    status: 'o.status',
    // A subquery, not the join: counts read orders alone (documents.order_ref is unique).
    documentKind: 'o.order_ref IN (SELECT order_ref FROM documents WHERE kind = ?)',
    waitingSince: "o.status = 'Pending' AND coalesce(o.import_date, o.purchase_date) < ?",
  },
  inventory: {
    from: 'inventory_log v',
    date: 'v.adjusted_at',
    id: 'v.id',
    resolved: 'v.resolved',
    errorsOnly: "v.status = 'Error'",
    // The row's SKU is an Amazon SKU (feeds) or an ERP item (commits): either side of a link finds the other.
    sku: {
      name: 'inventory.sku',
      id: 'v.id',
      ids: `SELECT rowid FROM inventory_log WHERE sku ${LIKE} ${INVENTORY_LINKED}`,
      row: `(v.sku ${LIKE} OR v.sku IN (SELECT amazon_sku FROM sku_links WHERE item_sku ${LIKE}) OR v.sku IN (SELECT item_sku FROM sku_links WHERE amazon_sku ${LIKE}))`,
      listed: {
        ids: `SELECT rowid FROM inventory_log WHERE ${inListedValues('sku', 'inventory_log.sku')} ${INVENTORY_LINKED}`,
        column: 'inventory_log.sku',
        unlisted: `SELECT rowid FROM inventory_log WHERE ${afterListedValues('sku')}`,
        // The links' SKUs are among the matches: no scan of the links for either half.
        matched: `SELECT rowid FROM inventory_log WHERE ${inMatchedValues('sku', 'inventory_log.sku+links')}`,
        withLinks: true,
      },
    },
    status: 'v.status',
    transactionId: 'v.transaction_id',
  },
  logs: {
    from: 'transactions t',
    date: 't.import_date',
    id: 't.id',
    resolved: 't.resolved',
    errorsOnly: "t.status = 'Error'",
    orderRef: ownColumn('logs.order_ref', 't', 'transactions', 'order_ref', true),
    sku: ownColumn('logs.sku', 't', 'transactions', 'sku', true),
    type: 't.type',
    status: 't.status',
    transactionId: 't.id',
    syncType: 't.sync_type',
    entityType: 't.entity_type',
  },
  errors: {
    from: 'errors e',
    date: 'e.created_at',
    id: 'e.id',
    resolved: 'e.resolved',
    errorsOnly: "e.severity = 'error'",
    orderRef: ownColumn('errors.order_ref', 'e', 'errors', 'order_ref', true),
    sku: ownColumn('errors.sku', 'e', 'errors', 'sku', true),
    code: 'e.code',
    transactionId: 'e.transaction_id',
    pattern: 'error_pattern(e.message)',
    wouldPass: 'e.id IN (SELECT error_id FROM temp.would_pass)',
  },
};

/** The columns each tab can be sorted by (s / S), as SQL over the tab's rows; the first is its date, the default. */
export const SORTS: Record<TabId, Record<string, string>> = {
  orders: {
    purchase_date: 'o.purchase_date',
    order_ref: 'o.order_ref',
    status: 'o.status',
    outcome: 'o.xoro_ref',
    total: 'o.total',
    resolved: 'o.resolved',
  },
  inventory: {
    adjusted_at: 'v.adjusted_at',
    sku: 'v.sku',
    store: 'v.store',
    reason: 'v.reason',
    status: 'v.status',
    resolved: 'v.resolved',
  },
  logs: {
    import_date: 't.import_date',
    type: 't.type',
    ref: 'coalesce(t.order_ref, t.sku)',
    status: 't.status',
    sync_type: 't.sync_type',
    entity_type: 't.entity_type',
    resolved: 't.resolved',
  },
  errors: {
    created_at: 'e.created_at',
    code: 'e.code',
    ref: 'coalesce(e.order_ref, e.sku)',
    resolved: 'e.resolved',
    transaction_id: 'e.transaction_id',
    severity: 'e.severity',
  },
};

/** The tab's order: its newest-first date, or the chosen column; ties go by id, in the same direction. */
export function sortOf(tab: TabId, f: TabFilters): { key: string; dir: 'ASC' | 'DESC' } {
  const column = f.sortBy === undefined ? undefined : SORTS[tab][f.sortBy];
  if (f.sortBy !== undefined && !column) throw new FilterError(`the ${tab} tab cannot be sorted by ${f.sortBy}`);
  return { key: column ?? TAB_SQL[tab].date, dir: f.sortAsc ? 'ASC' : 'DESC' };
}

/** ORDER BY for the tab (sortOf). */
export function orderBy(tab: TabId, f: TabFilters): string {
  const { key, dir } = sortOf(tab, f);
  return `ORDER BY ${key} ${dir}, ${TAB_SQL[tab].id} ${dir}`;
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
  syncType: 'sync type',
  entityType: 'entity type',
  documentKind: 'document kind',
  waitingDays: '"waiting longer than"',
};

export interface Where {
  sql: string; // '' or 'WHERE ...'
  params: Param[];
  /** Set when the only filter is one plain word that the tab's search index serves (the index alone counts it). */
  wordAlone?: { search: SearchIndexName; word: string };
}

/** What compileWhere needs beyond the filters. */
export interface CompileOptions {
  searchPlan?: SearchPlan;
  purpose?: 'rows' | 'count';
  /** The clock "waiting longer than N days" counts from (default: now). */
  nowMs?: number;
  /** Plain SQL any SQLite runs (no functions of this process): the keyword's exact check becomes a LIKE. */
  plainSql?: boolean;
  /**
   * Order# / SKU#: a clause over the ids found for the value (kept by the caller), or
   * undefined to test each row in turn (a value most rows have).
   */
  valueIds?: (
    target: ValueTarget,
    pattern: string,
    purpose: 'rows' | 'count',
  ) => { sql: string; params: Param[] } | undefined;
  /**
   * A keyword found through the indexes of several tables: a clause over the
   * tab's ids it finds (kept by the caller), or undefined to use the indexes.
   */
  keywordIds?: (candidates: { sql: string; params: Param[] }) => { sql: string; params: Param[] } | undefined;
}

/**
 * Turns a tab's filters into a WHERE clause with bound parameters. The SQL
 * text depends only on which filters are set, so prepared statements are
 * reused across keystrokes.
 */
export function compileWhere(
  tab: TabId,
  f: TabFilters,
  searchPlan: SearchPlan = () => 'none',
  purpose: 'rows' | 'count' = 'rows',
  options: CompileOptions = {},
): Where {
  const s = TAB_SQL[tab];
  const clauses: string[] = [];
  const params: Param[] = [];
  const need = <T>(key: keyof typeof FILTER_NAMES, column: T | undefined): T => {
    if (!column) throw new FilterError(`the ${tab} tab has no ${FILTER_NAMES[key]} filter`);
    return column;
  };
  const value = (target: ValueTarget, text: string) => {
    const pattern = `%${likeLiteral(text.trim())}%`;
    const kept = options.valueIds?.(target, pattern, options.purpose ?? purpose);
    if (kept) {
      clauses.push(kept.sql);
      params.push(...kept.params);
    } else {
      clauses.push(target.row);
      params.push(...likeParams(target.row, pattern));
    }
  };
  if (f.hideResolved) clauses.push(`${s.resolved} = 0`);
  if (f.errorsOnly) clauses.push(s.errorsOnly);
  if (f.orderRef) value(need('orderRef', s.orderRef), f.orderRef);
  if (f.sku) value(need('sku', s.sku), f.sku);
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
  if (f.syncType) {
    clauses.push(`${need('syncType', s.syncType)} = ?`);
    params.push(canonicalChoice('sync type', SYNC_TYPES, f.syncType));
  }
  if (f.entityType) {
    clauses.push(`${need('entityType', s.entityType)} = ?`);
    params.push(canonicalChoice('entity type', ENTITY_TYPES, f.entityType));
  }
  if (f.documentKind) {
    clauses.push(need('documentKind', s.documentKind));
    params.push(documentKindOf(f.documentKind));
  }
  if (f.waitingDays !== undefined) {
    if (!Number.isFinite(f.waitingDays) || f.waitingDays < 0)
      throw new FilterError(`"waiting longer than" takes a number of days, not ${f.waitingDays}`);
    clauses.push(need('waitingDays', s.waitingSince));
    params.push(waitingCutoff(f.waitingDays, options.nowMs ?? Date.now()));
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
    // SQLite refuses LIKE patterns past 50,000 bytes; no one searches for a paragraph.
    if (keyword.length > MAX_KEYWORD)
      throw new FilterError(
        `the keyword is ${keyword.length.toLocaleString('en-US')} characters long; ${MAX_KEYWORD} at most`,
      );
    const k = keywordClause(
      tab,
      keyword,
      options.searchPlan ?? searchPlan,
      options.purpose ?? purpose,
      options.plainSql === true,
      clauses.length > 0,
      options.keywordIds,
    );
    if (k.plainWord && clauses.length === 0) wordAlone = { search: KEYWORD[tab].search, word: k.plainWord };
    clauses.push(k.sql);
    params.push(...k.params);
  }
  return { sql: clauses.length ? `WHERE ${clauses.join(' AND ')}` : '', params, wordAlone };
}

/** The LIKE pattern once for each `?` of a value target's SQL. */
export function likeParams(sql: string, pattern: string): string[] {
  return Array.from(sql.matchAll(/\?/g), () => pattern);
}

/** The moment an order must have been waiting since, to wait longer than `days` (to the minute, so repeated queries share a cache). */
export function waitingCutoff(days: number, nowMs: number): string {
  const ms = Math.floor((nowMs - days * 86_400_000) / 60_000) * 60_000;
  return new Date(ms).toISOString().slice(0, 19) + 'Z';
}

/** 'sales order', 'sales_order', 'Sales-Order' -> 'sales_order'; 'invoice' -> 'invoice'. */
export function documentKindOf(value: string): string {
  const kind = value
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
  const known = DOCUMENT_KINDS.map((k) => k.replace(/ /g, '_'));
  if (!known.includes(kind))
    throw new FilterError(`unknown document kind "${value}" (one of: ${DOCUMENT_KINDS.join(', ')})`);
  return kind;
}

function canonicalChoice(what: string, choices: readonly string[], value: string): string {
  const match = choices.find((c) => c.toLowerCase() === value.trim().toLowerCase());
  if (!match)
    throw new FilterError(`unknown ${what} "${value}"${didYouMean(value, choices)} (one of: ${choices.join(', ')})`);
  return match;
}

/** The tab's status as stored, from any case ("dropped" -> "Dropped"); an unknown one is refused with the list. */
export function canonicalStatus(tab: TabId, value: string): string {
  const statuses = tabSpec(tab).statuses ?? [];
  const match = statuses.find((v) => v.toLowerCase() === value.trim().toLowerCase());
  if (!match)
    throw new FilterError(
      `unknown status "${value}" for the ${tab} tab${didYouMean(value, statuses)} (one of: ${statuses.join(', ')})`,
    );
  return match;
}

const MAX_KEYWORD = 1000;
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

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
  // A full timestamp in any ISO-8601 form (no zone is UTC), checked for a real day and time, as stored dates are written.
  const at = parseInstant(v);
  if (at !== undefined) {
    const iso = new Date(at).toISOString().replace(/\.000Z$/, 'Z');
    // A full timestamp `to` is inclusive: anything strictly after it is excluded.
    return side === 'to' ? `${iso}\u{10FFFF}` : iso;
  }
  throw new FilterError(`"${value}" is not a date (use YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ)`);
}
