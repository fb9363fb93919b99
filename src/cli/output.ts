import type { Row } from '../db/index.js';
import { toCsv, type Detail, type DisplayRow, type TabSpec } from '../triage/index.js';
import { fit, sanitize, displayWidth } from '../text/sanitize.js';

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

/** Raw records as CSV; made terminal-safe only when printed to a terminal (a file or pipe gets the data as stored). */
export function csvText(records: Row[], terminal: boolean): string {
  return toCsv(terminal ? records.map((r) => mapValues(r, (v) => (typeof v === 'string' ? sanitize(v) : v))) : records);
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
