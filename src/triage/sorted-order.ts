/**
 * A tab under a chosen sort (s / S). Most sort columns have no index, so a
 * page means sorting every row the filters let through: on a million
 * transactions by status, 1.6-2.9 s for each page with the page's columns
 * carried through the sort. Here the ids are sorted alone (a page's columns,
 * and the orders' join, are read for its own rows), the first SORTED_KEPT of
 * them are kept until the next write, so the pages after the first and a
 * row's place come from them, and a row's place beyond them is a count rather
 * than a numbering of every row.
 */
import type { Param, Snapshot } from '../db/index.js';
import { sortOf, TAB_SQL, type Where } from './filters.js';
import { perSnapshot } from './per-snapshot.js';
import { sortsEachGroup, sortsWholeTable } from './query-plan.js';
import type { TabFilters, TabId } from './triage-types.js';

/** The ids kept of an order: the first page asks for these many at once (as quick as one page, see sortedIds). */
const SORTED_KEPT = 2000;
/** Orders kept at once (filters, sort and direction), the oldest dropped first. */
const ORDERS_KEPT = 4;

interface KeptOrder {
  /** The first ids of the order. */
  ids: number[];
  /** Whether `ids` is the whole order. */
  complete: boolean;
}

/**
 * The kept orders, and SQLite's plans for them, of the snapshot's current
 * version: a write changes what sorts where, and may be an index's build.
 */
const kept = perSnapshot(() => ({
  version: -1,
  orders: new Map<string, KeptOrder>(),
  plans: new Map<string, boolean>(),
}));

function keptOf(db: Snapshot) {
  const k = kept(db);
  if (k.version !== db.version) {
    k.version = db.version;
    k.orders.clear();
    k.plans.clear();
  }
  return k;
}

type Dir = 'ASC' | 'DESC';
const flip = (dir: Dir): Dir => (dir === 'ASC' ? 'DESC' : 'ASC');

/**
 * The first `upTo` ids (at least SORTED_KEPT) of the filtered rows of `from`
 * (the tab's own table, no join) in the chosen order, or in its reverse.
 */
function sortedIds(
  db: Snapshot,
  tab: TabId,
  filters: TabFilters,
  from: string,
  where: Where,
  upTo: number,
  reverse = false,
): KeptOrder {
  const id = TAB_SQL[tab].id;
  const sort = sortOf(tab, filters);
  const dir = reverse ? flip(sort.dir) : sort.dir;
  const k = keptOf(db);
  const key = `${from}|${where.sql}|${JSON.stringify(where.params)}|${sort.key} ${dir}`;
  const known = k.orders.get(key);
  if (known && (known.complete || known.ids.length >= upTo)) return known;
  const n = Math.max(SORTED_KEPT, upTo * 2);
  const plain = `SELECT ${id} AS id FROM ${from} ${where.sql} ORDER BY ${sort.key} ${dir}, ${id} ${dir} LIMIT ?`;
  const params: Param[] = [...where.params, n];
  let sortsAll = k.plans.get(plain);
  if (sortsAll === undefined) k.plans.set(plain, (sortsAll = sortsWholeTable(db, plain, params)));
  const sql = dir === 'DESC' && sortsAll ? newestFirst(from, where, sort.key, id) : plain;
  const ids = db.all<{ id: number }>(sql, params).map((r) => Number(r.id));
  const order = { ids, complete: ids.length < n };
  k.orders.delete(key);
  k.orders.set(key, order);
  if (k.orders.size > ORDERS_KEPT) k.orders.delete(k.orders.keys().next().value!);
  return order;
}

/**
 * The same ids, for a sort of every row of the table, read newest first. A
 * top-N sort costs by how often a row read enters the N kept so far: the table
 * is read oldest first (rowid order), and under a descending sort each newer
 * row of an equal key sorts before the ones kept and enters (a million
 * transactions by status: 0.8 s for 37 ids, 1.5 s for 2,000, against 0.44 s
 * ascending). Read newest first, 2,000 take 0.5 s.
 */
function newestFirst(from: string, where: Where, sortKey: string, id: string): string {
  return `SELECT id FROM (SELECT ${id} AS id, ${sortKey} AS sort_key FROM ${from} ${where.sql} ORDER BY ${id} DESC LIMIT -1) ORDER BY sort_key DESC, id DESC LIMIT ?`;
}

/**
 * The ids of rows offset..offset+limit-1 in the chosen order. Near the end
 * of a long order (`total` known), they are the first of the reverse order.
 */
export function sortedPageIds(
  db: Snapshot,
  tab: TabId,
  filters: TabFilters,
  from: string,
  where: Where,
  offset: number,
  limit: number,
  total: number | undefined,
): number[] {
  if (total !== undefined && offset + limit > SORTED_KEPT && total - offset < offset) {
    const fromEnd = Math.max(0, total - offset);
    const back = sortedIds(db, tab, filters, from, where, fromEnd, true).ids;
    return back.slice(Math.max(0, total - offset - limit), fromEnd).reverse();
  }
  return sortedIds(db, tab, filters, from, where, offset + limit).ids.slice(offset, offset + limit);
}

/**
 * The rows after the row of sort key `key` and id `rowId` in `dir` (ties by
 * id, the same way; NULL keys first ascending, last descending, as SQLite
 * sorts them), as parts in that order, each one range of the key (an index's,
 * where it has one): an OR of the parts made SQLite gather every row on
 * either side and sort them (n on a million transactions: 1.7-1.9 s).
 * `byKey`: the part's rows differ in their key (else all of them are NULL).
 */
function after(
  sortKey: string,
  id: string,
  dir: Dir,
  key: Param,
  rowId: number,
): { sql: string; params: Param[]; byKey: boolean }[] {
  const keyed = (op: '<=' | '>=', idOp: '>=' | '<=') => ({
    sql: `${sortKey} ${op} ? AND NOT (${sortKey} = ? AND ${id} ${idOp} ?)`,
    params: [key, key, rowId],
    byKey: true,
  });
  if (dir === 'DESC')
    return key === null
      ? [{ sql: `${sortKey} IS NULL AND ${id} < ?`, params: [rowId], byKey: false }]
      : [keyed('<=', '>='), { sql: `${sortKey} IS NULL`, params: [], byKey: false }];
  return key === null
    ? [
        { sql: `${sortKey} IS NULL AND ${id} > ?`, params: [rowId], byKey: false },
        { sql: `${sortKey} IS NOT NULL`, params: [], byKey: true },
      ]
    : [keyed('>=', '<=')];
}

const and = (where: Where) => (where.sql ? `${where.sql} AND` : 'WHERE');

/** The row's sort key, when the filters let it through. */
function keyOfRow(db: Snapshot, tab: TabId, filters: TabFilters, from: string, where: Where, rowId: number) {
  const { key } = sortOf(tab, filters);
  return db.get<{ k: Param }>(`SELECT ${key} AS k FROM ${from} ${and(where)} ${TAB_SQL[tab].id} = ?`, [
    ...where.params,
    rowId,
  ]);
}

/** The row's position in the chosen order of the filtered rows, or -1 when the filters leave it out. */
export function sortedPosition(
  db: Snapshot,
  tab: TabId,
  filters: TabFilters,
  from: string,
  where: Where,
  rowId: number,
): number {
  const order = sortedIds(db, tab, filters, from, where, SORTED_KEPT);
  const at = order.ids.indexOf(rowId);
  if (at >= 0 || order.complete) return at;
  // Beyond the kept ids: the rows that come before it, counted (one pass, no sort).
  const row = keyOfRow(db, tab, filters, from, where, rowId);
  if (!row) return -1;
  // Before it in the order is after it in the reverse one.
  const { key, dir } = sortOf(tab, filters);
  let before = 0;
  for (const part of after(key, TAB_SQL[tab].id, flip(dir), row.k, rowId))
    before += Number(
      db.value(`SELECT COUNT(*) FROM ${from} ${and(where)} ${part.sql}`, [...where.params, ...part.params]) ?? 0,
    );
  return before;
}

/**
 * n / N, in the tab's order (its own newest-first one included): the id of
 * the first row after `fromId` (before it, for -1) that `matching` lets
 * through, if any; undefined as well when `where` leaves `fromId` out.
 * `first` runs a query for one id (query.ts's plan check on the way).
 */
export function nextInOrder(
  db: Snapshot,
  tab: TabId,
  filters: TabFilters,
  from: string,
  where: Where,
  matching: Where,
  fromId: number,
  direction: 1 | -1,
  first: (sql: string, params: Param[]) => number | undefined,
): number | undefined {
  const row = keyOfRow(db, tab, filters, from, where, fromId);
  if (!row) return undefined;
  const { key, dir } = sortOf(tab, filters);
  const id = TAB_SQL[tab].id;
  // Before it in the order is after it in the reverse one.
  const toward = direction === 1 ? dir : flip(dir);
  const k = keptOf(db);
  const query = (sortKey: string, part: ReturnType<typeof after>[number]) =>
    `SELECT ${id} AS id FROM ${from} ${and(matching)} ${part.sql} ORDER BY ${part.byKey ? `${sortKey} ${toward}, ` : ''}${id} ${toward} LIMIT 1`;
  const parts = after(key, id, toward, row.k, fromId);
  // The same, with no index of the key (a unary + keeps SQLite off it).
  const unindexed = after(`+${key}`, id, toward, row.k, fromId);
  for (const [i, part] of parts.entries()) {
    const sql = query(key, part);
    const params = [...matching.params, ...part.params];
    // An index of the key whose ties are not in id order (Logs' type, then date) is read a group at a time, each
    // sorted whole: one pass over the rows, keeping the first, costs less (sort by type, "sync": 3.2 against 1.6 s).
    let inGroups = k.plans.get(sql);
    if (inGroups === undefined) k.plans.set(sql, (inGroups = sortsEachGroup(db, sql, params)));
    const next = first(inGroups ? query(`+${key}`, unindexed[i]!) : sql, params);
    if (next !== undefined && next !== null) return Number(next);
  }
  return undefined;
}
