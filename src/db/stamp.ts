import fs from 'node:fs';

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
