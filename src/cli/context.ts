/** What every command shares: where output goes, who acts, which snapshot. */
import fs from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { openSnapshot, type Snapshot } from '../db/index.js';
import { sanitize } from '../text/sanitize.js';
import { writeDemo } from '../engine/demo/index.js';

/** The demo snapshot that `npm start` and a missing --db use. */
export const DEMO_DB = fileURLToPath(new URL('../../data/demo.db', import.meta.url));

export function out(text: string): void {
  process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
}

/** A line on stderr; it can carry text from the file (table names, values), so it is made terminal-safe. */
export function info(line: string): void {
  process.stderr.write(`${sanitize(line)}\n`);
}

export function osUser(): string {
  try {
    return os.userInfo().username;
  } catch {
    return process.env.USER ?? 'unknown';
  }
}

/** Who an action is audited as: --actor, else the OS user. */
export function actorOf(flags: { actor?: string | boolean }): string {
  return typeof flags.actor === 'string' ? flags.actor : osUser();
}

/** The snapshot a command works on; the demo one is generated the first time. */
export async function resolveDb(file: string | undefined): Promise<string> {
  if (file !== undefined) return file;
  if (!fs.existsSync(DEMO_DB)) {
    info(`generating the demo snapshot ${DEMO_DB} ...`);
    await writeDemo(DEMO_DB, { transactions: 2000, seed: 1 });
  }
  return DEMO_DB;
}

/**
 * Opens the snapshot after PRAGMA quick_check, before anything is printed or
 * written; what the user should know (a migration, a live database) goes to stderr.
 */
export function openChecked(file: string, readOnly: boolean): Promise<Snapshot> {
  return openSnapshot(file, { readOnly, quickCheck: true, onNotice: (line) => info(`amazon-logs: ${line}`) });
}

/** Runs `fn` on the snapshot and closes it whatever happens. */
export async function withSnapshot<T>(file: string, readOnly: boolean, fn: (db: Snapshot) => T | Promise<T>): Promise<T> {
  const db = await openChecked(file, readOnly);
  try {
    return await fn(db);
  } finally {
    db.close();
  }
}
