/**
 * Keyword search, one meaning on every tab: a keyword matches a row when one
 * of the row's searched fields has it at the start of a word, ignoring case
 * and accents. `unlink` finds "unlinked", `dropped as SO` finds "dropped as
 * SO-000123", `112-19` finds 112-1989129-...; `nlinked` does not. A keyword
 * that starts with a symbol (`%`, `_`, a quote) matches anywhere.
 *
 * The full-text indexes (src/db/search-index.ts) find the candidate rows; the
 * exact check (keyword_in, below) keeps the ones that really have the keyword
 * where the index alone cannot tell (several words, symbols, no index yet).
 */
import { indexWords, SEARCH_INDEXES, type Param, type SearchIndexName, type Snapshot } from '../db/index.js';
import type { TabId } from './triage-types.js';

/** Text as the index compares it: accents removed, lower case (unicode61's folding). */
export function foldText(text: string): string {
  // Most text is ASCII: lower case is all it needs (NFD on every row of a scan costs more than the scan).
  return /^[\x00-\x7f]*$/.test(text)
    ? text.toLowerCase()
    : text
        .normalize('NFD')
        .replace(/\p{M}+/gu, '')
        .toLowerCase();
}

const WORD_CHAR = /^[\p{L}\p{N}]/u;

/** The documented meaning of a keyword, on one field's text (or several joined by FIELD_SEPARATOR, which no keyword has). */
export function keywordIn(keyword: string, text: string): boolean {
  return foldedKeywordIn(foldKeyword(keyword), text);
}

interface FoldedKeyword {
  text: string;
  /** It starts with a letter or digit: it must start a word. */
  atWordStart: boolean;
}

function foldKeyword(keyword: string): FoldedKeyword {
  const text = foldText(keyword.trim());
  return { text, atWordStart: text !== '' && WORD_CHAR.test(String.fromCodePoint(text.codePointAt(0)!)) };
}

function foldedKeywordIn(k: FoldedKeyword, text: string): boolean {
  if (k.text === '') return true;
  const t = foldText(text);
  for (let at = t.indexOf(k.text); at >= 0; at = t.indexOf(k.text, at + 1)) {
    if (!k.atWordStart || at === 0) return true;
    const before = t.charCodeAt(at - 1);
    // A low surrogate: the character before is the pair ending here.
    const prev = before >= 0xdc00 && before <= 0xdfff && at >= 2 ? t.slice(at - 2, at) : t[at - 1]!;
    if (!WORD_CHAR.test(prev)) return true;
  }
  return false;
}

/** Fields are joined with this before the exact check, so a keyword never spans two fields. */
export const FIELD_SEPARATOR = '\u0001';

const defined = new WeakSet<Snapshot>();

/** keyword_in(keyword, fields joined by FIELD_SEPARATOR): the exact check, callable from SQL. */
export function defineKeywordIn(db: Snapshot): void {
  if (defined.has(db)) return;
  defined.add(db);
  // A query asks with the same keyword for every row: fold it once.
  let last: { keyword: string; folded: FoldedKeyword } | undefined;
  db.defineFunction('keyword_in', (keyword, text) => {
    if (text === null) return 0;
    const k = String(keyword);
    if (last?.keyword !== k) last = { keyword: k, folded: foldKeyword(k) };
    return foldedKeywordIn(last.folded, String(text)) ? 1 : 0;
  });
}

/** Text of a table that belongs to a tab's row (an order's lines, its errors). */
interface RelatedText {
  search: SearchIndexName;
  /** The tab's rows that own the related rows in `ids` (SQL yielding rowids of the related table). */
  owners: (ids: string) => string;
  /** The related text of one row of the tab, fields joined by FIELD_SEPARATOR. */
  text: string;
}

export interface KeywordSpec {
  /** The row's own searched columns. */
  columns: readonly string[];
  /** The tab's full-text index over those columns. */
  search: SearchIndexName;
  id: string;
  related?: readonly RelatedText[];
}

const SEP = `char(1)`;
const joined = (columns: readonly string[], alias = '') =>
  columns.map((c) => `coalesce(${alias}${c}, '')`).join(` || ${SEP} || `);

/** What each tab's keyword looks at; documented in the README ("Searching"). */
export const KEYWORD: Record<TabId, KeywordSpec> = {
  orders: {
    columns: ['o.order_ref', 'o.buyer_name', 'o.ship_city', 'o.xoro_ref', 'o.amazon_status'],
    search: 'orders',
    id: 'o.id',
    related: [
      {
        search: 'order_lines',
        owners: (ids) => `o.id IN (SELECT order_id FROM order_lines WHERE rowid IN (${ids}))`,
        text: `(SELECT group_concat(coalesce(amazon_sku, ''), ${SEP}) FROM order_lines WHERE order_id = o.id)`,
      },
      {
        search: 'errors',
        owners: (ids) => `o.order_ref IN (SELECT order_ref FROM errors WHERE id IN (${ids}))`,
        text: `(SELECT group_concat(${joined(SEARCH_INDEXES.errors.columns, 'x.')}, ${SEP}) FROM errors x WHERE x.order_ref = o.order_ref)`,
      },
    ],
  },
  inventory: { columns: ['v.sku', 'v.reason', 'v.store'], search: 'inventory_log', id: 'v.id' },
  logs: { columns: ['t.message', 't.order_ref', 't.sku', 't.type'], search: 'transactions', id: 't.id' },
  errors: { columns: ['e.message', 'e.code', 'e.order_ref', 'e.sku'], search: 'errors', id: 'e.id' },
};

/**
 * How one index serves a keyword: 'index' reads its matching documents (few
 * matches); 'walk' takes the index's list of them and walks the rows in date
 * order until a page of them is found (thousands of matches: fetching each
 * one to sort them all costs more); 'scan' walks the rows in order and checks
 * each (most rows match, so a page fills at once); 'none' when the index is
 * not there yet.
 */
export type SearchPlan = (
  name: SearchIndexName,
  words: string[],
  phrase: string | undefined,
  narrowed: boolean,
) => 'index' | 'walk' | 'scan' | 'none';

export interface KeywordClause {
  sql: string;
  params: Param[];
  /** The keyword is one plain word that the tab's own index answers alone (its count can be kept). */
  plainWord?: string;
  /** The clause calls keyword_in (defineKeywordIn must have run). */
  exact: boolean;
}

/**
 * The hint a keyword walked row by row carries (unlikely(), see keywordClause): SQLite then prefers the
 * narrowest index another filter offers. Where no filter offers one, query.ts drops it again (withoutRowHint).
 */
const ROW_HINT = 'unlikely(';
const hinted = (sql: string) => `${ROW_HINT}${sql})`;

/** Whether SQL carries the row hint. */
export function hasRowHint(sql: string): boolean {
  return sql.includes(ROW_HINT);
}

/** The same SQL without the row hint: `unlikely(X)` becomes `(X)`. */
export function withoutRowHint(sql: string): string {
  return sql.replaceAll(ROW_HINT, '(');
}

/** The ids a search index gives for its MATCH parameter. */
function ftsIds(search: SearchIndexName): string {
  const { fts } = SEARCH_INDEXES[search];
  return `SELECT docid FROM ${fts} WHERE ${fts} MATCH ?`;
}

/** The MATCH parameter: every word, each as the start of a word. */
const prefixQuery = (words: string[]) => words.map((w) => `${w}*`).join(' ');

/** The WHERE clause for a keyword on a tab (purpose 'count' never walks rows: a count reads the indexes). */
export function keywordClause(
  tab: TabId,
  keyword: string,
  plan: SearchPlan,
  purpose: 'rows' | 'count',
  plainSql = false,
  narrowed = false,
  keepIds?: (candidates: { sql: string; params: Param[] }) => { sql: string; params: Param[] } | undefined,
): KeywordClause {
  const spec = KEYWORD[tab];
  const words = indexWords(keyword);
  const plain = words.length === 1 && /^[\p{L}\p{N}]+$/u.test(keyword);
  const sources = [
    {
      search: spec.search,
      owners: (ids: string) => `${spec.id} IN (${ids})`,
      columns: spec.columns as readonly string[],
    },
    ...(spec.related ?? []).map((r) => ({ ...r, columns: undefined })),
  ];
  const plans = sources.map((s) =>
    words.length ? plan(s.search, words, plain ? undefined : keyword, narrowed) : 'none',
  );
  const allText = [joined(spec.columns), ...(spec.related ?? []).map((r) => `coalesce(${r.text}, '')`)].join(
    ` || ${SEP} || `,
  );
  const fields = [...spec.columns, ...(spec.related ?? []).map((r) => r.text)];
  // plainSql (the benchmark's native sqlite3 timing): a LIKE in each field stands in for the exact check.
  const exactCheck = plainSql
    ? {
        sql: `(${fields.map((c) => `${c} LIKE ? ESCAPE '\\'`).join(' OR ')})`,
        params: fields.map(() => `%${likeLiteral(keyword)}%`) as Param[],
      }
    : { sql: `keyword_in(?, ${allText})`, params: [keyword] as Param[] };
  // Most rows match (a common word): walk them in order and check each; a count still reads the indexes.
  // unlikely(): else SQLite, expecting most rows to pass, walks the whole date index rather than the narrower
  // one another filter offers (Show Errors Only's: "ups" 760 against 390 ms on a million transactions).
  if (purpose === 'rows' && plans.includes('scan')) return { ...exactCheck, sql: hinted(exactCheck.sql), exact: true };
  // Found through several tables' indexes (Orders: its own, its lines', its errors'): the ids they give, kept.
  const kept =
    sources.length > 1 && !plainSql && plans.every((p) => p === 'index' || p === 'walk')
      ? keepIds?.({
          sql: sources.map((s) => s.owners(ftsIds(s.search))).join(' OR '),
          params: sources.map(() => prefixQuery(words)),
        })
      : undefined;
  if (kept) {
    const clause = purpose === 'rows' && plans.includes('walk') ? hinted(`+${kept.sql}`) : kept.sql;
    if (plain) return { sql: clause, params: kept.params, exact: false };
    return { sql: `${clause} AND ${exactCheck.sql}`, params: [...kept.params, ...exactCheck.params], exact: true };
  }
  // LIKE folds ASCII letters only: without an index, a keyword with other letters is checked on every row.
  if (plans.includes('none') && !/^[\x00-\x7f]*$/.test(keyword)) return { ...exactCheck, exact: true };
  const params: Param[] = [];
  const candidates = sources.map((s, i) => {
    if (plans[i] !== 'none') {
      params.push(prefixQuery(words));
      const owners = s.owners(ftsIds(s.search));
      // A unary + keeps SQLite from looking each match up by id: it walks the date order and tests each row against
      // the list; unlikely(), the narrowest such order another filter offers (as for a scan, below: 430 against 33 ms).
      return purpose === 'rows' && plans[i] === 'walk' ? hinted(`+${owners}`) : owners;
    }
    // No index yet: a LIKE finds every row that has the keyword anywhere (the exact check keeps the right ones).
    const pattern = `%${likeLiteral(keyword)}%`;
    const { table, columns } = SEARCH_INDEXES[s.search];
    const like = (cols: readonly string[]) => `(${cols.map((c) => `${c} LIKE ? ESCAPE '\\'`).join(' OR ')})`;
    if (s.columns) {
      for (const _ of s.columns) params.push(pattern);
      return like(s.columns);
    }
    for (const _ of columns) params.push(pattern);
    return s.owners(`SELECT rowid FROM ${table} WHERE ${like(columns)}`);
  });
  const anyOf = candidates.length === 1 ? candidates[0]! : `(${candidates.join(' OR ')})`;
  // One plain word found by the indexes is the whole answer: the index matches exactly its meaning.
  if (plain && plans.every((p) => p !== 'none')) {
    return { sql: anyOf, params, exact: false, ...(sources.length === 1 ? { plainWord: words[0]! } : {}) };
  }
  return { sql: `${anyOf} AND ${exactCheck.sql}`, params: [...params, ...exactCheck.params], exact: true };
}

/** LIKE pattern that matches `text` literally: %, _ and \ in a search match themselves. */
export function likeLiteral(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
