import type { Database, Statement, SqlValue } from 'sql.js';
import {
  ChangeRefusedError,
  ReadOnlyError,
  SnapshotChangedError,
  SnapshotError,
  WriterBusyError,
} from './snapshot-errors.js';
import { liveWriter, liveWriterAsync } from './writers.js';
import { type FileStamp, sameStamp, stampOf } from './stamp.js';
import {
  writeChangesAtomic,
  writeChangesAtomicAsync,
  writeFileAtomic,
  writeFileAtomicAsync,
  writePartsAtomic,
} from './file.js';
import { withSaveLock, withSaveLockAsync } from './save-lock.js';
import { BLOCK_SIZE, type ChangedBlocks, type DiskVersion, diskVersionOf, type LazyFile } from './lazy-file.js';
import { messageOf } from '../user-error.js';

export type Param = string | number | null;
/** Positional (`?`) or named (`:name`, `$name`, `@name`) parameters. */
export type Params = Param[] | Record<string, Param>;
export type Row = Record<string, SqlValue>;

/** Statements that touch only the temp schema (a trigger's body is checked as its own statements). */
const TEMP_ONLY =
  /^(CREATE TEMP (TABLE|TRIGGER)\b|DROP (TABLE|TRIGGER) IF EXISTS temp\.|(INSERT( OR IGNORE)? INTO|UPDATE|DELETE FROM) temp\.)/i;

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
    /** sql.js's file when it reads the file on disk a block at a time (src/db/lazy-file.ts). */
    private readonly lazy?: LazyFile,
  ) {
    if (file) this.stamp = lazy?.diskVersion?.stamp ?? stamp ?? stampOf(file);
  }

  /**
   * Throws a FileChangedError (a SnapshotError) when the file on disk is no
   * longer the version being read: the caller then stops reading it. A no-op
   * when the file was read whole at open.
   */
  checkDisk(): void {
    if (this.lazy?.diskPath) this.lazy.check();
  }

  /** The version on disk being read (stamp and change counter); undefined when the file was read whole. */
  get diskVersion(): DiskVersion | undefined {
    return this.lazy?.diskPath ? this.lazy.diskVersion : undefined;
  }

  /** Blocks of the file read into memory so far, of all its blocks; undefined when it was read whole. */
  get residency(): { loaded: number; total: number } | undefined {
    return this.lazy?.diskPath ? this.lazy.residency : undefined;
  }

  /** How many 64 KiB blocks were read from the file so far, of how many it has; undefined when it was read whole. */
  get blocksRead(): { read: number; blocks: number; wholeAccesses: number } | undefined {
    const lazy = this.lazy;
    return lazy?.diskPath
      ? {
          read: lazy.stats.blocksRead,
          blocks: Math.ceil(lazy.size / BLOCK_SIZE),
          wholeAccesses: lazy.stats.wholeAccesses,
        }
      : undefined;
  }

  /** Whether a save writes only the changed blocks over a copy of the file (else the whole database). */
  get savesChangedBlocksOnly(): boolean {
    return this.lazy?.diskPath !== undefined && this.lazy.tracksChanges;
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

  /**
   * Once a read failed inside SQLite because the file changed on disk, sql.js's
   * state is not to be trusted: nothing runs on it any more. (A change seen
   * between queries only stops further reads of the file.)
   */
  private usable(): void {
    const broken = this.lazy?.brokenBy;
    if (broken) throw broken;
  }

  /**
   * SQLite's word for a damaged page met while reading (the file is read as
   * queries need it, so damage shows when a query reaches it), as one line
   * naming the file; any other error as it is.
   */
  private damaged(err: unknown): unknown {
    // Pages of two versions are not damage: the file changed while it was read.
    if (this.lazy?.changedOnDisk) return this.lazy.changedOnDisk;
    if (!this.file || err instanceof SnapshotError || !(err instanceof Error)) return err;
    if (/malformed|file is not a database/i.test(err.message))
      return new SnapshotError(this.file, 'is damaged (database disk image is malformed)');
    return err;
  }

  private reset(stmt: Statement): void {
    if (!this.lazy?.brokenBy) stmt.reset();
  }

  private statement(sql: string): Statement {
    this.usable();
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
    } catch (err) {
      throw this.damaged(err);
    } finally {
      this.reset(stmt);
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
    } catch (err) {
      throw this.damaged(err);
    } finally {
      this.reset(stmt);
    }
  }

  /** The first column of the first row, or undefined. */
  value<T extends SqlValue = SqlValue>(sql: string, params: Params = []): T | undefined {
    const stmt = this.statement(sql);
    try {
      stmt.bind(params);
      return stmt.step() ? (stmt.get()[0] as T) : undefined;
    } catch (err) {
      throw this.damaged(err);
    } finally {
      this.reset(stmt);
    }
  }

  /** Runs a writing statement; returns the rows it changed. */
  run(sql: string, params: Params = []): { changes: number } {
    const stmt = this.statement(sql);
    this.writes++;
    try {
      stmt.run(params);
    } catch (err) {
      const damaged = this.damaged(err);
      throw damaged === err ? refusalOrSelf(this.file ?? 'snapshot', err) : damaged;
    } finally {
      this.reset(stmt);
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
    for (const stmt of sql
      .split(';')
      .map((x) => x.trim())
      .filter((x) => x && !/^END$/i.test(x))) {
      if (!TEMP_ONLY.test(stmt)) throw new Error(`not a temp-schema statement: ${stmt.slice(0, 60)}`);
    }
    if (params === undefined) {
      this.usable();
      this.db.exec(sql);
      return;
    }
    const stmt = this.statement(sql);
    try {
      stmt.run(params);
    } catch (err) {
      throw this.damaged(err);
    } finally {
      this.reset(stmt);
    }
  }

  /** Makes a JavaScript function callable from SQL (deterministic helpers only). */
  defineFunction(name: string, fn: (...args: SqlValue[]) => SqlValue): void {
    this.db.create_function(name, fn);
  }

  /** Runs several statements of trusted, parameter-free SQL (schema scripts). */
  exec(sql: string): void {
    this.usable();
    this.writes++;
    try {
      this.db.exec(sql);
    } catch (err) {
      throw this.damaged(err);
    }
  }

  /** Runs fn inside a transaction (a savepoint when nested); rolls back if it throws. */
  transaction<T>(fn: () => T): T {
    const name = `sp${this.depth}`;
    this.usable();
    this.db.exec(this.depth === 0 ? 'BEGIN' : `SAVEPOINT ${name}`);
    this.depth++;
    try {
      const result = fn();
      this.depth--;
      this.db.exec(this.depth === 0 ? 'COMMIT' : `RELEASE ${name}`);
      return result;
    } catch (err) {
      this.depth--;
      if (!this.lazy?.brokenBy) this.db.exec(this.depth === 0 ? 'ROLLBACK' : `ROLLBACK TO ${name}; RELEASE ${name}`);
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
    this.checkDisk();
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

  /**
   * A save replaces the file by renaming a new one over it: a program that has
   * it open for writing (a producer's connection) would go on writing into the
   * replaced file, or have its commit erased. Checked just before the final
   * check of the file's version, so such a program would have to open the file
   * and commit within the moment between them.
   */
  private assertNoOtherWriter(): void {
    const who = liveWriter(this.file!);
    if (who) throw new WriterBusyError(this.file!, who);
  }

  /** The whole database as SQLite file bytes. */
  export(): Uint8Array {
    return this.db.export();
  }

  /**
   * Writes the database back to its file atomically. Refuses when the file
   * changed on disk since it was opened or last saved: someone else's work is
   * never overwritten. Only the changed blocks are written, over a copy of the
   * file the kernel makes, when the page map says which they are.
   */
  save(): void {
    if (!this.file) return this.assertSavable();
    const file = this.file;
    // Our other processes wait: the check that the file is unchanged and its replacement are one step for them.
    withSaveLock(file, () => {
      const plan = this.planSave();
      let version: DiskVersion | undefined;
      try {
        this.assertNoOtherWriter();
        if (plan.changes) version = writeChangesAtomic(file, plan.base, plan.changes);
        else writeFileAtomic(file, plan.bytes);
      } catch (err) {
        throw this.saveFailed(plan, err);
      }
      this.saved(version);
    });
  }

  /**
   * save() for a thread that must keep answering: only taking the changed
   * blocks (or, when the page map cannot say which they are, the copy of the
   * whole database) holds it up; copying, writing and fsyncing run beside it.
   */
  async saveInBackground(): Promise<void> {
    if (!this.file) return this.assertSavable();
    const file = this.file;
    await withSaveLockAsync(file, async () => {
      // The blocks are taken before anything else can run: they hold exactly the actions done when the save began.
      const plan = this.planSave();
      let version: DiskVersion | undefined;
      try {
        // The walk over the processes for another writer takes turns with the thread's requests.
        const who = await liveWriterAsync(file);
        if (who) throw new WriterBusyError(file, who);
        if (plan.changes) version = await writeChangesAtomicAsync(file, plan.base, plan.changes);
        else await writeFileAtomicAsync(file, plan.bytes);
      } catch (err) {
        throw this.saveFailed(plan, err);
      }
      this.saved(version);
    });
  }

  /**
   * What a save writes, once the file may be saved: the changed blocks over the
   * version read, or the whole database. The look for another writer comes
   * after (a failed save puts the blocks back).
   */
  private planSave():
    { changes: ChangedBlocks; base: DiskVersion; bytes?: undefined } | { changes?: undefined; bytes: Uint8Array } {
    this.assertSavable();
    const changes = this.changedBlocks();
    return changes ? { changes, base: this.lazy!.diskVersion! } : { bytes: this.export() };
  }

  /** The blocks a failed save took are changed still: the next save writes them. */
  private saveFailed(plan: { changes?: ChangedBlocks }, err: unknown): unknown {
    if (plan.changes) this.lazy!.restoreChanges(plan.changes);
    return err;
  }

  /** After a save: the new version on disk (undefined when the whole file was written) is what is read from now on. */
  private saved(version: DiskVersion | undefined): void {
    if (version) this.savedAs(version);
    else this.savedWhole();
  }

  /** The blocks changed since the last save, or undefined when the whole database must be written. */
  private changedBlocks(): ChangedBlocks | undefined {
    if (!this.savesChangedBlocksOnly) return undefined;
    return this.lazy!.takeChanges(Number(this.value('PRAGMA page_count')), Number(this.value('PRAGMA page_size')));
  }

  private savedAs(version: DiskVersion): void {
    this.stamp = version.stamp;
    this.lazy!.savedAs(this.file!, version);
  }

  private savedWhole(): void {
    this.stamp = stampOf(this.file!);
    // Blocks not read yet now come from the new file (the same bytes: it holds the whole database).
    const version = this.lazy?.diskPath ? diskVersionOf(this.file!) : undefined;
    if (version) this.lazy!.savedAs(this.file!, version);
  }

  /** Writes the database to another path atomically (demo output, backups). */
  saveAs(file: string): void {
    // A database built in memory (the demo) may be larger than one array can hold: written as it lies.
    const lazy = this.lazy;
    if (
      lazy &&
      !lazy.diskPath &&
      lazy.tracksChanges &&
      Number(this.value('PRAGMA page_count')) * Number(this.value('PRAGMA page_size')) === lazy.size
    ) {
      writePartsAtomic(file, lazy.ranges(0, lazy.size));
      return;
    }
    writeFileAtomic(file, this.export());
  }

  /** Lets go of the file versions saves replaced, off the thread (see LazyFile.releaseReplaced). */
  releaseReplacedFiles(): void {
    this.lazy?.releaseReplaced();
  }

  close(): void {
    for (const stmt of this.cache.values()) stmt.free();
    this.cache.clear();
    this.names.clear();
    try {
      this.db.close();
    } finally {
      this.lazy?.close();
    }
  }
}

// SQLite's messages for mistakes in the SQL itself, or in the file: everything else a write
// meets is the snapshot's own rule (a producer's trigger, a constraint) refusing the change.
const NOT_A_REFUSAL =
  /no such (table|column|function|index)|syntax error|SQL logic error|misuse|bind|out of memory|malformed|not a database|disk I\/O/i;

function refusalOrSelf(file: string, err: unknown): unknown {
  const message = messageOf(err);
  if (err instanceof SnapshotError || NOT_A_REFUSAL.test(message)) return err;
  return new ChangeRefusedError(file, message);
}
