import fs from 'node:fs';
import os from 'node:os';
import { buildSearchIndexes, createSnapshot, packagePath, type Snapshot } from '../db/index.js';
import { generateDemo } from '../engine/demo/index.js';
import { countRows, getDetail, listRecords, listRows, runAction, tabSpec, toJson, type ActionId, type TabFilters, type TabId } from '../triage/index.js';
import { UsageError } from './errors.js';
import { csvText, detailText, tableText } from './output.js';

/** The demo snapshot that `npm start` and a missing --db use. */
export const DEMO_DB = packagePath('data/demo.db');

export function osUser(): string {
  try {
    return os.userInfo().username;
  } catch {
    return process.env.USER ?? 'unknown';
  }
}

/** The snapshot a command works on; the demo one is generated the first time. */
export async function resolveDb(file: string | undefined, log: (line: string) => void): Promise<string> {
  if (file !== undefined) return file;
  if (!fs.existsSync(DEMO_DB)) {
    log(`generating the demo snapshot ${DEMO_DB} ...`);
    await writeDemo(DEMO_DB, { transactions: 2000, seed: 1 });
  }
  return DEMO_DB;
}

export async function writeDemo(out: string, opts: { transactions: number; seed: number }): Promise<string> {
  const db = await createSnapshot();
  try {
    const stats = generateDemo(db, opts);
    await buildSearchIndexes(db);
    db.saveAs(out);
    return `wrote ${out}: ${stats.transactions} transactions, ${stats.orders} orders, ${stats.errors} errors (${stats.openErrors} open)`;
  } finally {
    db.close();
  }
}

export interface ListOptions {
  tab: TabId;
  filters: TabFilters;
  limit: number | undefined;
  format: 'table' | 'json' | 'csv';
  terminal: boolean;
}

export function listText(db: Snapshot, o: ListOptions): string {
  if (o.format === 'table') {
    const limit = o.limit ?? 50;
    const rows = listRows(db, o.tab, o.filters, 0, limit);
    const total = countRows(db, o.tab, o.filters);
    const more = total > rows.length ? `\n(${rows.length} of ${total} rows; use --limit to see more)` : `\n(${total} row${total === 1 ? '' : 's'})`;
    return tableText(tabSpec(o.tab), rows) + more;
  }
  const records = listRecords(db, o.tab, o.filters, o.limit ?? -1);
  return o.format === 'json' ? toJson(records) : csvText(records, o.terminal).trimEnd();
}

export function showText(db: Snapshot, tab: TabId, id: number, format: 'text' | 'json'): string {
  const detail = getDetail(db, tab, id);
  if (!detail) throw new UsageError(`no ${tabSpec(tab).noun} with id ${id} in the ${tab} tab`);
  return format === 'json' ? toJson(detail) : detailText(detail);
}

/** Runs an action on rows and saves; returns the report line and whether every re-run succeeded. */
export function act(db: Snapshot, tab: TabId, action: ActionId, ids: number[], actor: string): { line: string; ok: boolean } {
  const outcome = runAction(db, tab, action, ids, { actor });
  return { line: outcome.message, ok: outcome.ok };
}
