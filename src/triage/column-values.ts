import type { Snapshot } from '../db/index.js';
import { perSnapshot } from './per-snapshot.js';
import { writeCounter } from './write-counter.js';

/**
 * The distinct values of the SKU columns, for SKU# filters. A SKU# matches
 * anywhere in the value, a LIKE no index can seek, so without this list the
 * filter reads every entry of the column's index: 900,000 for the Inventory
 * tab on a million transactions, 0.15-0.3 s. The distinct values are twenty
 * times fewer (47,000); the rows with the matching ones are then found
 * through the index.
 *
 * The list is a TEMP table (this connection's, never saved), filled a chunk
 * at a time in the index's order by the database thread while it is idle,
 * and kept current by temp triggers on insert and update. A value whose rows
 * are all deleted stays listed: it then finds no row.
 *
 * Once a column is listed, a SKU# is matched against a copy of its values
 * here, in JavaScript, rather than by a LIKE in SQLite, which visits every
 * value (match()); so are the SKU links, which Inventory's SKU# also matches.
 */
export const LISTED_COLUMNS = [
  'inventory_log.sku',
  'transactions.sku',
  'order_lines.amazon_sku',
  'errors.sku',
] as const;
export type ListedColumn = (typeof LISTED_COLUMNS)[number];

/** SQL testing `expr` against the listed values of `col` that are LIKE the `?` pattern. */
export function inListedValues(expr: string, col: ListedColumn): string {
  return `${expr} IN (SELECT value FROM temp.column_values WHERE col = '${col}' AND value LIKE ? ESCAPE '\\')`;
}

/** What match() matched: a column's values, or (`+links`) those and the SKUs on the other side of a link that matched. */
export type MatchKey = ListedColumn | `${ListedColumn}+links`;

/** SQL testing `expr` against the values match() found under `key` for the `?` pattern. */
export function inMatchedValues(expr: string, key: MatchKey): string {
  return `${expr} IN (SELECT value FROM temp.column_matches WHERE key = '${key}' AND pattern = ?)`;
}

/** Distinct values listed per chunk: at most 5 ms on a million rows (19 index entries per value, and the copy kept for match()). */
const CHUNK = 250;

export class ColumnValues {
  static of = perSnapshot((db) => new ColumnValues(db));

  /** Per column: the greatest value listed so far, or true once all are. */
  private readonly progress = new Map<ListedColumn, string | true>();
  /** Per column: the values listed, as listed and folded (foldAscii) for match(). */
  private readonly known = new Map<ListedColumn, { values: string[]; folded: string[] }>();
  /** The greatest rowid of temp.column_values_added already in `known`. */
  private addedSeen = 0;
  /** The SKU links (Amazon SKU, ERP item) listed so far, and how far; see listLinks(). */
  private links: Links = { amazon: [], item: [], foldedAmazon: [], foldedItem: [], upTo: undefined, writes: 0 };
  /** The keys and patterns temp.column_matches holds, for the snapshot version `matchedAt`. */
  private readonly matched = new Set<string>();
  private matchedAt = -1;
  /** Writes to the SKU links so far (made with the links' first chunk). */
  private linkWrites: (() => number) | undefined;

  private constructor(private readonly db: Snapshot) {
    db.temp(`
      CREATE TEMP TABLE IF NOT EXISTS column_values (col TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (col, value)) WITHOUT ROWID;
      CREATE TEMP TABLE IF NOT EXISTS column_values_added (col TEXT NOT NULL, value TEXT NOT NULL);
      CREATE TEMP TABLE IF NOT EXISTS column_matches (key TEXT NOT NULL, pattern TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (key, pattern, value)) WITHOUT ROWID;`);
  }

  /**
   * How far the column is listed: true when all of it, else the greatest
   * value listed (every value up to it is), or undefined before the first chunk.
   */
  listedUpTo(col: ListedColumn): string | true | undefined {
    return this.progress.get(col);
  }

  /**
   * Lists the next chunk of the column's values, in its index's order (the
   * first call also makes the triggers that list what is written from then
   * on). Returns false once all are listed.
   */
  listSome(col: ListedColumn, chunk = CHUNK): boolean {
    const done = this.progress.get(col);
    if (done === true) return false;
    const [table, column] = col.split('.') as [string, string];
    if (done === undefined) this.db.temp(triggers(col, table, column));
    const values = this.db
      .all<{ value: unknown }>(
        `SELECT DISTINCT ${column} AS value FROM main.${table} WHERE ${column} > ? ORDER BY ${column} LIMIT ?`,
        [done ?? '', chunk],
      )
      .map((r) => String(r.value));
    if (values.length)
      this.db.temp('INSERT OR IGNORE INTO temp.column_values (col, value) SELECT ?, value FROM json_each(?)', [
        col,
        JSON.stringify(values),
      ]);
    this.remember(col, values);
    // A short chunk was the last one. (NULLs are never listed: a filter's LIKE never matches them.)
    const finished = values.length < chunk;
    this.progress.set(col, finished ? true : values[values.length - 1]!);
    return !finished;
  }

  /**
   * Lists the next chunk of the SKU links (the first call
   * also makes the trigger that notes any later write to them). Returns false
   * once all are listed.
   */
  listLinks(chunk = CHUNK): boolean {
    const links = this.links;
    if (links.upTo === true) return false;
    if (links.upTo === undefined) {
      this.linkWrites ??= writeCounter(this.db, 'sku_link_writes', [
        'INSERT ON main.sku_links',
        'UPDATE ON main.sku_links',
        'DELETE ON main.sku_links',
      ]);
      // Counted from the start: a link rewritten after its chunk was listed is then seen by match().
      links.writes = this.linkWrites();
    }
    // In the table's order: in the Amazon SKU's, each link's item was a lookup in the table (four times slower).
    const rows = this.db.all<{ id: number; amazon: string; item: string }>(
      'SELECT rowid AS id, amazon_sku AS amazon, item_sku AS item FROM main.sku_links WHERE rowid > ? ORDER BY rowid LIMIT ?',
      [links.upTo ?? 0, chunk],
    );
    for (const { amazon, item } of rows) {
      links.amazon.push(String(amazon));
      links.item.push(String(item));
      links.foldedAmazon.push(foldAscii(String(amazon)));
      links.foldedItem.push(foldAscii(String(item)));
    }
    const finished = rows.length < chunk;
    links.upTo = finished ? true : Number(rows[rows.length - 1]!.id);
    return !finished;
  }

  /** Whether every SKU link is listed (and none written since: they are then listed again, at once, by match()). */
  linksListed(): boolean {
    return this.links.upTo === true;
  }

  /**
   * Matches the `pattern` (LIKE, with `\` escaping) against the listed values
   * of `col`, here rather than in SQLite: 47,000 SKUs in 2 ms against 8 ms,
   * and the SKU links in 2 ms against two scans of their table, 10-13 ms
   * each. With `withLinks`, the SKUs on the other side of a link whose
   * Amazon SKU or ERP item matched are matches too. The matches go into
   * temp.column_matches (see inMatchedValues), kept until the next write.
   * Returns false, matching nothing, until the lists it needs are complete.
   */
  match(col: ListedColumn, pattern: string, withLinks = false): boolean {
    if (this.progress.get(col) !== true || (withLinks && this.links.upTo !== true)) return false;
    if (this.matchedAt !== this.db.version) {
      this.db.temp('DELETE FROM temp.column_matches');
      this.matched.clear();
      this.matchedAt = this.db.version;
    }
    const key: MatchKey = withLinks ? `${col}+links` : col;
    if (this.matched.has(`${key}\u0000${pattern}`)) return true;
    this.takeAdded();
    const test = likeTest(pattern);
    const found = new Set<string>();
    const { values, folded } = this.known.get(col)!;
    for (let i = 0; i < folded.length; i++) if (test(folded[i]!)) found.add(values[i]!);
    if (withLinks) {
      if (this.links.writes !== this.linkWrites!()) this.relistLinks();
      const links = this.links;
      for (let i = 0; i < links.amazon.length; i++) {
        if (test(links.foldedItem[i]!)) found.add(links.amazon[i]!);
        if (test(links.foldedAmazon[i]!)) found.add(links.item[i]!);
      }
    }
    this.db.temp(
      'INSERT OR IGNORE INTO temp.column_matches (key, pattern, value) SELECT ?, ?, value FROM json_each(?)',
      [key, pattern, JSON.stringify([...found])],
    );
    this.matched.add(`${key}\u0000${pattern}`);
    return true;
  }

  private remember(col: ListedColumn, values: string[]): void {
    let known = this.known.get(col);
    if (!known) this.known.set(col, (known = { values: [], folded: [] }));
    for (const v of values) {
      known.values.push(v);
      known.folded.push(foldAscii(v));
    }
  }

  /** The values the triggers noted since the last call, into `known` (a value listed since may come twice: harmless). */
  private takeAdded(): void {
    const added = this.db.all<{ id: number; col: ListedColumn; value: string }>(
      'SELECT rowid AS id, col, value FROM temp.column_values_added WHERE rowid > ? ORDER BY rowid',
      [this.addedSeen],
    );
    for (const { id, col, value } of added) {
      if (this.progress.has(col)) this.remember(col, [String(value)]);
      this.addedSeen = Number(id);
    }
  }

  /** The links changed since they were listed: a link's item may differ now, so all are listed again. */
  private relistLinks(): void {
    this.links = { amazon: [], item: [], foldedAmazon: [], foldedItem: [], upTo: undefined, writes: 0 };
    while (this.listLinks(Number.MAX_SAFE_INTEGER));
  }
}

interface Links {
  amazon: string[];
  item: string[];
  foldedAmazon: string[];
  foldedItem: string[];
  /** The greatest rowid listed so far, or true once all are. */
  upTo: number | true | undefined;
  /** temp.sku_link_writes when the listing started. */
  writes: number;
}

/** SQLite's LIKE folds the case of ASCII letters only (no ICU): so does this, to compare as it does. */
export function foldAscii(s: string): string {
  return /[^\x00-\x7f]/.test(s) ? s.replace(/[A-Z]+/g, (m) => m.toLowerCase()) : s.toLowerCase();
}

/**
 * A test of a value folded by foldAscii against a LIKE pattern with `\` as
 * its escape, as SQLite's `value LIKE pattern ESCAPE '\'` answers it: `%` any
 * run of characters, `_` any one, `\x` the character x. A SKU# is
 * `%text%`: a search for the text; other patterns become a regular expression.
 */
export function likeTest(pattern: string): (folded: string) => boolean {
  // Each character of the pattern: '%', '_', or a literal character (an escaped one included), as a one-item array.
  const tokens: ('%' | '_' | [string])[] = [];
  const chars = [...foldAscii(pattern)];
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i]!;
    if (c === '\\') {
      // An escape with nothing after it: SQLite then matches nothing.
      if (i + 1 === chars.length) return () => false;
      tokens.push([chars[++i]!]);
    } else tokens.push(c === '%' || c === '_' ? c : [c]);
  }
  const inner = tokens.slice(1, -1);
  if (tokens.length >= 2 && tokens[0] === '%' && tokens.at(-1) === '%' && inner.every((t) => Array.isArray(t))) {
    const text = inner.map((t) => (t as [string])[0]).join('');
    return (v) => v.includes(text);
  }
  const source = tokens
    .map((t) => (t === '%' ? '[\\s\\S]*' : t === '_' ? '[\\s\\S]' : t[0].replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')))
    .join('');
  const re = new RegExp(`^${source}$`, 'u');
  return (v) => re.test(v);
}

function triggers(col: ListedColumn, table: string, column: string): string {
  const name = `column_values_${table}_${column}`;
  // A value new to the list is also noted for match()'s copy of it.
  const list = `INSERT INTO temp.column_values_added (col, value) SELECT '${col}', new.${column}
      WHERE NOT EXISTS (SELECT 1 FROM temp.column_values WHERE col = '${col}' AND value = new.${column});
    INSERT OR IGNORE INTO temp.column_values (col, value) VALUES ('${col}', new.${column})`;
  return `
    CREATE TEMP TRIGGER IF NOT EXISTS ${name}_ai AFTER INSERT ON main.${table} WHEN new.${column} IS NOT NULL BEGIN ${list}; END;
    CREATE TEMP TRIGGER IF NOT EXISTS ${name}_au AFTER UPDATE OF ${column} ON main.${table} WHEN new.${column} IS NOT NULL BEGIN ${list}; END;`;
}
