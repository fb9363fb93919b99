import { stringify } from 'csv-stringify/sync';
import type { Row } from '../db/index.js';
import { guardFormula, toJson, type Detail, type DisplayRow, type TabSpec } from '../triage/index.js';
import { clip, fit, sanitize, displayWidth } from '../text/sanitize.js';
import { write } from './context.js';

const MAX_CELL = 48;

/** Rows as an aligned text table: the row id (what actions take), then every column of the tab. */
export function tableText(spec: TabSpec, rows: DisplayRow[]): string {
  const cols = [{ key: 'id', header: 'Id', align: 'right' as const }, ...spec.columns];
  const cells = rows.map((r) =>
    cols.map((c) => clip(c.key === 'id' ? String(r.id) : (r.cells[c.key] ?? ''), MAX_CELL)),
  );
  const widths = cols.map((c, i) =>
    Math.min(MAX_CELL, Math.max(displayWidth(c.header), ...cells.map((row) => displayWidth(row[i]!)))),
  );
  const line = (values: string[]) =>
    values
      .map((v, i) => fit(v, widths[i]!, cols[i]!.align))
      .join('  ')
      .trimEnd();
  return [line(cols.map((c) => c.header)), ...cells.map(line)].join('\n');
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

export type RecordFormat = 'json' | 'ndjson' | 'csv' | 'tsv';

/** A TSV field: the whole value, with tab, newline, carriage return and backslash escaped so a row stays one line. */
function tsvField(v: Row[string]): string {
  if (v === null || v === undefined) return '';
  return String(v).replace(/[\\\t\n\r]/g, (c) =>
    c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r',
  );
}

/**
 * Writes records to stdout as they come, holding one at a time: a reader that is
 * slower than the query (a pipe to less) makes this wait, not buffer the rest.
 * Strings are made terminal-safe only when stdout is a terminal.
 */
export async function writeRecords(
  rows: Iterable<Row>,
  format: RecordFormat,
  terminal: boolean,
  raw = false,
): Promise<number> {
  // A spreadsheet opens csv and tsv: formulas are guarded unless --raw asks for the exact values.
  const sheet = (format === 'csv' || format === 'tsv') && !raw;
  const safe = (r: Row): Row => {
    const shown = terminal ? mapValues(r, (v) => (typeof v === 'string' ? sanitize(v) : v)) : r;
    return sheet ? mapValues(shown, guardFormula) : shown;
  };
  let chunk = '';
  let n = 0;
  let columns: string[] | undefined;
  const flush = async (): Promise<void> => {
    if (!chunk) return;
    const text = chunk;
    chunk = '';
    if (!write(text)) await new Promise<void>((resolve) => process.stdout.once('drain', () => resolve()));
  };
  if (format === 'json') chunk += '[';
  for (const raw of rows) {
    const r = safe(raw);
    switch (format) {
      case 'json':
        chunk += `${n ? ',' : ''}\n  ${toJson(r, 0)}`;
        break;
      case 'ndjson':
        chunk += `${toJson(r, 0)}\n`;
        break;
      case 'csv':
        if (!columns) chunk += stringify([(columns = Object.keys(r))]);
        chunk += stringify([columns.map((c) => r[c])]);
        break;
      case 'tsv':
        if (!columns) chunk += `${(columns = Object.keys(r)).join('\t')}\n`;
        chunk += `${columns.map((c) => tsvField(r[c])).join('\t')}\n`;
        break;
    }
    n++;
    if (chunk.length >= 64 * 1024) await flush();
  }
  if (format === 'json') chunk += n ? '\n]\n' : ']\n';
  await flush();
  return n;
}
