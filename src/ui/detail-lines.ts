/** The detail view as plain lines (sanitised and wrapped to the width), so it can scroll by line. */
import type { Detail } from '../triage/triage-types.js';
import { displayWidth, fit, sanitize, truncate, wrap, capped } from '../text/sanitize.js';

export interface DetailLine {
  kind: 'field' | 'section' | 'text' | 'blank';
  /** For a field: its label, padded; empty on a value's continuation lines. */
  label?: string;
  text: string;
}

const MAX_LABEL = 22;

/** A stored UTC instant (2026-11-10T09:01:00Z), wherever it stands in a value. */
const UTC_INSTANT = /\b\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z\b/g;
const pad = (n: number) => String(n).padStart(2, '0');

/** A UTC instant in the terminal's local time, with its offset then: 2026-11-10T04:01:00-05:00. */
export function localInstant(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const minutes = -d.getTimezoneOffset();
  const offset = `${minutes < 0 ? '-' : '+'}${pad(Math.floor(Math.abs(minutes) / 60))}:${pad(Math.abs(minutes) % 60)}`;
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}${offset}`;
}

/**
 * Every field, then every section, wrapped to `width` columns; with
 * `localTime` (Z), the record's dates in the terminal's local time, each
 * with its offset (a date in UTC keeps its Z).
 */
export function detailLines(detail: Detail, width: number, ellipsis = '…', localTime = false): DetailLine[] {
  const dates = (text: string) => (localTime ? text.replace(UTC_INSTANT, localInstant) : text);
  const lines: DetailLine[] = [];
  const labelWidth = Math.min(MAX_LABEL, Math.max(0, ...detail.fields.map(([label]) => displayWidth(sanitize(label)))));
  const valueWidth = Math.max(10, width - labelWidth - 2);
  for (const [label, value] of detail.fields) {
    // A field of a megabyte would wrap into thousands of lines: the view shows its start and says how much more.
    const shown = sanitize(capped(dates(value)));
    const pieces = shown.length ? wrap(shown, valueWidth) : [''];
    pieces.forEach((piece, i) => {
      lines.push({
        kind: 'field',
        label: i === 0 ? fit(sanitize(label), labelWidth) : ' '.repeat(labelWidth),
        text: piece,
      });
    });
  }
  for (const section of detail.sections) {
    lines.push({ kind: 'blank', text: '' });
    lines.push({ kind: 'section', text: truncate(sanitize(section.title), width, ellipsis) });
    if (section.lines.length === 0) lines.push({ kind: 'text', text: '  (none)' });
    for (const line of section.lines) {
      for (const piece of wrap(sanitize(capped(dates(line))), width - 2))
        lines.push({ kind: 'text', text: `  ${piece}` });
    }
  }
  return lines;
}

/** The largest useful scroll offset for `count` lines in a window of `height`. */
export function maxScroll(count: number, height: number): number {
  return Math.max(0, count - height);
}

/** Lines the detail body scrolls through: the body minus the title line and, when there are transactions, their strip. */
export function detailViewport(detail: Detail, bodyHeight: number): number {
  return Math.max(1, bodyHeight - 1 - (detail.transactionIds.length ? 1 : 0));
}

/**
 * The strip listing a record's transactions, as many as fit around the
 * chosen one: `[from, to)` indexes into transactionIds.
 */
export function transactionStrip(ids: readonly number[], cursor: number, width: number): { from: number; to: number } {
  let from = cursor;
  let to = cursor + 1;
  let used = `#${ids[cursor]}`.length + 2;
  for (;;) {
    const grew = used;
    if (to < ids.length && used + `#${ids[to]}`.length + 3 <= width) used += `#${ids[to++]}`.length + 3;
    if (from > 0 && used + `#${ids[from - 1]}`.length + 3 <= width) used += `#${ids[--from]}`.length + 3;
    if (used === grew) break;
  }
  return { from, to };
}
