import { stringify } from 'csv-stringify/sync';
import type { Row } from '../db/index.js';
import type { Detail, DisplayRow, TabSpec } from '../triage/index.js';
import { fit, sanitize, displayWidth } from '../ui/sanitize.js';

const MAX_CELL = 48;

/** Rows as an aligned text table: the row id (what actions take), then every column of the tab. */
export function tableText(spec: TabSpec, rows: DisplayRow[]): string {
  const cols = [{ key: 'id', header: 'Id', align: 'right' as const }, ...spec.columns];
  const cells = rows.map((r) => cols.map((c) => sanitize(c.key === 'id' ? String(r.id) : (r.cells[c.key] ?? ''))));
  const widths = cols.map((c, i) => Math.min(MAX_CELL, Math.max(displayWidth(c.header), ...cells.map((row) => displayWidth(row[i]!)))));
  const line = (values: string[]) =>
    values
      .map((v, i) => fit(v, widths[i]!, cols[i]!.align))
      .join('  ')
      .trimEnd();
  return [line(cols.map((c) => c.header)), ...cells.map(line)].join('\n');
}

/** Raw records as CSV with a header row (RFC 4180 quoting by csv-stringify). */
export function csvText(records: Row[], terminal: boolean): string {
  const safe = terminal ? records.map((r) => mapValues(r, (v) => (typeof v === 'string' ? sanitize(v) : v))) : records;
  return stringify(safe, { header: true, columns: records.length ? Object.keys(records[0]!) : undefined });
}

/**
 * Raw records as JSON. JSON escapes C0 controls itself; C1 controls and bidi
 * overrides are escaped too, so printing the output never drives a terminal.
 */
export function jsonText(value: unknown): string {
  return JSON.stringify(value, null, 2).replace(/[\u0080-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** A record's detail as text: fields, then each section. */
export function detailText(d: Detail): string {
  const labelWidth = Math.max(...d.fields.map(([l]) => l.length));
  const out = [sanitize(d.title), ''];
  for (const [label, value] of d.fields) out.push(`${label.padEnd(labelWidth)}  ${sanitize(value)}`);
  for (const s of d.sections) {
    out.push('', `${sanitize(s.title)}:`);
    for (const l of s.lines.length ? s.lines : ['none']) out.push(`  ${sanitize(l)}`);
  }
  return out.join('\n');
}

function mapValues(r: Row, fn: (v: Row[string]) => Row[string]): Row {
  return Object.fromEntries(Object.entries(r).map(([k, v]) => [k, fn(v)]));
}
