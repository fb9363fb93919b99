/** What every command shares: where output goes, who acts, which snapshot, the debug log. */
import os from 'node:os';
import {
  appendDebugLog,
  FileChangedError,
  debugLogPath,
  isDemoSnapshot,
  openSnapshot,
  type Snapshot,
  SnapshotChangedError,
  withSaveLockAsync,
  WriterBusyError,
} from '../db/index.js';
import { sanitize } from '../text/sanitize.js';
import type { Config } from './config.js';
import { UsageError } from './usage-error.js';

/** How much this command wrote to stdout: a read may be tried again on a changed file only before its first output. */
let printed = 0;

/** Writes to stdout; resolves false when the pipe wants a pause (wait for 'drain'). */
export function write(text: string): boolean {
  printed += text.length;
  return process.stdout.write(text);
}

export function out(text: string): void {
  write(text.endsWith('\n') ? text : `${text}\n`);
}

/** A line on stderr; it can carry text from the file (table names, values), so it is made terminal-safe. */
export function info(line: string): void {
  process.stderr.write(`${sanitize(line)}\n`);
  debug(`note: ${line}`);
}

/** AMAZON_LOGS_DEBUG=1 (anything but '' or '0'): timings, saves, notices and errors go to the debug log. */
export function debugging(env: Record<string, string | undefined> = process.env): boolean {
  const v = env.AMAZON_LOGS_DEBUG;
  return v !== undefined && v !== '' && v !== '0';
}

export function debug(line: string): void {
  if (debugging()) appendDebugLog(debugLogPath(), line);
}

function loginName(): string {
  try {
    return os.userInfo().username;
  } catch {
    return process.env.LOGNAME ?? process.env.USER ?? `user ${process.getuid?.() ?? 'unknown'}`;
  }
}

/**
 * Who an action is audited as: --actor, else AMAZON_LOGS_ACTOR, else the config
 * file's actor, else the user sudo ran for (SUDO_USER), else the login name.
 */
export function actorOf(
  flags: { actor?: string | boolean },
  config: Config,
  env: Record<string, string | undefined> = process.env,
): string {
  if (typeof flags.actor === 'string' && flags.actor.trim()) return flags.actor;
  return env.AMAZON_LOGS_ACTOR?.trim() || config.actor || env.SUDO_USER?.trim() || loginName();
}

/** The snapshot a command works on: FILE or --db, else AMAZON_LOGS_DB, else the config file's db. Never a guess. */
export function snapshotFile(
  given: string | undefined,
  config: Config,
  configFile: string,
  env: Record<string, string | undefined> = process.env,
): string {
  const file = given ?? (env.AMAZON_LOGS_DB?.trim() || config.db);
  if (file) return file;
  throw new UsageError(
    `no snapshot named: give --db FILE, or set AMAZON_LOGS_DB, or "db" in ${configFile} (\`amazon-logs demo\` opens a demo snapshot)`,
  );
}

/**
 * Opens the snapshot; what the user should know (a migration, a live database, a
 * demo) goes to stderr. `check` runs PRAGMA quick_check first: the commands that write do.
 */
export async function openSnapshotFile(file: string, readOnly: boolean, check: boolean): Promise<Snapshot> {
  const started = performance.now();
  const db = await openSnapshot(file, {
    readOnly,
    quickCheck: check,
    onNotice: (line) => info(`amazon-logs: ${line}`),
  });
  debug(
    `opened ${file} (${readOnly ? 'read-only' : 'writable'}${check ? ', checked' : ''}) in ${Math.round(performance.now() - started)} ms`,
  );
  if (isDemoSnapshot(db)) info(`amazon-logs: ${file} is a demo snapshot (made-up data)`);
  return db;
}

/**
 * Runs `fn` on the snapshot and closes it whatever happens. A command that
 * writes checks it first (PRAGMA quick_check reads every page); one that only
 * reads (list, show, settings) reads only the pages of its answer.
 */
export async function withSnapshot<T>(
  file: string,
  readOnly: boolean,
  fn: (db: Snapshot) => T | Promise<T>,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    const before = printed;
    const db = await openSnapshotFile(file, readOnly, !readOnly);
    try {
      return await fn(db);
    } catch (err) {
      // A file another program wrote while it was read is read again, from its new version, unless output began.
      if (!readOnly || !(err instanceof FileChangedError) || printed !== before || attempt >= READ_TRIES) throw err;
    } finally {
      db.close();
    }
    await new Promise((resolve) => setTimeout(resolve, 20 * attempt));
  }
}

/** How often a read is tried on a file that keeps changing under it. */
const READ_TRIES = 5;

/** How often a command's action is tried on a file another program keeps writing. */
const ACTION_TRIES = 5;

/**
 * withSnapshot for a command that acts on the file: it holds the lock every
 * save of ours takes from before it reads the file until it has saved it, so
 * teammates' saves (dashboards, other commands) wait for it rather than
 * change the file under it. When a program that is not ours writes the file
 * meanwhile (a producer), the action is tried again on the new version a few
 * times (it is logical: resolve these rows, run the schedule) before the
 * refusal (exit 3) is reported; output comes only after the save.
 */
export async function withSnapshotForAction<T>(file: string, fn: (db: Snapshot) => T | Promise<T>): Promise<T> {
  return withSaveLockAsync(file, async () => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await withSnapshot(file, false, fn);
      } catch (err) {
        if (attempt >= ACTION_TRIES || !(err instanceof SnapshotChangedError || err instanceof WriterBusyError))
          throw err;
        await new Promise((resolve) => setTimeout(resolve, 50 * attempt));
      }
    }
  });
}
