import fs from 'node:fs';
import { SnapshotError } from './snapshot-errors.js';
import { saveTarget } from './paths.js';
import { ownerAlive, type ProcessId, thisProcess } from './owner-process.js';

/**
 * The lock our processes take around a save's check-and-replace, so that two
 * of them (teammates' dashboards, a command) never both find the file
 * unchanged and then both replace it: the second one sees the first one's
 * file and merges onto it. A file created exclusively beside the snapshot,
 * holding its owner; one left by a process that is gone is taken over.
 */
export function saveLockPath(file: string): string {
  return `${saveTarget(file)}.save-lock`;
}

/** How long a save waits for another process's save before giving up. */
const WAIT_MS = 20_000;
const POLL_MS = 20;

type Attempt = { taken: true } | { taken: false; holder: ProcessId | undefined };

/** Locks this process holds, and how deep: a command holding one for its whole run saves under it too. */
const held = new Map<string, number>();

function tryTake(lock: string): Attempt {
  try {
    const fd = fs.openSync(lock, 'wx', 0o600);
    try {
      fs.writeSync(fd, JSON.stringify(thisProcess()));
    } finally {
      fs.closeSync(fd);
    }
    return { taken: true };
  } catch (err) {
    // A folder that cannot take the lock (missing, read-only) cannot take the save either: that error, clearer, comes then.
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') return { taken: true };
  }
  let holder: ProcessId | undefined;
  try {
    holder = JSON.parse(fs.readFileSync(lock, 'utf8')) as ProcessId;
  } catch {
    // Being written this very moment, or torn by a crash: judged by its age below.
  }
  const stale = holder ? !ownerAlive(holder) : ageMs(lock) > 5_000;
  if (stale) {
    fs.rmSync(lock, { force: true });
    return tryTake(lock);
  }
  return { taken: false, holder };
}

function ageMs(lock: string): number {
  try {
    return Date.now() - fs.statSync(lock).mtimeMs;
  } catch {
    return Infinity;
  }
}

function busy(file: string, holder: ProcessId | undefined): SnapshotError {
  const who = holder ? `process ${holder.pid}` : 'another process';
  return new SnapshotError(file, `is being saved by ${who} (${saveLockPath(file)}); try again in a moment`);
}

function release(lock: string): void {
  const depth = held.get(lock) ?? 1;
  if (depth > 1) return void held.set(lock, depth - 1);
  held.delete(lock);
  fs.rmSync(lock, { force: true });
}

/** Takes the lock unless this process holds it already. */
function take(lock: string): Attempt {
  const depth = held.get(lock);
  if (depth !== undefined) {
    held.set(lock, depth + 1);
    return { taken: true };
  }
  const attempt = tryTake(lock);
  if (attempt.taken) held.set(lock, 1);
  return attempt;
}

const sleeper = new Int32Array(new SharedArrayBuffer(4));

export function withSaveLock<T>(file: string, fn: () => T): T {
  const lock = saveLockPath(file);
  const deadline = Date.now() + WAIT_MS;
  for (let attempt = take(lock); !attempt.taken; attempt = take(lock)) {
    if (Date.now() > deadline) throw busy(file, attempt.holder);
    Atomics.wait(sleeper, 0, 0, POLL_MS);
  }
  try {
    return fn();
  } finally {
    release(lock);
  }
}

export async function withSaveLockAsync<T>(file: string, fn: () => Promise<T>): Promise<T> {
  const lock = saveLockPath(file);
  const deadline = Date.now() + WAIT_MS;
  for (let attempt = take(lock); !attempt.taken; attempt = take(lock)) {
    if (Date.now() > deadline) throw busy(file, attempt.holder);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  try {
    return await fn();
  } finally {
    release(lock);
  }
}
