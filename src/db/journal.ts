import fs from 'node:fs';
import path from 'node:path';
import { saveTarget } from './paths.js';
import type { FileStamp } from './stamp.js';
import type { ProcessId } from './owner-process.js';

/**
 * The write-ahead log of user actions beside a snapshot. An action is
 * acknowledged once its line is fsynced here, long before the whole snapshot
 * is rewritten; after a crash, or when the file changed on disk under us, the
 * lines are what is re-applied.
 */
export interface JournalHeader {
  /** Which session of the tool wrote the entries; each save records in the file's meta how far it holds them. */
  session: string;
  /** The snapshot file as it was before the first entry (size, mtime, inode). */
  base: FileStamp;
  file: string;
  /** The process writing the journal: a live one's journal is its own to save (absent in journals of version 0.1). */
  owner?: ProcessId;
}

export interface JournalEntry {
  seq: number;
  at: string;
  actor: string;
  tab: string;
  action: string;
  ids: number[];
  /** What a fix sets: the ERP item of a 'link-sku'/'relink-sku', the ship-via of a 'map-ship-service'. */
  value?: string;
}

const SUFFIX = '.pending-actions';

/**
 * Each session keeps a journal of its own beside the file a save replaces (a
 * symlink's target, not the link), FILE.SESSION.pending-actions: teammates on
 * one file never append to, or delete, each other's. Without a session: the
 * single journal of version 0.1, FILE.pending-actions.
 */
export function journalPath(file: string, session?: string): string {
  const target = saveTarget(file);
  return path.join(
    path.dirname(target),
    `${path.basename(target)}${session === undefined ? '' : `.${session}`}${SUFFIX}`,
  );
}

/** The journals beside a snapshot, every session's. */
export function journalPaths(file: string): string[] {
  const target = saveTarget(file);
  const base = path.basename(target);
  const pattern = new RegExp(`^${base.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(\\.[0-9a-f]+)?\\.pending-actions$`);
  let names: string[];
  try {
    names = fs.readdirSync(path.dirname(target));
  } catch {
    return [];
  }
  return names
    .filter((n) => pattern.test(n))
    .sort()
    .map((n) => path.join(path.dirname(target), n));
}

export function hasJournal(file: string): boolean {
  return journalPaths(file).length > 0;
}

export interface JournalContents {
  path: string;
  header: JournalHeader;
  entries: JournalEntry[];
}

/** Every session's journal beside the snapshot, as readJournalAt reads them. */
export function readJournals(file: string): JournalContents[] {
  return journalPaths(file).flatMap((p) => readJournalAt(p) ?? []);
}

/** The journal of one session (the first found without one): for callers that know there is one session. */
export function readJournal(file: string, session?: string): JournalContents | undefined {
  return session === undefined ? readJournals(file)[0] : readJournalAt(journalPath(file, session));
}

/** Reads one journal; a torn last line (a crash mid-append, never acknowledged) is ignored. */
export function readJournalAt(p: string): JournalContents | undefined {
  let text: string;
  try {
    text = fs.readFileSync(p, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  const parsed: unknown[] = [];
  for (const l of lines) {
    try {
      parsed.push(JSON.parse(l));
    } catch {
      break;
    }
  }
  const [header, ...entries] = parsed as [JournalHeader, ...JournalEntry[]];
  if (!header || typeof header.session !== 'string') return undefined;
  // Journals of version 0.1 named a link's ERP item `item`.
  const legacy = (e: JournalEntry & { item?: string }): JournalEntry =>
    e.value === undefined && e.item !== undefined ? { ...e, value: e.item } : e;
  return {
    path: p,
    header,
    entries: entries.filter((e) => typeof e?.seq === 'number' && Array.isArray(e.ids)).map(legacy),
  };
}

/**
 * Appends one entry to the session's journal and fsyncs it; the header is
 * written first when the journal is new. When the write fails (a full disk),
 * the journal is cut back to what it was, so a torn line never hides the next
 * entry, and the error is thrown: the action is not acknowledged.
 */
export function appendJournal(file: string, header: JournalHeader, entry: JournalEntry): void {
  const p = journalPath(file, header.session);
  const fd = fs.openSync(p, 'a+', 0o600);
  const before = fs.fstatSync(fd).size;
  try {
    // After a torn line that could not be cut back, the entry starts a line of its own.
    const torn = before > 0 && lastByte(fd, before) !== 0x0a;
    const text = (before === 0 ? JSON.stringify(header) + '\n' : torn ? '\n' : '') + JSON.stringify(entry) + '\n';
    const bytes = Buffer.from(text, 'utf8');
    for (let off = 0; off < bytes.length;) off += fs.writeSync(fd, bytes, off, bytes.length - off);
    fs.fsyncSync(fd);
  } catch (err) {
    try {
      if (before === 0) fs.rmSync(p, { force: true });
      else fs.ftruncateSync(fd, before);
    } catch {
      // Cutting back failed too: the torn line is ignored when read, and the next entry starts a line of its own.
    }
    throw err;
  } finally {
    fs.closeSync(fd);
  }
  if (before === 0) syncFolder(path.dirname(p));
}

function lastByte(fd: number, size: number): number {
  const one = Buffer.alloc(1);
  fs.readSync(fd, one, 0, 1, size - 1);
  return one[0]!;
}

/** Removes one session's journal (or, without a session, the journal of version 0.1). */
export function removeJournal(file: string, session?: string): void {
  fs.rmSync(journalPath(file, session), { force: true });
}

export function removeJournalAt(p: string): void {
  fs.rmSync(p, { force: true });
}

function syncFolder(dir: string): void {
  try {
    const fd = fs.openSync(dir, 'r');
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    // Not every file system lets a folder be fsynced.
  }
}
