import {
  defineWordsMatch,
  hasSearchIndex,
  SEARCH_INDEXES,
  type Param,
  type Row,
  type SearchIndexName,
  type Snapshot,
} from '../db/index.js';
import {
  compileWhere,
  defaultOrder,
  likeLiteral,
  likeParams,
  orderBy,
  TAB_SQL,
  type ValueTarget,
  type Where,
} from './filters.js';
import { defineKeywordIn, hasRowHint, withoutRowHint } from './keyword.js';
import { defineErrorPattern } from './error-groups.js';
import { toDisplayRow } from './cell-format.js';
import { ColumnValues } from './column-values.js';
import { type CountedTable, indexCountQuery, LiveCounts } from './live-counts.js';
import { fixesFor } from './fixes.js';
import { attemptsOf, diagnose, fillWouldPassTable } from './problems.js';
import { ACTION_LABELS } from './tabs.js';
import { sortsWholeTable } from './query-plan.js';
import { nextInOrder, sortedPageIds, sortedPosition } from './sorted-order.js';
import type { DisplayRow, TabFilters, TabId } from './triage-types.js';

const COLUMNS: Record<TabId, string> = {
  orders:
    'o.id, o.order_ref, o.purchase_date, o.status, o.xoro_ref, d.kind AS doc_kind, d.number AS doc_number, o.total, o.currency, o.resolved, o.fulfillment_channel, o.buyer_name, o.skip_reason, o.import_date',
  inventory:
    'v.id, v.adjusted_at, v.sku, v.store, v.qty_before, v.qty_after, v.reason, v.status, v.resolved, v.transaction_id',
  logs: 't.id, t.import_date, t.start_date, t.end_date, t.entity_type, t.type, t.order_ref, t.sku, t.resolved, t.sync_type, t.status, t.message',
  errors:
    'e.id, e.created_at, e.code, e.message, e.order_ref, e.sku, e.transaction_id, e.resolved, e.severity, e.superseded_by',
};
/** What the table shows beyond the stored columns, looked up for the rows of a page only. */
const ERROR_EXTRAS = 'SELECT status FROM transactions WHERE id = ?';
/** An order's reason: its first open error (errors_by_order). */
const ORDER_REASON =
  "SELECT code, message FROM errors WHERE order_ref = ? AND resolved = 0 AND severity = 'error' ORDER BY id LIMIT 1";
/** An inventory row's ERP item: the link of its Amazon SKU, or the SKU itself when it is an ERP item (a commit). */
const INVENTORY_ITEM =
  'SELECT coalesce((SELECT item_sku FROM sku_links WHERE amazon_sku = ?1), (SELECT sku FROM items WHERE sku = ?1))';

/** Counting needs no join: documents.order_ref is unique, so the orders join never adds rows. */
const COUNT_FROM: Record<TabId, string> = {
  orders: 'orders o',
  inventory: 'inventory_log v',
  logs: 'transactions t',
  errors: 'errors e',
};
const TABLE: Record<TabId, CountedTable> = {
  orders: 'orders',
  inventory: 'inventory_log',
  logs: 'transactions',
  errors: 'errors',
};

/**
 * Per snapshot: filtered totals and the sort keys of rows already seen, both
 * dropped whenever the snapshot is written. The keys let a page that follows
 * a known row start from it (keyset paging) instead of skipping N rows with
 * OFFSET, which reads every skipped row.
 */
interface QueryMemo {
  version: number;
  totals: Map<string, number>;
  /** query key -> (index in the filtered order -> [date, id] of that row). */
  anchors: Map<string, Map<number, [string, number]>>;
  search: Map<SearchIndexName, boolean>;
  plans: Map<string, 'index' | 'walk' | 'scan'>;
  /** Order# / SKU# values: their matching ids kept in temp.value_matches, or 'walk' when most rows match. */
  values: Map<string, 'kept' | 'walk'>;
  /** Rows' SQL in an order -> the SQL run for it (orderedQuery). */
  walks: Map<string, string>;
}
const memos = new WeakMap<Snapshot, QueryMemo>();

function memo(db: Snapshot): QueryMemo {
  let m = memos.get(db);
  if (!m || m.version !== db.version) {
    if (m?.values.size) db.temp('DELETE FROM temp.value_matches');
    m = {
      version: db.version,
      totals: new Map(),
      anchors: new Map(),
      search: m?.search ?? new Map(),
      plans: new Map(),
      values: new Map(),
      walks: new Map(),
    };
    // A write may have been the search index's own build: ask again.
    m.search.clear();
    memos.set(db, m);
  }
  return m;
}

/**
 * Above this many possible matches (or this share of the table), walking the
 * rows in order fills a page sooner than reading the index's list.
 */
const INDEX_PLAN_LIMIT = 20_000;
const INDEX_PLAN_SHARE = 0.1;

/**
 * From this many matches on, the page is found walking the rows in date order
 * against the index's list ('walk'), not by fetching every match to sort them
 * ('index'): on a million transactions, 12,700 matches fetched took 130-145
 * ms against 7 ms walked. Below it fetching them all is quick (2,500: 32 ms)
 * and a walk could read far for a word met only in old rows (the whole date
 * index: 130 ms).
 */
const WALK_PLAN_FROM = 2000;

/**
 * With other filters, up to this many matches are walked against the index's
 * list rather than scanned (the keyword checked on each row the other filters
 * let through): a word common in the table may be rare among, say, the rows
 * with errors, and a scan then reads all of those (1M transactions, "ups",
 * 39,000 matches, with Show Errors Only: 390 ms scanned, 33 ms walked). A
 * longer list costs more to read than a scan finds a page ("confirmation",
 * 94,000: 52 ms walked, 7 ms scanned).
 */
const NARROWED_WALK_LIMIT = 50_000;

/** Recent rows a phrase is tried on before walking the table for it; it must be in this many of them. */
const PROBE_ROWS = 5000;
const PROBE_HITS = 20;

/** Recent rows a word is tried on before its count is asked of the index (a common word's count takes 70 ms, this 2 ms). */
const WORD_PROBE_ROWS = 1000;

/**
 * How many of the table's newest `probed` rows have all `words` (as the
 * search index means them) and, given a phrase, the phrase itself.
 */
function hitsAmongNewest(
  db: Snapshot,
  name: SearchIndexName,
  probed: number,
  words: string[],
  phrase?: string,
): number {
  const { table, columns } = SEARCH_INDEXES[name];
  defineWordsMatch(db);
  const text = columns.map((c) => `coalesce(${c}, '')`).join(" || ' ' || ");
  const literally = phrase === undefined ? '' : `AND (${columns.map((c) => `${c} LIKE ? ESCAPE '\\'`).join(' OR ')})`;
  const pattern = phrase === undefined ? [] : columns.map(() => `%${likeLiteral(phrase)}%`);
  return Number(
    db.value(
      `SELECT COUNT(*) FROM (SELECT ${columns.join(', ')} FROM ${table} ORDER BY rowid DESC LIMIT ?)
       WHERE words_match(?, ${text}) ${literally}`,
      [probed, words.join(' '), ...pattern],
    ) ?? 0,
  );
}

/**
 * 'scan' when the keyword is in so many rows that walking them in order
 * fills a page at once, else 'walk' or 'index' by its number of matches
 * (`narrowed`: other filters leave fewer rows to walk; see
 * NARROWED_WALK_LIMIT). A word found all over the newest rows is walked
 * without counting it; else its count decides (a kept count, or a longer
 * kept word's for a prefix, answers without the index). Each word of a
 * phrase bounds the rows with them all; a phrase of common words may still be
 * rare: it is tried on the newest rows first, as a scan for a rare phrase
 * reads the whole table.
 */
function searchPlan(
  db: Snapshot,
  name: SearchIndexName,
  words: string[],
  phrase: string | undefined,
  narrowed: boolean,
): 'index' | 'walk' | 'scan' {
  const { table } = SEARCH_INDEXES[name];
  const rows = Number(db.value(`SELECT COALESCE(MAX(rowid), 0) FROM ${table}`) ?? 0);
  const common = narrowed ? NARROWED_WALK_LIMIT : Math.min(INDEX_PLAN_LIMIT, rows * INDEX_PLAN_SHARE);
  const live = LiveCounts.of(db);
  const byCount = (n: number) => (n > common ? 'scan' : n >= WALK_PLAN_FROM ? 'walk' : 'index');
  // No phrase: one plain word.
  if (phrase === undefined) {
    const word = words[0]!;
    if (live.wordRowsAtLeast(name, word) > common) return 'scan';
    const probed = Math.min(rows, WORD_PROBE_ROWS);
    if (probed > 0 && (hitsAmongNewest(db, name, probed, words) * rows) / probed > common) return 'scan';
    return byCount(live.wordRows(name, word));
  }
  const countOf = (w: string) => {
    const least = live.wordRowsAtLeast(name, w);
    return least > common ? least : live.wordRows(name, w);
  };
  const estimate = Math.min(...words.map(countOf));
  if (estimate <= common) return byCount(estimate);
  // A phrase rare among the newest rows: its candidates are the words' common matches, so walk their list.
  return hitsAmongNewest(db, name, PROBE_ROWS, words, phrase) >= PROBE_HITS ? 'scan' : 'walk';
}

/** Above this many rows with the value, walking the rows in order fills a page at once (and keeping them would cost more). */
const VALUE_KEEP_LIMIT = 20_000;

/**
 * Order# / SKU# anywhere in the value: a LIKE no index can seek. The ids
 * that have it are found once per value by reading the column's index (not
 * the table), and kept in a temp table until the next write, so every page
 * and count after the first looks them up.
 */
function keptValueIds(
  db: Snapshot,
  m: QueryMemo,
  target: ValueTarget,
  pattern: string,
  purpose: 'rows' | 'count',
): { sql: string; params: Param[] } | undefined {
  const key = `${target.name}|${pattern}`;
  // Only when the ids are read: kept ones are in temp.value_matches.
  const ids = m.values.get(key) === 'kept' ? undefined : valueIdsQuery(db, target, pattern);
  const kept = keepIds(db, m, key, () => ({ ...ids!, sql: ids!.sql.replace(/^SELECT \w+/, (s) => `${s} AS id`) }));
  // Most rows have it: walk them for a page; a count reads the column's index instead of every row (seconds on a million).
  if (kept === 'walk')
    return purpose === 'count' ? { sql: `${target.id} IN (${ids!.sql})`, params: ids!.params } : undefined;
  return { sql: `${target.id} IN (SELECT id FROM temp.value_matches WHERE key = ?)`, params: [key] };
}

/**
 * Keeps the ids `ids` yields (a query of one column named id) under `key` in
 * temp.value_matches until the next write, unless they are more than
 * VALUE_KEEP_LIMIT: 'walk' then, and nothing kept.
 */
function keepIds(
  db: Snapshot,
  m: QueryMemo,
  key: string,
  ids: () => { sql: string; params: Param[] },
): 'kept' | 'walk' {
  let kept = m.values.get(key);
  if (kept === undefined) {
    const { sql, params } = ids();
    db.temp(
      'CREATE TEMP TABLE IF NOT EXISTS value_matches (key TEXT NOT NULL, id INTEGER NOT NULL, PRIMARY KEY (key, id))',
    );
    db.temp(`INSERT OR IGNORE INTO temp.value_matches (key, id) SELECT ?, id FROM (${sql} LIMIT ?)`, [
      key,
      ...params,
      VALUE_KEEP_LIMIT + 1,
    ]);
    const n = Number(db.value('SELECT COUNT(*) FROM temp.value_matches WHERE key = ?', [key]) ?? 0);
    kept = n > VALUE_KEEP_LIMIT ? 'walk' : 'kept';
    if (kept === 'walk') db.temp('DELETE FROM temp.value_matches WHERE key = ?', [key]);
    m.values.set(key, kept);
  }
  return kept;
}

/**
 * An Orders keyword found through the indexes of several tables (the order's
 * own, its lines', its errors'): the orders they point to are found once and
 * kept until the next write, so every page, count and n / N after the first
 * looks them up ("dropped" on a million transactions: 40-90 ms each time
 * before, most of it in the errors' index and the orders of those errors).
 */
function keptKeywordIds(
  db: Snapshot,
  m: QueryMemo,
  tab: TabId,
  candidates: { sql: string; params: Param[] },
): { sql: string; params: Param[] } | undefined {
  const id = TAB_SQL[tab].id;
  const key = `keyword|${tab}|${candidates.sql}|${JSON.stringify(candidates.params)}`;
  const kept = keepIds(db, m, key, () => ({
    sql: `SELECT ${id} AS id FROM ${COUNT_FROM[tab]} WHERE ${candidates.sql}`,
    params: candidates.params,
  }));
  return kept === 'kept'
    ? { sql: `${id} IN (SELECT id FROM temp.value_matches WHERE key = ?)`, params: [key] }
    : undefined;
}

/** The SQL yielding the ids of the rows whose value has the pattern: through the list of values as far as it goes. */
function valueIdsQuery(db: Snapshot, target: ValueTarget, pattern: string): { sql: string; params: Param[] } {
  const listed = target.listed;
  const values = ColumnValues.of(db);
  const upTo = listed && values.listedUpTo(listed.column);
  if (!listed || upTo === undefined) return { sql: target.ids, params: likeParams(target.ids, pattern) };
  if (upTo === true) {
    const sql = values.match(listed.column, pattern, listed.withLinks) ? listed.matched : listed.ids;
    return { sql, params: likeParams(sql, pattern) };
  }
  return { sql: `${listed.ids} UNION ${listed.unlisted}`, params: [...likeParams(listed.ids, pattern), upTo, pattern] };
}

export function whereFor(db: Snapshot, tab: TabId, filters: TabFilters, purpose: 'rows' | 'count' = 'rows'): Where {
  if (filters.pattern !== undefined) defineErrorPattern(db);
  if (filters.wouldPass && tab === 'errors') fillWouldPassTable(db);
  if (filters.keyword) defineKeywordIn(db);
  const m = memo(db);
  return compileWhere(
    tab,
    filters,
    (name, words, phrase, narrowed) => {
      let ready = m.search.get(name);
      if (ready === undefined) {
        ready = hasSearchIndex(db, name);
        m.search.set(name, ready);
      }
      if (!ready) return 'none';
      const planKey = `${name}|${words.join(' ')}|${phrase ?? ''}|${narrowed}`;
      let plan = m.plans.get(planKey);
      if (plan === undefined) {
        plan = searchPlan(db, name, words, phrase, narrowed);
        m.plans.set(planKey, plan);
      }
      // A walk follows the date order (either way): under a sort by another column every row would be walked.
      if (plan === 'walk') return filters.sortBy === undefined ? 'walk' : 'index';
      if (plan === 'index') return 'index';
      defineWordsMatch(db);
      return 'scan';
    },
    purpose,
    {
      valueIds: (target, pattern, why) => keptValueIds(db, m, target, pattern, why),
      keywordIds: (candidates) => keptKeywordIds(db, m, tab, candidates),
    },
  );
}

function keyOf(tab: TabId, w: Where): string {
  return `${tab}|${w.sql}|${JSON.stringify(w.params)}`;
}

/** Skipping more rows than this from a known row is slower than counting from the other end. */
const NEAR = 2000;

/** Rows offset..offset+limit-1 of the filtered tab, newest first. */
export function listRows(db: Snapshot, tab: TabId, filters: TabFilters, offset: number, limit: number): DisplayRow[] {
  const s = TAB_SQL[tab];
  const where = whereFor(db, tab, filters);
  const key = keyOf(tab, where);
  const m = memo(db);
  offset = Math.max(0, offset);
  limit = Math.max(0, limit);
  if (limit === 0) return [];
  const select = `SELECT ${COLUMNS[tab]}, ${s.date} AS sort_date FROM ${s.from}`;
  const and = where.sql ? `${where.sql} AND` : 'WHERE';
  let rows: Row[];
  const total = m.totals.get(keyOf(tab, whereFor(db, tab, filters, 'count')));
  if (!defaultOrder(filters)) {
    // A chosen sort (s / S): the keyset shortcuts below follow the date order; sorted-order.ts finds the page's ids.
    const ids = sortedPageIds(db, tab, filters, COUNT_FROM[tab], where, offset, limit, total);
    return displayRows(db, tab, rowsWithIds(db, tab, ids));
  }
  const anchor = nearestAnchor(m.anchors.get(key), offset);
  let keyset: Row[] | undefined;
  if (anchor && offset - anchor.index - 1 <= NEAR) {
    // Rows after the known one in "date DESC, id DESC" order; the date bound lets the index seek.
    const params = [...where.params, anchor.date, anchor.date, anchor.id, limit, offset - anchor.index - 1];
    keyset = db.all(
      orderedQuery(
        db,
        m,
        `${select} ${and} ${s.date} <= ? AND NOT (${s.date} = ? AND ${s.id} >= ?) ORDER BY ${s.date} DESC, ${s.id} DESC LIMIT ? OFFSET ?`,
        params,
      ),
      params,
    );
    // Rows without a date sort last and the date bound skips them: a short page may be missing them.
    if (keyset.length < limit) keyset = undefined;
  }
  if (keyset) {
    rows = keyset;
  } else if (total !== undefined && offset > NEAR && total - offset < offset) {
    // Nearer the end: read backwards from the oldest row.
    const skip = Math.max(0, total - offset - limit);
    const take = Math.min(limit, total - offset);
    const params = [...where.params, take, skip];
    const sql = `${select} ${where.sql} ORDER BY ${s.date} ASC, ${s.id} ASC LIMIT ? OFFSET ?`;
    rows = take <= 0 ? [] : db.all(orderedQuery(db, m, sql, params), params).reverse();
  } else {
    const params = [...where.params, limit, offset];
    const sql = `${select} ${where.sql} ORDER BY ${s.date} DESC, ${s.id} DESC LIMIT ? OFFSET ?`;
    rows = db.all(orderedQuery(db, m, sql, params), params);
  }
  remember(m, key, offset, rows);
  return displayRows(db, tab, rows);
}

/**
 * `sql` (rows in an order, LIMITed) as it is best run. A keyword
 * checked row by row carries a hint (keyword.ts) that makes SQLite walk the
 * narrowest index another filter offers; where no filter offers one and the
 * LIMIT is small (a page at 80x24, under about 25 rows, or the one row n / N
 * asks for), SQLite reads and sorts the whole table instead of walking the
 * date index: "sync" on a million transactions took 2.1 s, against 5 ms
 * walked. Such a plan, seen once per query, drops the hint.
 */
function orderedQuery(db: Snapshot, m: QueryMemo, sql: string, params: Param[]): string {
  if (!hasRowHint(sql)) return sql;
  let chosen = m.walks.get(sql);
  if (chosen === undefined) {
    chosen = sortsWholeTable(db, sql, params) ? withoutRowHint(sql) : sql;
    m.walks.set(sql, chosen);
  }
  return chosen;
}

/** The rows with these ids, in their order. */
function rowsWithIds(db: Snapshot, tab: TabId, ids: number[]): Row[] {
  if (!ids.length) return [];
  const s = TAB_SQL[tab];
  const byId = new Map(
    db
      .all(
        `SELECT ${COLUMNS[tab]}, ${s.date} AS sort_date FROM ${s.from} WHERE ${s.id} IN (${ids.map(() => '?').join(', ')})`,
        ids,
      )
      .map((r) => [Number(r.id), r]),
  );
  return ids.map((id) => byId.get(id)).filter((row): row is Row => row !== undefined);
}

/**
 * The page's rows as the table shows them. An error also shows how many attempts its
 * problem had, whether a re-run would pass now, and the fix it offers: a few lookups per
 * row, for the rows of one page.
 */
function displayRows(db: Snapshot, tab: TabId, rows: Row[]): DisplayRow[] {
  const now = Date.now();
  if (tab === 'orders') {
    return rows.map((r) => {
      const reason = db.get<{ code: string; message: string }>(ORDER_REASON, [r.order_ref as string]);
      return toDisplayRow(
        tab,
        { ...r, reason_code: reason?.code ?? null, reason_message: reason?.message ?? null },
        now,
      );
    });
  }
  if (tab === 'inventory')
    return rows.map((r) =>
      toDisplayRow(tab, { ...r, item: db.value<string>(INVENTORY_ITEM, [r.sku as string]) ?? null }, now),
    );
  if (tab !== 'errors') return rows.map((r) => toDisplayRow(tab, r, now));
  return rows.map((r) => {
    const txId = r.transaction_id === null ? null : Number(r.transaction_id);
    const row = toDisplayRow(
      tab,
      { ...r, tx_status: txId === null ? null : (db.value<string>(ERROR_EXTRAS, [txId]) ?? null) },
      now,
    );
    row.cells.attempts = String(
      attemptsOf(db, { transaction_id: txId, code: String(r.code), sku: r.sku === null ? null : String(r.sku) }),
    );
    const open = Number(r.resolved) === 0 && r.severity === 'error';
    if (open && txId !== null) row.passes = diagnose(db, txId).pass;
    if (open) {
      const { fix, hint } = fixesFor(db, row.id);
      if (fix) row.fix = { action: fix.action, note: fixNote(fix) };
      if (hint) row.hint = hint;
    }
    return row;
  });
}

function fixNote(fix: NonNullable<ReturnType<typeof fixesFor>['fix']>): string {
  switch (fix.action) {
    case 'link-sku':
      return `${ACTION_LABELS[fix.action]} Amazon SKU ${fix.sku} (not linked yet)`;
    case 'relink-sku':
      return `${ACTION_LABELS[fix.action]} Amazon SKU ${fix.sku}, now linked to ${fix.current.item}${fix.current.asin ? ` (ASIN ${fix.current.asin})` : ''}`;
    case 'map-ship-service':
      return `${ACTION_LABELS[fix.action]} service level ${fix.serviceLevel}${fix.current ? `, now mapped to ${fix.current}` : ' (not mapped yet)'}`;
  }
}

function nearestAnchor(
  anchors: Map<number, [string, number]> | undefined,
  offset: number,
): { index: number; date: string; id: number } | undefined {
  if (!anchors) return undefined;
  let best: { index: number; date: string; id: number } | undefined;
  for (const [index, [date, id]] of anchors) {
    if (index < offset && (!best || index > best.index)) best = { index, date, id };
  }
  return best;
}

function remember(m: QueryMemo, key: string, offset: number, rows: Row[]): void {
  let anchors = m.anchors.get(key);
  if (!anchors) m.anchors.set(key, (anchors = new Map()));
  // NULL dates sort last and cannot be a keyset bound; the first and last row of a page are enough.
  for (const i of [0, rows.length - 1]) {
    const r = rows[i];
    if (r && typeof r.sort_date === 'string') anchors.set(offset + i, [r.sort_date, Number(r.id)]);
  }
  if (anchors.size > 512) anchors.delete(anchors.keys().next().value!);
}

export interface SqlQuery {
  sql: string;
  params: (string | number | null)[];
}

/**
 * The SQL behind a tab's first page and its count, as the dashboard runs them
 * (the benchmark times the same text in the sqlite3 program).
 */
export function tabQueries(
  db: Snapshot,
  tab: TabId,
  filters: TabFilters,
  limit: number,
  plainSql = false,
): { rows: SqlQuery; count: SqlQuery } {
  const s = TAB_SQL[tab];
  // plainSql: without the words_match() helper, which only exists in this process (the index answers the same).
  const where = plainSql
    ? compileWhere(tab, filters, (name) => (hasSearchIndex(db, name) ? 'index' : 'none'), 'rows', { plainSql: true })
    : whereFor(db, tab, filters);
  const params = [...where.params, limit, 0];
  const sql = `SELECT ${COLUMNS[tab]}, ${s.date} AS sort_date FROM ${s.from} ${where.sql} ORDER BY ${s.date} DESC, ${s.id} DESC LIMIT ? OFFSET ?`;
  return {
    rows: { sql: orderedQuery(db, memo(db), sql, params), params },
    count: plainSql ? plainCount(tab, where) : countQuery(db, tab, whereFor(db, tab, filters, 'count')),
  };
}

function plainCount(tab: TabId, where: Where): SqlQuery {
  if (where.wordAlone) return indexCountQuery(where.wordAlone.search, where.wordAlone.word);
  return { sql: `SELECT COUNT(*) FROM ${COUNT_FROM[tab]} ${where.sql}`, params: where.params };
}

/** How the dashboard counts a filtered tab: a kept count when there is one (the whole table, or one common word alone). */
function countQuery(db: Snapshot, tab: TabId, where: Where): SqlQuery {
  if (where.sql === '') return LiveCounts.of(db).rowsQuery(TABLE[tab]);
  if (where.wordAlone) {
    const { search, word } = where.wordAlone;
    const live = LiveCounts.of(db);
    // Counting it once keeps it when it is common.
    live.wordRows(search, word);
    return live.wordQuery(search, word) ?? plainCount(tab, where);
  }
  return plainCount(tab, where);
}

/** The ids of every row of the filtered tab, newest first (marking all rows that match). */
export function listIds(db: Snapshot, tab: TabId, filters: TabFilters, limit = -1): number[] {
  const s = TAB_SQL[tab];
  const where = whereFor(db, tab, filters);
  return db
    .all<{ id: number }>(`SELECT ${s.id} AS id FROM ${s.from} ${where.sql} ${orderBy(tab, filters)} LIMIT ?`, [
      ...where.params,
      limit,
    ])
    .map((r) => r.id);
}

/** Every row of the filtered tab as raw database values (exports). */
export function listRecords(db: Snapshot, tab: TabId, filters: TabFilters, limit: number): Row[] {
  return [...iterateRecords(db, tab, filters, limit)];
}

/** The rows of listRecords one at a time (the command line streams them). */
export function iterateRecords(db: Snapshot, tab: TabId, filters: TabFilters, limit: number): Generator<Row> {
  const s = TAB_SQL[tab];
  const where = whereFor(db, tab, filters);
  return db.iterate<Row>(`SELECT ${COLUMNS[tab]} FROM ${s.from} ${where.sql} ${orderBy(tab, filters)} LIMIT ?`, [
    ...where.params,
    limit,
  ]);
}

export function countRows(db: Snapshot, tab: TabId, filters: TabFilters): number {
  const where = whereFor(db, tab, filters, 'count');
  const key = keyOf(tab, where);
  const m = memo(db);
  let n = m.totals.get(key);
  if (n === undefined) {
    if (where.wordAlone) {
      n = LiveCounts.of(db).wordRows(where.wordAlone.search, where.wordAlone.word);
    } else {
      const q = countQuery(db, tab, where);
      n = Number(db.value(q.sql, q.params) ?? 0);
    }
    m.totals.set(key, n);
  }
  return n;
}

/** Position of a record in the filtered, newest-first tab, or -1 when the filters exclude it. */
export function indexOfRow(db: Snapshot, tab: TabId, filters: TabFilters, id: number): number {
  const s = TAB_SQL[tab];
  const where = whereFor(db, tab, filters);
  const and = where.sql ? `${where.sql} AND` : 'WHERE';
  const from = COUNT_FROM[tab];
  if (!defaultOrder(filters)) return sortedPosition(db, tab, filters, from, where, id);
  const hit = db.get<{ date: string | null }>(`SELECT ${s.date} AS date FROM ${from} ${and} ${s.id} = ?`, [
    ...where.params,
    id,
  ]);
  if (!hit) return -1;
  // Rows before it in "date DESC, id DESC" order; NULL dates sort last.
  const before =
    hit.date === null
      ? db.value(`SELECT COUNT(*) FROM ${from} ${and} (${s.date} IS NOT NULL OR ${s.id} > ?)`, [...where.params, id])
      : db.value(`SELECT COUNT(*) FROM ${from} ${and} ${s.date} >= ? AND NOT (${s.date} = ? AND ${s.id} <= ?)`, [
          ...where.params,
          hit.date,
          hit.date,
          id,
        ]);
  return Number(before ?? 0);
}

/**
 * n / N: the position of the next (or previous) row after `fromId`, in the
 * filtered tab's order, that has the keyword; -1 when there is none: the
 * first such row past it in that order (nextInOrder).
 */
export function nextMatch(
  db: Snapshot,
  tab: TabId,
  filters: TabFilters,
  keyword: string,
  fromId: number,
  direction: 1 | -1,
): number {
  const where = whereFor(db, tab, filters);
  const matching = whereFor(db, tab, { ...filters, keyword });
  const m = memo(db);
  const id = nextInOrder(db, tab, filters, COUNT_FROM[tab], where, matching, fromId, direction, (sql, params) =>
    db.value<number>(orderedQuery(db, m, sql, params), params),
  );
  return id === undefined ? -1 : indexOfRow(db, tab, filters, id);
}

/** Errors per code under the Errors tab's filters, its own code filter left out (errors_by_code_date when unfiltered). */
export function codeCounts(db: Snapshot, filters: TabFilters): Record<string, number> {
  const { code: _code, pattern: _pattern, ...rest } = filters;
  const where = whereFor(db, 'errors', rest, 'count');
  const rows = db.all<{ code: string; n: number }>(
    `SELECT e.code AS code, COUNT(*) AS n FROM errors e ${where.sql} GROUP BY e.code`,
    where.params,
  );
  return Object.fromEntries(rows.map((r) => [r.code, Number(r.n)]));
}

/** Open (unresolved) errors per tab: the pending-error counts of the tab bar. */
export function openErrorCounts(db: Snapshot): Record<TabId, number> {
  const n = (sql: string) => Number(db.value(sql) ?? 0);
  return {
    // An open order is one with something to do: a failed import, or a dropped order whose confirmation fails.
    // `+status`: counted over the few open orders (orders_open_by_date), not over every dropped one (1.5 s on a million transactions).
    orders: n("SELECT COUNT(*) FROM orders WHERE resolved = 0 AND +status IN ('Error', 'Dropped')"),
    inventory: n("SELECT COUNT(*) FROM inventory_log WHERE status = 'Error' AND resolved = 0"),
    logs: n("SELECT COUNT(*) FROM transactions WHERE status = 'Error' AND resolved = 0"),
    errors: n("SELECT COUNT(*) FROM errors WHERE severity = 'error' AND resolved = 0"),
  };
}
