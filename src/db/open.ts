import fs from 'node:fs';
import os from 'node:os';
import { loadSqlJs } from './sqljs.js';
import { SnapshotError } from './errors.js';
import { readWholeFile } from './file.js';
import { REQUIRED_TABLES, SCHEMA_VERSION, schemaScript } from './schema.js';
import { Snapshot } from './snapshot.js';

export interface OpenOptions {
  /** Never write the file; actions are refused. */
  readOnly?: boolean;
  /** Run PRAGMA quick_check before returning (the CLI does; the UI may defer it). */
  quickCheck?: boolean;
}

const SQLITE_MAGIC = 'SQLite format 3\0';

/**
 * Opens and validates a snapshot file. Every problem becomes a SnapshotError
 * naming the file, and the file is never written here.
 */
export async function openSnapshot(file: string, opts: OpenOptions = {}): Promise<Snapshot> {
  const bytes = readChecked(file);
  const SQL = await loadSqlJs();
  const db = new SQL.Database(bytes);
  let snap: Snapshot | undefined;
  try {
    snap = new Snapshot(db, file, readOnlyReason(file, opts));
    validate(snap, file);
    if (opts.quickCheck) quickCheck(snap, file);
    // Producers may skip our indexes; create them in memory so the tabs stay fast.
    snap.exec(indexStatements());
    return snap;
  } catch (err) {
    if (snap) snap.close();
    else db.close();
    if (err instanceof SnapshotError) throw err;
    throw new SnapshotError(file, describeSqliteError(err));
  }
}

/** A new, empty snapshot in memory with the current schema (tests, demo). */
export async function createSnapshot(): Promise<Snapshot> {
  const SQL = await loadSqlJs();
  const snap = new Snapshot(new SQL.Database(), undefined, undefined);
  snap.exec(schemaScript());
  return snap;
}

/** Opens bytes as an in-memory snapshot (no file behind it), validated like a file. */
export async function snapshotFromBytes(bytes: Uint8Array, label = 'snapshot'): Promise<Snapshot> {
  const SQL = await loadSqlJs();
  const snap = new Snapshot(new SQL.Database(bytes), undefined, undefined);
  try {
    validate(snap, label);
  } catch (err) {
    snap.close();
    if (err instanceof SnapshotError) throw err;
    throw new SnapshotError(label, describeSqliteError(err));
  }
  return snap;
}

function readChecked(file: string): Uint8Array {
  let st: fs.Stats;
  try {
    st = fs.statSync(file);
  } catch (err) {
    throw new SnapshotError(file, fsProblem(err));
  }
  if (st.isDirectory()) throw new SnapshotError(file, 'is a directory, not a snapshot file');
  if (!st.isFile()) throw new SnapshotError(file, 'is not a regular file');
  if (st.size === 0) throw new SnapshotError(file, 'is empty, not a snapshot');
  if (st.size > 4 * 1024 ** 3) throw new SnapshotError(file, 'is larger than 4 GiB, too large to open in memory');
  let bytes: Uint8Array;
  try {
    bytes = readWholeFile(file);
  } catch (err) {
    throw new SnapshotError(file, fsProblem(err));
  }
  const head = Buffer.from(bytes.subarray(0, 16)).toString('latin1');
  if (head !== SQLITE_MAGIC) throw new SnapshotError(file, 'is not a SQLite database');
  return bytes;
}

function validate(snap: Snapshot, file: string): void {
  const present = new Set(
    snap.all<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table'").map((r) => r.name),
  );
  const missing = REQUIRED_TABLES.filter((t) => !present.has(t));
  if (missing.length === REQUIRED_TABLES.length) {
    throw new SnapshotError(file, `is a SQLite database but not an amazon-app-logs snapshot (no ${REQUIRED_TABLES.slice(0, 3).join(', ')}, ... tables)`);
  }
  if (missing.length > 0) {
    throw new SnapshotError(file, `is not a complete amazon-app-logs snapshot: missing tables ${missing.join(', ')}`);
  }
  const raw = snap.value<string>("SELECT value FROM meta WHERE key = 'schema_version'");
  const version = Number(raw);
  if (raw === undefined || !Number.isInteger(version) || version < 1) {
    throw new SnapshotError(file, `has no valid schema_version in its meta table (found ${raw === undefined ? 'none' : JSON.stringify(raw)})`);
  }
  if (version > SCHEMA_VERSION) {
    throw new SnapshotError(file, `has schema_version ${version}, newer than this tool knows (${SCHEMA_VERSION}); upgrade amazon-logs`);
  }
}

function quickCheck(snap: Snapshot, file: string): void {
  const result = snap.all<{ quick_check: string }>('PRAGMA quick_check').map((r) => r.quick_check);
  if (result.length !== 1 || result[0] !== 'ok') {
    throw new SnapshotError(file, `is damaged: PRAGMA quick_check reports ${oneLine(result.slice(0, 3).join('; '))}`);
  }
}

function readOnlyReason(file: string, opts: OpenOptions): string | undefined {
  if (opts.readOnly) return 'opened with --read-only';
  for (const suffix of ['-wal', '-journal']) {
    if (fs.existsSync(file + suffix)) {
      return `a ${suffix} file lies beside it (a live database, not a quiet snapshot); un-checkpointed data is not shown`;
    }
  }
  try {
    fs.accessSync(file, fs.constants.W_OK);
  } catch {
    return `${os.userInfo().username} cannot write this file`;
  }
  return undefined;
}

function indexStatements(): string {
  return schemaScript()
    .split(';')
    .map((s) => s.replace(/--[^\n]*/g, '').trim())
    .filter((s) => s.startsWith('CREATE INDEX'))
    .join(';\n');
}

function fsProblem(err: unknown): string {
  const code = (err as NodeJS.ErrnoException)?.code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EACCES' || code === 'EPERM') return 'cannot read it: permission denied';
  if (code === 'EISDIR') return 'is a directory, not a snapshot file';
  return `cannot read it: ${oneLine(String((err as Error)?.message ?? err))}`;
}

function describeSqliteError(err: unknown): string {
  const msg = oneLine(String((err as Error)?.message ?? err));
  if (/malformed/i.test(msg)) return 'is damaged or truncated (database disk image is malformed)';
  if (/not a database/i.test(msg)) return 'is not a SQLite database';
  if (/out of memory/i.test(msg)) return 'is too large to open in memory';
  return `cannot be opened: ${msg}`;
}

function oneLine(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}
