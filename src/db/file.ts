import fs from 'node:fs';
import path from 'node:path';

/** What identifies the file on disk as we read it: a change means someone else wrote it. */
export interface FileStamp {
  size: number;
  mtimeMs: number;
  ino: number;
}

export function stampOf(file: string): FileStamp {
  const st = fs.statSync(file);
  return { size: st.size, mtimeMs: st.mtimeMs, ino: st.ino };
}

export function sameStamp(a: FileStamp, b: FileStamp): boolean {
  return a.size === b.size && a.mtimeMs === b.mtimeMs && a.ino === b.ino;
}

const CHUNK = 256 * 1024 * 1024;

/** Reads a whole file; readFileSync refuses files over 2 GiB, so read in chunks. */
export function readWholeFile(file: string): Uint8Array {
  const size = fs.statSync(file).size;
  if (size < 1024 * 1024 * 1024) return new Uint8Array(fs.readFileSync(file));
  const out = new Uint8Array(size);
  const fd = fs.openSync(file, 'r');
  try {
    let off = 0;
    while (off < size) {
      const n = fs.readSync(fd, out, off, Math.min(CHUNK, size - off), off);
      if (n === 0) break;
      off += n;
    }
  } finally {
    fs.closeSync(fd);
  }
  return out;
}

/**
 * Replaces `file` with `bytes` so that a crash at any point leaves either the
 * old or the new file: temporary file in the same folder, fsync, rename, fsync
 * of the folder.
 */
export function writeFileAtomic(file: string, bytes: Uint8Array): void {
  const dir = path.dirname(path.resolve(file));
  const tmp = path.join(dir, `.${path.basename(file)}.${process.pid}.${Date.now()}.tmp`);
  let fd: number | undefined;
  try {
    fd = fs.openSync(tmp, 'wx', existingMode(file));
    let off = 0;
    while (off < bytes.length) off += fs.writeSync(fd, bytes, off, Math.min(CHUNK, bytes.length - off));
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fd = undefined;
    fs.renameSync(tmp, file);
  } catch (err) {
    if (fd !== undefined) fs.closeSync(fd);
    fs.rmSync(tmp, { force: true });
    throw err;
  }
  syncDir(dir);
}

function existingMode(file: string): number {
  try {
    return fs.statSync(file).mode & 0o777;
  } catch {
    return 0o644;
  }
}

function syncDir(dir: string): void {
  let fd: number | undefined;
  try {
    fd = fs.openSync(dir, 'r');
    fs.fsyncSync(fd);
  } catch {
    // Some file systems refuse fsync on a folder; the rename is still atomic there.
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}
