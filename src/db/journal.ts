import fs from 'node:fs';
import path from 'node:path';
import { type FileStamp, writeFileAtomic } from './file.js';

/**
 * The write-ahead log of user actions beside a snapshot. An action is
 * acknowledged once its line is fsynced here, long before the whole snapshot
 * is rewritten; after a crash, or when the file changed on disk under us, the
 * lines are what is re-applied.
 */
export interface JournalHeader {
  /** Which session of the tool wrote the entries (also stored in the file's meta on each save). */
  session: string;
  /** The snapshot file as it was before the first entry (size, mtime, inode). */
  base: FileStamp;
  file: string;
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

export function journalPath(file: string): string {
  return path.join(path.dirname(file), `${path.basename(file)}.pending-actions`);
}

export interface JournalContents {
  header: JournalHeader;
  entries: JournalEntry[];
}

/** Reads the journal; a torn last line (a crash mid-append, never acknowledged) is ignored. */
export function readJournal(file: string): JournalContents | undefined {
  let text: string;
  try {
    text = fs.readFileSync(journalPath(file), 'utf8');
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
  const legacy = (e: JournalEntry & { item?: string }): JournalEntry => (e.value === undefined && e.item !== undefined ? { ...e, value: e.item } : e);
  return { header, entries: entries.filter((e) => typeof e?.seq === 'number' && Array.isArray(e.ids)).map(legacy) };
}

/** Replaces the journal with a header and entries (atomically), or removes it when there are none. */
export function writeJournal(file: string, contents: JournalContents): void {
  if (contents.entries.length === 0) {
    fs.rmSync(journalPath(file), { force: true });
    return;
  }
  const text = [contents.header, ...contents.entries].map((l) => JSON.stringify(l)).join('\n') + '\n';
  writeFileAtomic(journalPath(file), Buffer.from(text, 'utf8'));
}

/** Appends one entry and fsyncs it; the header is written first when the journal is new. */
export function appendJournal(file: string, header: JournalHeader, entry: JournalEntry): void {
  const p = journalPath(file);
  const fresh = !fs.existsSync(p);
  const fd = fs.openSync(p, 'a', 0o600);
  try {
    const text = (fresh ? JSON.stringify(header) + '\n' : '') + JSON.stringify(entry) + '\n';
    fs.writeSync(fd, text);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  if (fresh) syncFolder(path.dirname(p));
}

export function removeJournal(file: string): void {
  fs.rmSync(journalPath(file), { force: true });
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
