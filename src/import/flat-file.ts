/**
 * Reading delimited text files by header name: Seller Central's flat-file
 * reports (tab-separated, never quoted: a `"` in a title is part of it) and
 * CSV exports (RFC 4180 quoting, delimiter found from the header row).
 * CRLF, LF and lone CR line ends all work; blank lines are ignored.
 */
import type { BadRow } from './import-types.js';

export interface FlatRow {
  /** 1-based line of the file where the row starts. */
  line: number;
  /** The trimmed value of a column by name; undefined when the file has no such column. */
  value(column: string): string | undefined;
  /** The value when the row has one: undefined for an absent column or an empty cell. */
  given(column: string): string | undefined;
  /** The row as received: header as written -> value. */
  record(): Record<string, string>;
}

export interface FlatFile {
  /** Column names as written in the header row. */
  header: string[];
  /** The header's names normalised (see columnKey). */
  columns: Set<string>;
  rows: FlatRow[];
  /** Rows that cannot be read (more values than columns, an unclosed quote). */
  bad: BadRow[];
}

/** `Seller SKU`, `seller_sku` and `seller-sku` name the same column. */
export function columnKey(name: string): string {
  return name
    .trim()
    .toLowerCase()
    .replace(/[\s_]+/g, '-');
}

interface RawRecord {
  line: number;
  fields: string[];
  unclosed?: boolean;
}

/** Tab-separated, no quoting, as Amazon writes its flat files. */
function tabRecords(text: string): RawRecord[] {
  return text.split(/\r\n|\n|\r/).map((row, i) => ({ line: i + 1, fields: row.split('\t') }));
}

/** RFC 4180: fields in double quotes may hold the delimiter, line ends and "" for a quote. */
function quotedRecords(text: string, delimiter: string): RawRecord[] {
  const records: RawRecord[] = [];
  let fields: string[] = [];
  let field = '';
  let line = 1;
  let start = 1;
  let quoted = false;
  let i = 0;
  const endRecord = () => {
    fields.push(field);
    records.push({ line: start, fields });
    fields = [];
    field = '';
  };
  while (i < text.length) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
      } else {
        if (c === '\n' || (c === '\r' && text[i + 1] !== '\n')) line++;
        field += c;
      }
      i++;
      continue;
    }
    if (c === '"' && field.trim() === '') {
      quoted = true;
      field = '';
    } else if (c === delimiter) {
      fields.push(field);
      field = '';
    } else if (c === '\r' || c === '\n') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      endRecord();
      line++;
      start = line;
    } else {
      field += c;
    }
    i++;
  }
  if (quoted) {
    fields.push(field);
    records.push({ line: start, fields, unclosed: true });
  } else if (field !== '' || fields.length > 0) {
    endRecord();
  }
  return records;
}

/** The most frequent of comma, tab and semicolon in the header row (outside quotes); comma when none. */
function guessDelimiter(firstLine: string): string {
  const unquoted = firstLine.replace(/"[^"]*"/g, '');
  const counts = [',', '\t', ';'].map((d) => [d, unquoted.split(d).length - 1] as const);
  const [best, n] = counts.reduce((a, b) => (b[1] > a[1] ? b : a));
  return n > 0 ? best : ',';
}

/**
 * Reads the file's rows keyed by its header row (the first non-blank line).
 * `tab`: Amazon's flat files; `csv`: a spreadsheet export, delimiter guessed.
 */
export function readFlatFile(file: string, text: string, format: 'tab' | 'csv'): FlatFile {
  const firstLine = text.split(/\r\n|\n|\r/, 1)[0] ?? '';
  const records = (format === 'tab' ? tabRecords(text) : quotedRecords(text, guessDelimiter(firstLine))).filter(
    (r) => r.unclosed || r.fields.some((f) => f.trim() !== ''),
  );
  const headerRecord = records.shift();
  const header = (headerRecord?.fields ?? []).map((h) => h.trim());
  const keys = header.map(columnKey);
  const index = new Map<string, number>();
  keys.forEach((k, i) => {
    if (k !== '' && !index.has(k)) index.set(k, i);
  });
  const rows: FlatRow[] = [];
  const bad: BadRow[] = [];
  for (const r of records) {
    if (r.unclosed) {
      bad.push({ file, line: r.line, reason: 'a quoted value is never closed' });
      continue;
    }
    // Amazon leaves trailing tabs off rows whose last columns are empty; extra values are a shifted row.
    const extra = r.fields.slice(header.length);
    if (extra.some((f) => f.trim() !== '')) {
      bad.push({ file, line: r.line, reason: `${r.fields.length} values for ${header.length} columns` });
      continue;
    }
    const fields = r.fields;
    const value = (column: string) => {
      const i = index.get(columnKey(column));
      return i === undefined ? undefined : (fields[i] ?? '').trim();
    };
    rows.push({
      line: r.line,
      value,
      given: (column) => value(column) || undefined,
      record: () => Object.fromEntries(header.map((h, i) => [h, fields[i] ?? ''])),
    });
  }
  return { header, columns: new Set(keys.filter((k) => k !== '')), rows, bad };
}
