import { defineWordsMatch, SEARCH_INDEXES, type Param, type SearchIndexName, type Snapshot } from '../db/index.js';
import { perSnapshot } from './per-snapshot.js';

/**
 * Counts kept current by triggers, for the counts a keystroke would otherwise
 * pay for in full: every row of a tab's table (COUNT(*) walks a whole index)
 * and the rows holding a common word (the full-text index decodes a list of
 * hundreds of thousands of documents: 20-140 ms on a million transactions).
 * Each count is taken once, then every insert, delete and update of the table
 * adjusts it. The table and triggers are TEMP: they live in this connection
 * only, are never saved, and roll back with the change that moved them.
 */

/** Under this many matches the index counts a word in a few ms, so the count is not kept. */
export const KEEP_WORD_COUNT_FROM = 5_000;

/** The tables the tabs list. */
export const COUNTED_TABLES = ['orders', 'inventory_log', 'transactions', 'errors'] as const;
export type CountedTable = (typeof COUNTED_TABLES)[number];

export interface CountQuery {
  sql: string;
  params: Param[];
}

const LOOKUP = 'SELECT n FROM temp.live_counts WHERE tbl = ? AND word = ?';

/** The search index's own count of the rows with a word starting with `word`. */
export function indexCountQuery(name: SearchIndexName, word: string): CountQuery {
  const { fts } = SEARCH_INDEXES[name];
  return { sql: `SELECT COUNT(*) FROM ${fts} WHERE ${fts} MATCH ?`, params: [`${word}*`] };
}

function isCounted(table: string): table is CountedTable {
  return (COUNTED_TABLES as readonly string[]).includes(table);
}

function searchOf(table: CountedTable): SearchIndexName | undefined {
  return table in SEARCH_INDEXES ? (table as SearchIndexName) : undefined;
}

/** The text a table's search index holds for a row, as one string (`new` or `old`). */
function textOf(row: 'new' | 'old', columns: readonly string[]): string {
  return columns.map((c) => `coalesce(${row}.${c}, '')`).join(" || ' ' || ");
}

/** Word '' is the table's row count; any other word counts the rows with a word starting with it. */
function triggers(table: CountedTable): string {
  const search = searchOf(table);
  const columns = search ? SEARCH_INDEXES[search].columns : undefined;
  const counts = (row: 'new' | 'old') =>
    columns ? `(word = '' OR words_match(word, ${textOf(row, columns)}))` : "word = ''";
  const insertDelete = `
    CREATE TEMP TRIGGER IF NOT EXISTS live_counts_${table}_ai AFTER INSERT ON main.${table} BEGIN
      UPDATE temp.live_counts SET n = n + 1 WHERE tbl = '${table}' AND ${counts('new')};
    END;
    CREATE TEMP TRIGGER IF NOT EXISTS live_counts_${table}_ad AFTER DELETE ON main.${table} BEGIN
      UPDATE temp.live_counts SET n = n - 1 WHERE tbl = '${table}' AND ${counts('old')};
    END;`;
  if (!columns) return insertDelete;
  return `${insertDelete}
    CREATE TEMP TRIGGER IF NOT EXISTS live_counts_${table}_au AFTER UPDATE OF ${columns.join(', ')} ON main.${table} BEGIN
      UPDATE temp.live_counts SET n = n + words_match(word, ${textOf('new', columns)}) - words_match(word, ${textOf('old', columns)})
      WHERE tbl = '${table}' AND word <> '';
    END;`;
}

export class LiveCounts {
  static of = perSnapshot((db) => new LiveCounts(db));

  private constructor(private readonly db: Snapshot) {
    defineWordsMatch(db);
    db.temp(
      'CREATE TEMP TABLE IF NOT EXISTS live_counts (tbl TEXT NOT NULL, word TEXT NOT NULL, n INTEGER NOT NULL, PRIMARY KEY (tbl, word))',
    );
    for (const table of COUNTED_TABLES) db.temp(triggers(table));
  }

  private kept(table: string, word: string): number | undefined {
    const n = this.db.value<number>(LOOKUP, [table, word]);
    return n === undefined ? undefined : Number(n);
  }

  private keep(table: string, word: string, n: number): void {
    this.db.temp('INSERT OR IGNORE INTO temp.live_counts (tbl, word, n) VALUES (?, ?, ?)', [table, word, n]);
  }

  /** Rows of the table: counted once, then kept. */
  rows(table: CountedTable): number {
    let n = this.kept(table, '');
    if (n === undefined) {
      n = Number(this.db.value(`SELECT COUNT(*) FROM ${table}`) ?? 0);
      this.keep(table, '', n);
    }
    return n;
  }

  /** The query that reads the table's row count (counting it first if need be). */
  rowsQuery(table: CountedTable): CountQuery {
    this.rows(table);
    return { sql: LOOKUP, params: [table, ''] };
  }

  /**
   * Rows whose indexed text has a word starting with `word` (one word as
   * indexWords gives it), as the search index answers `word*`. Kept from
   * `keepFrom` matches on.
   */
  wordRows(name: SearchIndexName, word: string, keepFrom = KEEP_WORD_COUNT_FROM): number {
    const { table } = SEARCH_INDEXES[name];
    let n = this.kept(table, word);
    if (n === undefined) {
      const q = indexCountQuery(name, word);
      n = Number(this.db.value(q.sql, q.params) ?? 0);
      // Only a table with triggers keeps its counts current (order_lines has none).
      if (n >= keepFrom && isCounted(table)) this.keep(table, word, n);
    }
    return n;
  }

  /**
   * A lower bound of wordRows without asking the index: the largest kept
   * count of a word that starts with `word` (0 when none is kept).
   */
  wordRowsAtLeast(name: SearchIndexName, word: string): number {
    const { table } = SEARCH_INDEXES[name];
    return Number(
      this.db.value('SELECT COALESCE(MAX(n), 0) FROM temp.live_counts WHERE tbl = ? AND word >= ? AND word < ?', [
        table,
        word,
        `${word}\u{10FFFF}`,
      ]) ?? 0,
    );
  }

  /** The query that reads a kept word count; undefined when the word's count is not kept. */
  wordQuery(name: SearchIndexName, word: string): CountQuery | undefined {
    const { table } = SEARCH_INDEXES[name];
    return this.kept(table, word) === undefined ? undefined : { sql: LOOKUP, params: [table, word] };
  }
}
