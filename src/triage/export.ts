import path from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { sameFolder, writeNewFile, type Row, type Snapshot } from '../db/index.js';
import { ActionError } from './actions.js';
import { listRecords } from './query.js';
import type { TabFilters, TabId } from './triage-types.js';

export type ExportFormat = 'csv' | 'json';

/**
 * A text value a spreadsheet would run as a formula (it starts with =, +, -, @, a tab or a
 * carriage return) gets a leading ' (OWASP's guard): opening an export must not run
 * what a producer or a buyer wrote. Numbers stay numbers; --raw gives exact values.
 */
export function guardFormula<T>(value: T): T | string {
  return typeof value === 'string' && /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/** Records as CSV with a header row (RFC 4180 quoting by csv-stringify), formulas guarded. */
export function toCsv(records: Row[]): string {
  const guarded = records.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, guardFormula(v)])));
  return stringify(guarded, { header: true, columns: records.length ? Object.keys(records[0]!) : undefined });
}

/**
 * Records (or any value) as JSON. JSON escapes C0 controls itself; C1 controls
 * and bidi overrides are escaped too, so printing it never drives a terminal.
 */
export function toJson(value: unknown, indent: number | undefined = 2): string {
  return JSON.stringify(value, null, indent).replace(
    /[\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

export interface ExportResult {
  file: string;
  rows: number;
}

/**
 * Writes every row of the filtered tab (not only the screen) to a new file in
 * `dir`, named after the tab and the time; an existing file is never replaced.
 */
export function exportToFile(
  db: Snapshot,
  tab: TabId,
  filters: TabFilters,
  format: ExportFormat,
  dir: string,
  now = new Date(),
): ExportResult {
  // Read-only review promises nothing is written near the snapshot.
  if (db.readOnly && db.file && sameFolder(path.dirname(db.file), dir)) {
    throw new ActionError(
      `read-only: exports are not written beside the snapshot (${dir}); start amazon-logs from another folder to export there`,
    );
  }
  const records = listRecords(db, tab, filters, -1);
  const bytes = Buffer.from(format === 'csv' ? toCsv(records) : `${toJson(records)}\n`, 'utf8');
  const stamp = now.toISOString().slice(0, 19).replace(/[-:]/g, '').replace('T', '-');
  for (let n = 0; n < 100; n++) {
    const file = path.join(dir, `amazon-logs-${tab}-${stamp}${n ? `-${n}` : ''}.${format}`);
    if (writeNewFile(file, bytes)) return { file, rows: records.length };
  }
  throw new Error(`could not find a free file name for the export in ${dir}`);
}
