import type { Snapshot } from './snapshot.js';

/**
 * Full-text indexes (FTS4, external content) over the text a tab's keyword
 * search looks at. A LIKE '%word%' has to read every row (half a second on a
 * million); an FTS4 lookup reads only the matching documents.
 */
export interface SearchIndexSpec {
  table: string;
  fts: string;
  columns: readonly string[];
}

export const SEARCH_INDEXES = {
  transactions: { table: 'transactions', fts: 'transactions_fts', columns: ['message', 'order_ref', 'sku', 'type'] },
  orders: {
    table: 'orders',
    fts: 'orders_fts',
    columns: ['order_ref', 'buyer_name', 'ship_city', 'xoro_ref', 'amazon_status'],
  },
  inventory_log: { table: 'inventory_log', fts: 'inventory_log_fts', columns: ['sku', 'reason', 'store'] },
  // The Errors tab's keyword, and an order's errors in the Orders tab's keyword.
  errors: { table: 'errors', fts: 'errors_fts', columns: ['message', 'code', 'order_ref', 'sku'] },
  // An order's SKUs in the Orders tab's keyword.
  order_lines: { table: 'order_lines', fts: 'order_lines_fts', columns: ['amazon_sku'] },
} as const satisfies Record<string, SearchIndexSpec>;

export type SearchIndexName = keyof typeof SEARCH_INDEXES;

/** Whether the index exists and was filled (a producer may ship a file without it). */
export function hasSearchIndex(db: Snapshot, name: SearchIndexName): boolean {
  const spec = SEARCH_INDEXES[name];
  return db.value('SELECT value FROM meta WHERE key = ?', [`search_index:${spec.fts}`]) === 'ready';
}

/**
 * Creates and fills the index in chunks of rowids, calling `between` after each
 * chunk so a caller can let other work in. The triggers that keep it current
 * are created last; if anything else writes while it fills, the half-built
 * index is dropped and false returned (build again later).
 */
export async function buildSearchIndex(
  db: Snapshot,
  name: SearchIndexName,
  between: () => Promise<void> = async () => {},
  chunk = 50_000,
): Promise<boolean> {
  const { table, fts, columns } = SEARCH_INDEXES[name];
  if (hasSearchIndex(db, name)) return true;
  const cols = columns.join(', ');
  const top = Number(db.value(`SELECT COALESCE(MAX(rowid), 0) FROM ${table}`) ?? 0);
  db.exec(
    `DROP TABLE IF EXISTS ${fts}; CREATE VIRTUAL TABLE ${fts} USING fts4(content="${table}", ${cols}, tokenize=unicode61);`,
  );
  for (let from = 1; from <= top; from += chunk) {
    db.run(`INSERT INTO ${fts}(docid, ${cols}) SELECT rowid, ${cols} FROM ${table} WHERE rowid BETWEEN ? AND ?`, [
      from,
      Math.min(top, from + chunk - 1),
    ]);
    const mine = db.version;
    await between();
    if (db.version !== mine) {
      db.exec(`DROP TABLE IF EXISTS ${fts}`);
      return false;
    }
  }
  db.transaction(() => {
    db.exec(triggers(table, fts, columns));
    db.run('INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)', [`search_index:${fts}`, 'ready']);
  });
  return true;
}

/** Builds every search index at once (demo generation, tests). */
export async function buildSearchIndexes(db: Snapshot): Promise<void> {
  for (const name of Object.keys(SEARCH_INDEXES) as SearchIndexName[])
    await buildSearchIndex(db, name, async () => {}, 1_000_000_000);
}

/**
 * The triggers that keep an external-content FTS4 index current. FTS4 reads the
 * old text from the table itself, so the delete runs BEFORE the row changes.
 * Each `sql` is the text SQLite keeps in sqlite_master.
 */
function triggerStatements(table: string, fts: string, columns: readonly string[]): { name: string; sql: string }[] {
  const cols = columns.join(', ');
  const list = (prefix: string) => columns.map((c) => `${prefix}.${c}`).join(', ');
  const insert = `INSERT INTO ${fts}(docid, ${cols}) VALUES (new.rowid, ${list('new')});`;
  const remove = `DELETE FROM ${fts} WHERE docid = old.rowid;`;
  return [
    { name: `${fts}_ai`, sql: `CREATE TRIGGER ${fts}_ai AFTER INSERT ON ${table} BEGIN ${insert} END` },
    { name: `${fts}_bu`, sql: `CREATE TRIGGER ${fts}_bu BEFORE UPDATE OF ${cols} ON ${table} BEGIN ${remove} END` },
    { name: `${fts}_au`, sql: `CREATE TRIGGER ${fts}_au AFTER UPDATE OF ${cols} ON ${table} BEGIN ${insert} END` },
    { name: `${fts}_bd`, sql: `CREATE TRIGGER ${fts}_bd BEFORE DELETE ON ${table} BEGIN ${remove} END` },
  ];
}

function triggers(table: string, fts: string, columns: readonly string[]): string {
  const all = triggerStatements(table, fts, columns);
  return [...all.map((t) => `DROP TRIGGER IF EXISTS ${t.name};`), ...all.map((t) => `${t.sql};`)].join('\n');
}

/**
 * Writes the triggers anew on every ready index whose triggers differ from
 * ours: a file from an earlier version of this tool may carry triggers that
 * fail on an update. Current triggers are left alone: rewriting them on every
 * open cost 0.5-0.9 s on a 918 MB snapshot, most of the time to first frame.
 * Returns the indexes whose triggers were rewritten.
 */
export function refreshSearchTriggers(db: Snapshot): SearchIndexName[] {
  const rewritten: SearchIndexName[] = [];
  for (const name of Object.keys(SEARCH_INDEXES) as SearchIndexName[]) {
    const { table, fts, columns } = SEARCH_INDEXES[name];
    if (!hasSearchIndex(db, name)) continue;
    const current = triggerStatements(table, fts, columns).every(
      (t) =>
        db.value("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ? AND tbl_name = ?", [
          t.name,
          table,
        ]) === t.sql,
    );
    if (current) continue;
    db.exec(triggers(table, fts, columns));
    rewritten.push(name);
  }
  return rewritten;
}

/** Words as the index sees them (unicode61: letters and digits, lower case, no accents). */
export function indexWords(text: string): string[] {
  return (
    text
      .normalize('NFD')
      .replace(/\p{M}+/gu, '')
      .toLowerCase()
      .match(/[\p{L}\p{N}]+/gu) ?? []
  );
}

const wordsMatchDefined = new WeakSet<Snapshot>();

/**
 * SQL function words_match(words, text): 1 when every word (space separated)
 * starts some word of the text: what the index answers, for scanning rows in
 * order when most of them match, and for keeping word counts current.
 */
export function defineWordsMatch(db: Snapshot): void {
  if (wordsMatchDefined.has(db)) return;
  wordsMatchDefined.add(db);
  // A kept-count trigger asks once per kept word about the same new and old text: split each once.
  const recent = new Map<string, string[]>();
  // sql.js registers a function with a fixed number of arguments: callers join the columns.
  db.defineFunction('words_match', (words, text) => {
    const t = text === null ? '' : String(text);
    let have = recent.get(t);
    if (!have) {
      if (recent.size >= 2) recent.delete(recent.keys().next().value!);
      recent.set(t, (have = indexWords(t)));
    }
    const wanted = String(words).split(' ');
    return wanted.every((w) => have.some((h) => h.startsWith(w))) ? 1 : 0;
  });
}
