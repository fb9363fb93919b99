import type { Database, Statement, SqlValue } from 'sql.js';
import { ReadOnlyError, SnapshotChangedError } from './errors.js';
import { type FileStamp, sameStamp, stampOf, writeFileAtomic, writeFileAtomicAsync } from './file.js';

export type Param = string | number | null;
/** Positional (`?`) or named (`:name`, `$name`, `@name`) parameters. */
export type Params = Param[] | Record<string, Param>;
export type Row = Record<string, SqlValue>;

/** Statements that touch only the temp schema (a trigger's body is checked as its own statements). */
const TEMP_ONLY = /^(CREATE TEMP (TABLE|TRIGGER)\b|DROP (TABLE|TRIGGER) IF EXISTS temp\.|(INSERT( OR IGNORE)? INTO|UPDATE|DELETE FROM) temp\.)/i;

/**
 * An open snapshot: the database in memory plus where it came from. The engine
 * and triage layers read and write through this handle only; SQL is always
 * parameterised and every statement is cached (unfreed prepares leak memory).
 */
export class Snapshot {
  private readonly cache = new Map<string, Statement>();
  private readonly names = new Map<Statement, string[]>();
  private depth = 0;
  private writes = 0;
  private stamp: FileStamp | undefined;

  constructor(
    private readonly db: Database,
    /** Path of the file on disk, or undefined for an in-memory snapshot. */
    readonly file: string | undefined,
    /** Why the snapshot is read-only, or undefined when it is writable. */
    readonly readOnlyReason: string | undefined,
    /** The file as it was just before its bytes were read (a change after that is someone else's). */
    stamp?: FileStamp,
  ) {
    if (file) this.stamp = stamp ?? stampOf(file);
  }

  /** The file as last read or saved (size, mtime, inode); undefined in memory. */
  get fileStamp(): FileStamp | undefined {
    return this.stamp;
  }

  /** Goes up with every write, so caches of query results know when they are stale. */
  get version(): number {
    return this.writes;
  }

  get readOnly(): boolean {
    return this.readOnlyReason !== undefined;
  }

  private statement(sql: string): Statement {
    let stmt = this.cache.get(sql);
    if (!stmt) {
      stmt = this.db.prepare(sql);
      this.cache.set(sql, stmt);
    }
    return stmt;
  }

  private columnNames(stmt: Statement): string[] {
    let names = this.names.get(stmt);
    if (!names) {
      names = stmt.getColumnNames();
      this.names.set(stmt, names);
    }
    return names;
  }

  /** All rows of a query, as objects keyed by column name. */
  all<T = Row>(sql: string, params: Params = []): T[] {
    const stmt = this.statement(sql);
    try {
      stmt.bind(params);
      const rows: T[] = [];
      let names: string[] | undefined;
      while (stmt.step()) {
        names ??= this.columnNames(stmt);
        const values = stmt.get();
        const row: Row = {};
        for (let i = 0; i < names.length; i++) row[names[i]!] = values[i]!;
        rows.push(row as T);
      }
      return rows;
    } finally {
      stmt.reset();
    }
  }

  /**
   * The rows of a query one at a time, from a statement of its own: output that
   * streams (ndjson, csv) holds one row, not all of them.
   */
  *iterate<T = Row>(sql: string, params: Params = []): Generator<T> {
    const stmt = this.db.prepare(sql);
    try {
      stmt.bind(params);
      const names = stmt.getColumnNames();
      while (stmt.step()) {
        const values = stmt.get();
        const row: Row = {};
        for (let i = 0; i < names.length; i++) row[names[i]!] = values[i]!;
        yield row as T;
      }
    } finally {
      stmt.free();
    }
  }

  /** The first row of a query, or undefined. */
  get<T = Row>(sql: string, params: Params = []): T | undefined {
    const stmt = this.statement(sql);
    try {
      stmt.bind(params);
      if (!stmt.step()) return undefined;
      const names = this.columnNames(stmt);
      const values = stmt.get();
      const row: Row = {};
      for (let i = 0; i < names.length; i++) row[names[i]!] = values[i]!;
      return row as T;
    } finally {
      stmt.reset();
    }
  }

  /** The first column of the first row, or undefined. */
  value<T extends SqlValue = SqlValue>(sql: string, params: Params = []): T | undefined {
    const stmt = this.statement(sql);
    try {
      stmt.bind(params);
      return stmt.step() ? (stmt.get()[0] as T) : undefined;
    } finally {
      stmt.reset();
    }
  }

  /** Runs a writing statement; returns the rows it changed. */
  run(sql: string, params: Params = []): { changes: number } {
    const stmt = this.statement(sql);
    this.writes++;
    try {
      stmt.run(params);
    } finally {
      stmt.reset();
    }
    return { changes: this.db.getRowsModified() };
  }

  /** Runs an INSERT of one row; returns its rowid. */
  insert(sql: string, params: Params = []): number {
    this.run(sql, params);
    return Number(this.value('SELECT last_insert_rowid()') ?? 0);
  }

  /**
   * Runs SQL on this connection's own temp schema (caches kept beside the
   * data, never saved): not a change to the snapshot, so `version` stays.
   * With params it is one statement; without, a script.
   */
  temp(sql: string, params?: Params): void {
    for (const stmt of sql.split(';').map((x) => x.trim()).filter((x) => x && !/^END$/i.test(x))) {
      if (!TEMP_ONLY.test(stmt)) throw new Error(`not a temp-schema statement: ${stmt.slice(0, 60)}`);
    }
    if (params === undefined) {
      this.db.exec(sql);
      return;
    }
    const stmt = this.statement(sql);
    try {
      stmt.run(params);
    } finally {
      stmt.reset();
    }
  }

  /** Makes a JavaScript function callable from SQL (deterministic helpers only). */
  defineFunction(name: string, fn: (...args: SqlValue[]) => SqlValue): void {
    this.db.create_function(name, fn);
  }

  /** Runs several statements of trusted, parameter-free SQL (schema scripts). */
  exec(sql: string): void {
    this.writes++;
    this.db.exec(sql);
  }

  /** Runs fn inside a transaction (a savepoint when nested); rolls back if it throws. */
  transaction<T>(fn: () => T): T {
    const name = `sp${this.depth}`;
    this.db.exec(this.depth === 0 ? 'BEGIN' : `SAVEPOINT ${name}`);
    this.depth++;
    try {
      const result = fn();
      this.depth--;
      this.db.exec(this.depth === 0 ? 'COMMIT' : `RELEASE ${name}`);
      return result;
    } catch (err) {
      this.depth--;
      this.db.exec(this.depth === 0 ? 'ROLLBACK' : `ROLLBACK TO ${name}; RELEASE ${name}`);
      throw err;
    }
  }

  /** Throws ReadOnlyError when the snapshot must not be written. */
  assertWritable(): void {
    if (this.readOnlyReason !== undefined) throw new ReadOnlyError(this.readOnlyReason);
  }

  /**
   * Throws unless a save would go through: writable, and the file on disk is
   * still the one we read. Actions check this first so a refused save does not
   * leave a change in memory that the file lacks.
   */
  assertSavable(): void {
    this.assertWritable();
    if (!this.file || !this.stamp) return;
    let now: FileStamp;
    try {
      now = stampOf(this.file);
    } catch {
      throw new SnapshotChangedError(this.file, 'the file was moved or removed since it was opened; not writing it');
    }
    if (!sameStamp(this.stamp, now)) {
      throw new SnapshotChangedError(this.file, 'the file changed on disk since it was opened; not overwriting it');
    }
  }

  /** The whole database as SQLite file bytes. */
  export(): Uint8Array {
    return this.db.export();
  }

  /**
   * Writes the database back to its file atomically. Refuses when the file
   * changed on disk since it was opened or last saved: someone else's work is
   * never overwritten.
   */
  save(): void {
    this.assertSavable();
    if (!this.file) return;
    writeFileAtomic(this.file, this.export());
    this.stamp = stampOf(this.file);
  }

  /**
   * save() for a thread that must keep answering: only taking the copy of the
   * database holds it up; the copy is written and fsynced in the background.
   */
  async saveInBackground(): Promise<void> {
    this.assertSavable();
    if (!this.file) return;
    const bytes = this.export();
    await writeFileAtomicAsync(this.file, bytes);
    this.stamp = stampOf(this.file);
  }

  /**
   * Makes sql.js enlarge its in-memory copy of the file now, while nobody
   * waits, instead of during an action: the first write that needs a page
   * past the end of the file makes it copy the whole file into a buffer an
   * eighth larger (2 s on a 918 MB snapshot). Done by a blob that takes every
   * free page and one more, then deleted: the file keeps one more free page.
   * Returns false when it was not done (read-only, or auto_vacuum would shrink the file back).
   */
  reserveGrowth(): boolean {
    if (this.readOnly || Number(this.value('PRAGMA auto_vacuum')) !== 0) return false;
    const pages = Number(this.value('PRAGMA freelist_count')) + 2;
    const bytes = pages * Number(this.value('PRAGMA page_size'));
    this.transaction(() => {
      this.run("INSERT INTO meta(key, value) VALUES ('growth_reserve', zeroblob(?))", [bytes]);
      this.run("DELETE FROM meta WHERE key = 'growth_reserve'");
    });
    return true;
  }

  /** Writes the database to another path atomically (demo output, backups). */
  saveAs(file: string): void {
    writeFileAtomic(file, this.export());
  }

  close(): void {
    for (const stmt of this.cache.values()) stmt.free();
    this.cache.clear();
    this.names.clear();
    this.db.close();
  }
}
