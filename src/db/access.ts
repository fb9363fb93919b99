/** Whether a snapshot file may be written, and if not, why, in words for the user. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { saveTarget } from './paths.js';

/** Whether a -wal or -journal beside the file makes it a live database, and what that hides. */
export function liveSidecar(file: string): string | undefined {
  const target = saveTarget(file);
  const base = path.basename(target);
  if (fs.existsSync(`${target}-wal`)) {
    return `${base}-wal lies beside it (a live database, not a quiet snapshot): data not yet checkpointed into ${base} is not shown`;
  }
  if (fs.existsSync(`${target}-journal`)) {
    return `${base}-journal lies beside it (a live database, not a quiet snapshot): a write in progress or interrupted may show only in part`;
  }
  return undefined;
}

function userName(): string {
  try {
    return os.userInfo().username;
  } catch {
    return `user ${process.getuid?.() ?? 'unknown'}`;
  }
}

/** Why the file must not be written, or undefined when a save would go through. */
export function readOnlyReason(file: string, readOnly: boolean): string | undefined {
  const sidecar = liveSidecar(file);
  if (sidecar) return sidecar;
  if (readOnly) return 'opened with --read-only';
  const target = saveTarget(file);
  const base = path.basename(target);
  const dir = path.dirname(target);
  try {
    fs.accessSync(target, fs.constants.W_OK);
  } catch {
    return `${userName()} cannot write ${base}`;
  }
  // A save writes a temporary file beside it and renames it over the file.
  try {
    fs.accessSync(dir, fs.constants.W_OK | fs.constants.X_OK);
  } catch {
    return `${userName()} cannot create files in ${dir}, where a save writes ${base}'s new copy`;
  }
  const uid = process.getuid?.();
  if (uid !== undefined && uid !== 0) {
    const d = fs.statSync(dir);
    if (d.mode & 0o1000 && d.uid !== uid && fs.statSync(target).uid !== uid) {
      return `${dir} is a sticky folder and ${base} belongs to another user, so ${userName()} cannot replace it`;
    }
  }
  return undefined;
}
