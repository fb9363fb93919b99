import fs from 'node:fs';
import type { Database, SqlJsStatic } from 'sql.js';
import { liveSidecar, readOnlyReason } from './access.js';
import { SnapshotError } from './snapshot-errors.js';
import { copyToNewFile, readWholeFile, writeNewFile } from './file.js';
import { type FileStamp, stampOf } from './stamp.js';
import {
  adoptionProblem,
  type DiskVersion,
  FileChangedError,
  type HeaderFields,
  headerFields,
  LazyFile,
  sameVersion,
} from './lazy-file.js';
import type { IntegrityReport } from './integrity.js';
import {
  applyMigrations,
  MIGRATIONS,
  MigrationFailedError,
  MigrationGapError,
  planMigrations,
  type Migration,
} from './migrate.js';
import { REQUIRED_TABLES, SCHEMA_VERSION, schemaColumns, schemaScript } from './schema.js';
import { refreshSearchTriggers } from './search-index.js';
import { Snapshot } from './snapshot.js';
import { loadSqlJs, SQLJS_TESTED, sqlJsVersion } from './sqljs.js';

export interface OpenOptions {
  /** Never write the file; actions are refused. */
  readOnly?: boolean;
  /** Run PRAGMA quick_check before returning (the CLI does; the UI may defer it). */
  quickCheck?: boolean;
  /** Migrations for an older schema_version; MIGRATIONS unless a test passes its own. */
  migrations?: readonly Migration[];
  /** Hears what the user should know that is not an error: a migration, a live database. */
  onNotice?: (line: string) => void;
  /**
   * Create the indexes of data/schema.sql the file lacks (a producer may skip
   * them), at open: true unless said otherwise. Each reads a whole table: the
   * dashboard builds them after its first screen, and `list`/`show` do without.
   */
  buildMissingIndexes?: boolean;
  /**
   * Builds sql.js's database over the file read a block at a time; tests
   * pass one that simulates a sql.js treating its file otherwise.
   */
  databaseOver?: (SQL: SqlJsStatic, file: LazyFile) => Database;
}

const overLazyFile = (SQL: SqlJsStatic, file: LazyFile): Database => new SQL.Database(file as unknown as Uint8Array);

const SQLITE_MAGIC = 'SQLite format 3\0';

/**
 * Opens and validates a snapshot file. Every problem becomes a SnapshotError
 * naming the file, and the file is never written, except to migrate an older
 * schema_version when it is writable: then the old file is first kept beside
 * it as FILE.v<old>.bak.
 */
export async function openSnapshot(file: string, opts: OpenOptions = {}): Promise<Snapshot> {
  // A file another program writes while it is opened is read again, from its new version, rather than judged from a mix.
  for (let attempt = 1; ; attempt++) {
    try {
      return await openOnce(file, opts);
    } catch (err) {
      if (!(err instanceof FileChangedError) || attempt >= OPEN_TRIES) throw err;
      await new Promise((resolve) => setTimeout(resolve, 20 * attempt));
    }
  }
}

/** How often an open is tried on a file that keeps changing while it is read. */
const OPEN_TRIES = 5;

async function openOnce(file: string, opts: OpenOptions): Promise<Snapshot> {
  const notice = opts.onNotice ?? (() => {});
  const [lazy, SQL] = await Promise.all([openChecked(file), loadSqlJs()]);
  const columns = schemaColumns();
  let db: Database;
  let store: LazyFile | undefined = lazy;
  let stamp: FileStamp | undefined = lazy.diskVersion!.stamp;
  let problem: string | undefined;
  let built: Database | undefined;
  try {
    built = (opts.databaseOver ?? overLazyFile)(SQL, lazy);
    const over = built;
    problem = adoptionProblem(lazy, (name) => pragmaNumber(over, name));
    if (lazy.changedOnDisk) throw lazy.changedOnDisk;
  } catch (err) {
    if (err instanceof FileChangedError) {
      built?.close();
      lazy.close();
      throw err;
    }
    problem = oneLine(String((err as Error)?.message ?? err));
  }
  if (problem === undefined) db = built!;
  else {
    // sql.js does not read its file as the version this was tested with: read the whole file, as before.
    try {
      built?.close();
    } catch {
      // A database over a file it could not read may refuse to close; it is dropped either way.
    }
    lazy.close();
    store = undefined;
    stamp = stampBeforeRead(file);
    const bytes = await readWhole(file);
    db = new SQL.Database(bytes);
    const fields = headerFields(bytes);
    try {
      for (const name of Object.keys(fields) as (keyof HeaderFields)[]) pragmaNumber(db, name);
    } catch (err) {
      // The same failure with the whole file in memory: the file is at fault, not sql.js.
      db.close();
      throw new SnapshotError(file, describeSqliteError(err));
    }
    notice(
      `${file}: sql.js ${sqlJsVersion()} does not read its in-memory file as ${SQLJS_TESTED} does (${problem}); the whole file was read instead (slower to open, memory for all of it)`,
    );
  }
  let snap: Snapshot | undefined;
  try {
    const reason = readOnlyReason(file, opts.readOnly === true);
    snap = new Snapshot(db, file, reason, stamp, store);
    const version = checkVersion(snap, file);
    const steps = plan(file, version, opts.migrations);
    // Never rewrite a damaged file, even when the caller defers the check.
    if (opts.quickCheck || (steps.length > 0 && reason === undefined)) quickCheck(snap, file);
    // The backup is the file as it was read: copied by the kernel, or (read whole) from a copy taken before the migration.
    const original = steps.length > 0 && reason === undefined && !store ? Buffer.from(db.export()) : undefined;
    migrateInMemory(snap, file, steps);
    checkTables(snap, file, columns);
    if (steps.length > 0) {
      if (reason === undefined) {
        const backup = keepBackup(file, version, (name) =>
          store ? copyToNewFile(file, store.diskVersion!, name) : writeNewFile(name, original!),
        );
        snap.save();
        notice(
          `${file}: migrated from schema_version ${version} to ${SCHEMA_VERSION}; the previous file is kept as ${backup}`,
        );
      } else {
        notice(
          `${file}: has schema_version ${version}, read through a migration to ${SCHEMA_VERSION} in memory only (read-only: ${reason}); the file is unchanged`,
        );
      }
    }
    const sidecar = liveSidecar(file);
    if (sidecar) notice(`${file}: ${sidecar}`);
    // Producers may skip our indexes; create them in memory so the tabs stay fast.
    if (opts.buildMissingIndexes !== false && missingIndexes(snap).length) createIndexes(snap);
    if (!snap.readOnly) refreshSearchTriggers(snap);
    return snap;
  } catch (err) {
    if (snap) snap.close();
    else db.close();
    if (store?.changedOnDisk) throw store.changedOnDisk;
    if (err instanceof SnapshotError) throw err;
    throw new SnapshotError(file, describeSqliteError(err));
  }
}

function pragmaNumber(db: Database, name: string): number {
  return Number(db.exec(`PRAGMA ${name}`)[0]?.values[0]?.[0]);
}

/** A new, empty snapshot in memory with the current schema (tests, demo). */
export async function createSnapshot(): Promise<Snapshot> {
  const SQL = await loadSqlJs();
  // An empty one-page database, held in a LazyFile: it grows without sql.js copying it, past what one array can hold.
  const seed = new SQL.Database();
  seed.exec('PRAGMA user_version = 1; PRAGMA user_version = 0');
  const file = LazyFile.inMemory(seed.export());
  seed.close();
  const db = new SQL.Database(file as unknown as Uint8Array);
  const snap = new Snapshot(db, undefined, undefined, undefined, file.isAdopted ? file : undefined);
  snap.exec(schemaScript());
  return snap;
}

/** Opens bytes as an in-memory snapshot (no file behind it), validated like a file; an older version is migrated in memory. */
export async function snapshotFromBytes(
  bytes: Uint8Array,
  label = 'snapshot',
  migrations?: readonly Migration[],
): Promise<Snapshot> {
  const SQL = await loadSqlJs();
  const columns = schemaColumns();
  const snap = new Snapshot(new SQL.Database(bytes), undefined, undefined);
  try {
    const version = checkVersion(snap, label);
    migrateInMemory(snap, label, plan(label, version, migrations));
    checkTables(snap, label, columns);
  } catch (err) {
    snap.close();
    if (err instanceof SnapshotError) throw err;
    throw new SnapshotError(label, describeSqliteError(err));
  }
  return snap;
}

/**
 * Opens the file for reading a block at a time, after the checks that need
 * only its header: a missing file, a folder, an empty, short, foreign or
 * truncated file is refused here.
 */
async function openChecked(file: string): Promise<LazyFile> {
  let st: fs.Stats;
  try {
    st = fs.statSync(file);
  } catch (err) {
    throw new SnapshotError(file, fsProblem(err));
  }
  if (st.isDirectory()) throw new SnapshotError(file, 'is a directory, not a snapshot file');
  if (!st.isFile()) throw new SnapshotError(file, 'is not a regular file');
  if (st.size === 0) throw new SnapshotError(file, 'is empty (0 bytes), not a snapshot');
  let lazy: LazyFile;
  try {
    lazy = LazyFile.open(file);
  } catch (err) {
    throw new SnapshotError(file, fsProblem(err));
  }
  try {
    const head = Buffer.alloc(100);
    const got = readHead(file, head);
    checkHeader(file, head.subarray(0, got), lazy.diskVersion!.stamp.size);
  } catch (err) {
    try {
      // A producer that committed between taking the size and reading the header is not damage: that
      // FileChangedError has the open tried again.
      lazy.check();
      throw err;
    } finally {
      lazy.close();
    }
  }
  return lazy;
}

function readHead(file: string, into: Buffer): number {
  const fd = fs.openSync(file, 'r');
  try {
    return fs.readSync(fd, into, 0, into.length, 0);
  } finally {
    fs.closeSync(fd);
  }
}

/** The whole file in memory (when sql.js cannot read it a block at a time). */
async function readWhole(file: string): Promise<Uint8Array> {
  let bytes: Uint8Array;
  try {
    const size = fs.statSync(file).size;
    if (size > WHOLE_FILE_LIMIT)
      throw new SnapshotError(file, `is larger than 4 GiB, too large to read into memory whole`);
    bytes = await readWholeFile(file);
  } catch (err) {
    if (err instanceof SnapshotError) throw err;
    throw new SnapshotError(file, fsProblem(err));
  }
  checkHeader(file, bytes.subarray(0, 100), bytes.length);
  return bytes;
}

/** Refuses what is not a whole SQLite file, from its first 100 bytes and its size. */
function checkHeader(file: string, head: Uint8Array, size: number): void {
  if (Buffer.from(head.subarray(0, 16)).toString('latin1') !== SQLITE_MAGIC)
    throw new SnapshotError(file, 'is not a SQLite database');
  // A SQLite header is 100 bytes; anything shorter is a cut-off copy.
  if (size < 100) throw new SnapshotError(file, `is damaged or truncated (only ${size} bytes)`);
  const promised = headerSize(head);
  if (promised !== undefined && size < promised) {
    throw new SnapshotError(file, `is truncated: ${size} bytes of the ${promised} its header gives`);
  }
}

/** One array holds at most this much (Node 20): the limit when the whole file must be read. */
const WHOLE_FILE_LIMIT = 4 * 1024 ** 3;

/**
 * The file size the SQLite header gives (page size x page count), when the
 * header's count is current (its "version-valid-for" matches the change counter).
 */
function headerSize(bytes: Uint8Array): number | undefined {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const rawPageSize = view.getUint16(16);
  const pageSize = rawPageSize === 1 ? 65536 : rawPageSize;
  const pages = view.getUint32(28);
  if (pages === 0 || pageSize < 512 || view.getUint32(24) !== view.getUint32(92)) return undefined;
  return pageSize * pages;
}

function tableNames(snap: Snapshot): Set<string> {
  return new Set(snap.all<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table'").map((r) => r.name));
}

function listed(names: readonly string[], max = 6): string {
  return names.length > max ? `${names.slice(0, max).join(', ')}, … (${names.length} in all)` : names.join(', ');
}

/** The file's schema_version, once it is known to be ours and not newer than this tool. */
function checkVersion(snap: Snapshot, file: string): number {
  const present = tableNames(snap);
  if (!REQUIRED_TABLES.some((t) => present.has(t))) {
    const theirs = [...present].filter((t) => !t.startsWith('sqlite_'));
    throw new SnapshotError(
      file,
      `is a SQLite database but not an amazon-app-logs snapshot: missing tables ${REQUIRED_TABLES.join(', ')}${theirs.length ? ` (it has ${listed(theirs)})` : ' (it has no tables)'}`,
    );
  }
  if (!present.has('meta')) {
    throw new SnapshotError(
      file,
      `is not a complete amazon-app-logs snapshot: missing tables ${REQUIRED_TABLES.filter((t) => !present.has(t)).join(', ')}`,
    );
  }
  const raw = snap.value("SELECT value FROM meta WHERE key = 'schema_version'");
  const version = Number(raw);
  if (raw === undefined || raw === null || String(raw).trim() === '' || !Number.isSafeInteger(version) || version < 0) {
    throw new SnapshotError(
      file,
      `has no valid schema_version in its meta table (found ${raw === undefined ? 'none' : JSON.stringify(raw)})`,
    );
  }
  if (version > SCHEMA_VERSION) {
    throw new SnapshotError(
      file,
      `has schema_version ${version}, newer than this tool knows (${SCHEMA_VERSION}); upgrade amazon-logs`,
    );
  }
  return version;
}

function plan(file: string, version: number, migrations: readonly Migration[] = MIGRATIONS): Migration[] {
  try {
    return planMigrations(version, SCHEMA_VERSION, migrations);
  } catch (err) {
    if (!(err instanceof MigrationGapError)) throw err;
    throw new SnapshotError(
      file,
      `has schema_version ${version}, older than this tool (${SCHEMA_VERSION}) can migrate: ${err.message}`,
    );
  }
}

function migrateInMemory(snap: Snapshot, file: string, steps: readonly Migration[]): void {
  try {
    applyMigrations(snap, steps);
  } catch (err) {
    if (!(err instanceof MigrationFailedError)) throw err;
    throw new SnapshotError(
      file,
      `cannot be migrated to schema_version ${SCHEMA_VERSION}: ${err.message}; nothing was written`,
    );
  }
}

/** Every table and column of data/schema.sql is there. */
function checkTables(snap: Snapshot, file: string, columns: ReadonlyMap<string, readonly string[]>): void {
  const present = tableNames(snap);
  const missing = REQUIRED_TABLES.filter((t) => !present.has(t));
  if (missing.length > 0) {
    throw new SnapshotError(file, `is not a complete amazon-app-logs snapshot: missing tables ${missing.join(', ')}`);
  }
  const lacking: string[] = [];
  for (const [table, expected] of columns) {
    const have = new Set(
      snap.all<{ name: string }>('SELECT name FROM pragma_table_info(?)', [table]).map((r) => r.name),
    );
    const absent = expected.filter((c) => !have.has(c));
    if (absent.length) lacking.push(`${table} lacks ${absent.join(', ')}`);
  }
  if (lacking.length > 0) {
    const parts = lacking;
    throw new SnapshotError(file, `is not a complete amazon-app-logs snapshot: missing columns (${parts.join('; ')})`);
  }
  const loose = UNIQUE_KEYS.filter(([table, cols]) => !hasUniqueKey(snap, table, cols)).map(
    ([table, cols]) => `${table}(${cols.join(', ')})`,
  );
  if (loose.length > 0) {
    throw new SnapshotError(
      file,
      `lacks keys the rules rely on: ${loose.join(', ')} must be UNIQUE, as data/schema.sql declares them (a re-run could act on the wrong row)`,
    );
  }
}

/** Columns data/schema.sql makes unique (a key or UNIQUE) and the rules find rows by. */
const UNIQUE_KEYS: readonly [string, readonly string[]][] = [
  ['meta', ['key']],
  ['settings', ['key']],
  ['items', ['sku']],
  ['sku_links', ['amazon_sku']],
  ['stock', ['item_sku', 'store']],
  ['orders', ['order_ref']],
  ['documents', ['number']],
  ['documents', ['order_ref']],
  ['ship_methods', ['service_level']],
];

/** Whether a unique index (a UNIQUE or PRIMARY KEY constraint makes one) covers exactly these columns. */
function hasUniqueKey(snap: Snapshot, table: string, columns: readonly string[]): boolean {
  const want = [...columns].sort().join(',');
  for (const index of snap.all<{ name: string; unique: number; partial: number }>(
    'SELECT name, "unique", partial FROM pragma_index_list(?)',
    [table],
  )) {
    if (!index.unique || index.partial) continue;
    const cols = snap.all<{ name: string }>('SELECT name FROM pragma_index_info(?)', [index.name]).map((c) => c.name);
    if (cols.sort().join(',') === want) return true;
  }
  // An INTEGER PRIMARY KEY is the rowid itself, with no index to list.
  return (
    columns.length === 1 &&
    snap
      .all<{ name: string; pk: number; type: string }>('SELECT name, pk, type FROM pragma_table_info(?)', [table])
      .some((c) => c.pk === 1 && c.name === columns[0] && /^integer$/i.test(c.type))
  );
}

/** FILE.v<old>.bak, or FILE.v<old>.N.bak when that name is taken: an earlier backup is never replaced. */
function keepBackup(file: string, version: number, write: (name: string) => boolean): string {
  for (let n = 0; n < 1000; n++) {
    const name = n === 0 ? `${file}.v${version}.bak` : `${file}.v${version}.${n}.bak`;
    if (write(name)) return name;
  }
  throw new SnapshotError(
    file,
    `cannot be migrated: 1000 backups named ${file}.v${version}.*.bak exist already; nothing was written`,
  );
}

function quickCheck(snap: Snapshot, file: string): void {
  const damage = integrityProblem(snap);
  if (damage) throw new SnapshotError(file, `is damaged: ${damage}`);
}

/**
 * Runs PRAGMA quick_check; returns undefined when the file is sound, else one
 * line saying what it found (for a background check, as for the CLI's).
 */
export function integrityProblem(snap: Snapshot): string | undefined {
  let result: string[];
  try {
    result = snap.all<{ quick_check: string }>('PRAGMA quick_check').map((r) => r.quick_check);
  } catch (err) {
    if (err instanceof FileChangedError) throw err;
    // Damage bad enough stops the check itself.
    return `PRAGMA quick_check stopped with "${oneLine(String((err as Error)?.message ?? err))}"`;
  }
  // "*** in database main ***" heads the list; it says nothing about the damage.
  result = result
    .flatMap((row) => row.split('\n'))
    .filter((line) => line.trim() !== '' && !/^\*\*\* in database/.test(line));
  if (result.length === 1 && result[0] === 'ok') return undefined;
  return `PRAGMA quick_check reports ${oneLine(result.slice(0, 3).join('; '))}${result.length > 3 ? ' …' : ''}`;
}

/**
 * PRAGMA quick_check of the file at `file`, streamed a block at a time (it
 * holds no copy of the file), when it is still the version `expected`.
 */
export async function quickCheckFile(file: string, expected?: DiskVersion): Promise<IntegrityReport> {
  let lazy: LazyFile | undefined;
  let snap: Snapshot | undefined;
  /** Its descriptors, closed before the check answers (see whenClosed). */
  let opened: LazyFile | undefined;
  try {
    const SQL = await loadSqlJs();
    lazy = opened = LazyFile.open(file);
    if (expected && !sameVersion(lazy.diskVersion!, expected))
      return { unchecked: `${file} changed on disk since it was opened` };
    let db = new SQL.Database(lazy as unknown as Uint8Array);
    const over = db;
    if (adoptionProblem(lazy, (name) => pragmaNumber(over, name)) !== undefined) {
      // As openSnapshot does when sql.js reads its file otherwise: the whole file.
      db.close();
      lazy.close();
      lazy = undefined;
      db = new SQL.Database(await readWhole(file));
    }
    snap = new Snapshot(db, undefined, 'checking its integrity', undefined, lazy);
    return { problem: integrityProblem(snap) };
  } catch (err) {
    if (err instanceof FileChangedError) return { unchecked: err.message };
    return { unchecked: oneLine(String((err as Error)?.message ?? err)) };
  } finally {
    if (snap) snap.close();
    else lazy?.close();
    await opened?.whenClosed();
  }
}

/** Creates every index of data/schema.sql that the snapshot lacks. */
export function createIndexes(snap: Snapshot): void {
  snap.exec(
    indexStatements()
      .map((i) => i.sql)
      .join(';\n'),
  );
}

/** The indexes of data/schema.sql the snapshot lacks: name and table. */
export function missingIndexes(snap: Snapshot): { name: string; table: string }[] {
  const present = new Set(
    snap.all<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'index'").map((r) => r.name),
  );
  return indexStatements().filter((i) => !present.has(i.name));
}

/**
 * The indexes data/schema.sql marks "tab order": only the tabs read them, so a
 * bulk load (the demo) may drop them and build them once at the end.
 */
export function tabOrderIndexes(): string[] {
  return schemaScript()
    .split('\n')
    .flatMap((line) => /^CREATE INDEX IF NOT EXISTS (\w+)\s.*-- tab order\s*$/.exec(line)?.[1] ?? []);
}

function indexStatements(): { name: string; table: string; sql: string }[] {
  return schemaScript()
    .split(';')
    .map((s) => s.replace(/--[^\n]*/g, '').trim())
    .filter((s) => s.startsWith('CREATE INDEX'))
    .map((sql) => {
      const m = /^CREATE INDEX IF NOT EXISTS (\w+)\s+ON (\w+)/.exec(sql);
      return { name: m?.[1] ?? sql, table: m?.[2] ?? '', sql };
    });
}

function fsProblem(err: unknown): string {
  const code = (err as NodeJS.ErrnoException)?.code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'ENOTDIR') return 'no such file (a part of the path is not a folder)';
  if (code === 'EACCES' || code === 'EPERM') return 'cannot read it: permission denied';
  if (code === 'EISDIR') return 'is a directory, not a snapshot file';
  if (code === 'ELOOP') return 'cannot read it: too many levels of symbolic links';
  return `cannot read it: ${oneLine(String((err as Error)?.message ?? err))}`;
}

function describeSqliteError(err: unknown): string {
  const msg = oneLine(String((err as Error)?.message ?? err));
  if (/malformed/i.test(msg)) return 'is damaged or truncated (database disk image is malformed)';
  if (/not a database/i.test(msg)) return 'is not a SQLite database (or its header is damaged)';
  if (/out of memory/i.test(msg)) return 'is too large to open in memory';
  return `cannot be opened: ${msg}`;
}

function oneLine(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

function stampBeforeRead(file: string): FileStamp | undefined {
  try {
    return stampOf(file);
  } catch {
    return undefined; // readChecked names the problem
  }
}
