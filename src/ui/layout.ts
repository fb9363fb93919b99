/** Pure layout: how tall each part of the screen is and how wide each column is. */
import { tabSpec } from '../triage/tabs.js';
import type { ColumnSpec, DisplayRow, TabId } from '../triage/triage-types.js';
import { cell, displayWidth, fit, sanitize, truncate, wrap } from '../text/sanitize.js';
import { UNICODE_GLYPHS, type Glyphs } from './glyphs.js';
import type { AppState } from './model.js';
import { selectedRow } from './selectors.js';

export const MIN_COLUMNS = 80;
export const MIN_ROWS = 24;

/** "› " before the selected row, two spaces before the others. */
export const MARKER_WIDTH = 2;
export const SEPARATOR = ' ';

/** Lines around the body: tab bar and filter line above; status, message and keys lines below. */
const CHROME_LINES = 5;

export interface ScreenLayout {
  /** Lines the body (table, detail, form, menu, help) may use. */
  bodyHeight: number;
  /** Table rows that fit under the table's header line. */
  tableRows: number;
}

/**
 * Ink 6 clears and redraws the whole screen when a frame is as tall as the
 * terminal, so the frame is at most rows - 1 lines. A message too long for
 * one line takes a second one from the body (a command to run is never cut).
 */
export function screenLayout(rows: number, messageLines = 1): ScreenLayout {
  const bodyHeight = Math.max(1, rows - 1 - CHROME_LINES - (messageLines - 1));
  return { bodyHeight, tableRows: Math.max(1, bodyHeight - 1) };
}

/** The message line's text (✓ or ✗ and the message), as it is drawn. */
export function messageText(state: Pick<AppState, 'message'>, marks: { ok: string; fail: string }): string {
  return state.message ? `${state.message.ok ? marks.ok : marks.fail} ${sanitize(state.message.text)}` : '';
}

/** Lines the message takes: one, or two when it does not fit in one. */
export function messageLines(state: Pick<AppState, 'message' | 'columns'>): number {
  return state.message && displayWidth(`x ${sanitize(state.message.text)}`) > state.columns ? 2 : 1;
}

/** The screen's layout for this state. */
export function screenOf(state: Pick<AppState, 'message' | 'columns' | 'rows'>): ScreenLayout {
  return screenLayout(state.rows, messageLines(state));
}

/** Lines of pictures above a tab's table (per-day figures): Logs draws failed against total, Errors new errors. */
export const PICTURE_LINES: Record<TabId, number> = { orders: 0, inventory: 0, logs: 2, errors: 1 };

export interface TableLayout {
  pictures: number;
  /** Lines under the table for the selected row's values of the columns left out at this width (0, 1 or 2). */
  strip: number;
  /** Lines of the table under its header. */
  tableRows: number;
  /** Rows that show: the table's lines less the selected row's wrapped fields (w). */
  visibleRows: number;
  /** w: the selected row's long fields, wrapped, shown under it. */
  wrapped: string[];
  columns: LaidColumn[];
  /** The columns not on screen (left out at this width, or scrolled off), in the tab's order. */
  hidden: ColumnSpec[];
  /** Columns scrolled off to the left; more to the right. */
  scrolled: { left: number; right: boolean };
}

/** The most lines the selected row's wrapped fields take. */
const MAX_WRAPPED = 6;

/**
 * How a tab's body is shared at this size: pictures, the header, the rows,
 * the lines of the columns left out. With `view` (the state), the column
 * chooser's choice, the horizontal scroll and the wrap of the selected row
 * count too.
 */
export function tableLayout(tab: TabId, columns: number, rows: number, view?: AppState): TableLayout {
  const spec = tabSpec(tab);
  const hiddenByChoice = view?.hiddenColumns[tab] ?? [];
  const shown = spec.columns.filter((c) => !hiddenByChoice.includes(c.key));
  const skip = Math.min(view?.tabs[tab].hscroll ?? 0, Math.max(0, shown.length - 1));
  const laid = skip > 0 ? scrolledColumns(shown.slice(skip), columns) : layoutColumns(shown, columns);
  const hidden = shown.filter((c) => !laid.some((l) => l.spec.key === c.key));
  const lastShown = laid.length ? shown.indexOf(laid.at(-1)!.spec) : -1;
  const pictures = PICTURE_LINES[tab];
  const body = view ? screenOf(view).bodyHeight : screenLayout(rows).bodyHeight;
  const row = view && view.tab === tab && view.wrap ? selectedRow(view) : undefined;
  const wrapped = row ? wrappedFields(row, laid, hidden, columns).slice(0, MAX_WRAPPED) : [];
  // As many lines as the columns' own widths need ("Header value · "), at most two: the same for every row, so nothing jumps.
  const wanted = hidden.reduce((n, c) => n + c.header.length + 1 + c.width + 3, 0);
  const strip = hidden.length && !(view?.wrap ?? false) ? Math.min(2, Math.ceil(wanted / Math.max(1, columns - 2))) : 0;
  const tableRows = Math.max(1, body - 1 - pictures - strip);
  return {
    pictures,
    strip,
    tableRows,
    visibleRows: Math.max(1, tableRows - Math.min(wrapped.length, tableRows - 1)),
    wrapped: wrapped.slice(0, Math.max(0, tableRows - 1)),
    columns: laid,
    hidden,
    scrolled: { left: skip, right: lastShown >= 0 && lastShown < shown.length - 1 },
  };
}

/** Scrolled right: the columns in order from the first shown, each at its own width, as many as fit; the grow ones take the rest. */
function scrolledColumns(specs: readonly ColumnSpec[], totalWidth: number): LaidColumn[] {
  const available = totalWidth - MARKER_WIDTH;
  const kept: LaidColumn[] = [];
  for (const spec of specs) {
    if (usedWidth([...kept, { width: spec.width }]) > available) break;
    kept.push({ spec, width: spec.width });
  }
  if (kept.length === 0 && specs[0]) kept.push({ spec: specs[0], width: available });
  return growInto(kept, available);
}

/**
 * w: the selected row's fields that the table cuts or leaves out, in full,
 * wrapped to the width: "Message: Send feed: quantity 12 for ..." .
 */
export function wrappedFields(
  row: DisplayRow,
  laid: readonly LaidColumn[],
  hidden: readonly ColumnSpec[],
  width: number,
): string[] {
  const cut = laid.filter((c) => displayWidth(sanitize(row.cells[c.spec.key] ?? '')) > c.width).map((c) => c.spec);
  const lines: string[] = [];
  for (const c of [...cut, ...hidden]) {
    const value = sanitize(row.cells[c.key] ?? '');
    if (!value) continue;
    for (const piece of wrap(`${c.header}: ${value}`, Math.max(10, width - 4))) lines.push(`    ${piece}`);
  }
  return lines;
}

export function tooSmall(columns: number, rows: number): boolean {
  return columns < MIN_COLUMNS || rows < MIN_ROWS;
}

export interface LaidColumn {
  spec: ColumnSpec;
  width: number;
}

function usedWidth(columns: readonly { width: number }[]): number {
  return columns.reduce((sum, c) => sum + c.width, 0) + Math.max(0, columns.length - 1) * SEPARATOR.length;
}

/**
 * Column widths for a terminal `totalWidth` columns wide: drop columns by
 * descending dropOrder (later ones first on a tie) until the rest fit, then
 * share what is left among the `grow` columns by their weights.
 */
export function layoutColumns(specs: readonly ColumnSpec[], totalWidth: number): LaidColumn[] {
  const available = totalWidth - MARKER_WIDTH;
  let kept: LaidColumn[] = specs.map((spec) => ({ spec, width: spec.width }));
  while (usedWidth(kept) > available) {
    let victim = -1;
    kept.forEach((c, i) => {
      const order = c.spec.dropOrder ?? 0;
      if (order > 0 && (victim < 0 || order >= (kept[victim]!.spec.dropOrder ?? 0))) victim = i;
    });
    if (victim < 0) break;
    kept = kept.filter((_, i) => i !== victim);
  }
  // Only reachable below the minimum size: narrow the widest columns so nothing wraps.
  while (usedWidth(kept) > available) {
    const widest = kept.reduce((w, c, i) => (c.width > kept[w]!.width ? i : w), 0);
    if (kept[widest]!.width <= 1) break;
    kept[widest]!.width -= 1;
  }
  return growInto(kept, available);
}

/** Shares the width left over among the `grow` columns by their weights (largest remainder first, so the widths add up). */
function growInto(columns: LaidColumn[], available: number): LaidColumn[] {
  let kept = columns;
  const extra = available - usedWidth(kept);
  const weights = kept.map((c) => c.spec.grow ?? 0);
  const totalWeight = weights.reduce((a, b) => a + b, 0);
  if (extra > 0 && totalWeight > 0) {
    const shares = weights.map((w) => (extra * w) / totalWeight);
    const floors = shares.map(Math.floor);
    let left = extra - floors.reduce((a, b) => a + b, 0);
    // Largest remainder first, so the widths add up exactly.
    const order = shares.map((s, i) => ({ i, r: s - floors[i]! })).sort((a, b) => b.r - a.r);
    for (const { i } of order) {
      if (left <= 0) break;
      if (weights[i]! > 0) {
        floors[i]! += 1;
        left -= 1;
      }
    }
    kept = kept.map((c, i) => ({ ...c, width: c.width + floors[i]! }));
  }
  return kept;
}

/** How cells are drawn: the glyphs (ASCII or not) and whether dates show in local time. */
export interface CellStyle {
  glyphs: Glyphs;
  localTime: boolean;
}

const PLAIN: CellStyle = { glyphs: UNICODE_GLYPHS, localTime: false };

/** A date column's header says which time it shows: "Import Date UTC", "Import Date loc" (local). */
export function headerOf(spec: ColumnSpec, style: CellStyle = PLAIN): string {
  return spec.date ? `${spec.header} ${style.localTime ? 'loc' : 'UTC'}` : spec.header;
}

/**
 * The header line for the laid-out columns, as wide as the marker plus the
 * columns; the sorted column carries ▼ or ▲, and « in the marker's place
 * says columns are scrolled off to the left (those not on screen are listed
 * under the table).
 */
export function headerLine(
  columns: readonly LaidColumn[],
  sort?: { key: string; asc: boolean },
  style: CellStyle = PLAIN,
  scrolled = { left: 0, right: false },
): string {
  const g = style.glyphs;
  const header = (c: LaidColumn) => {
    const title = headerOf(c.spec, style);
    if (sort?.key !== c.spec.key) return title;
    // A title as wide as its column gives way to the mark ("Resolv…▼"): the mark is what says the order.
    return truncate(title, Math.max(0, c.width - 1), g.ellipsis) + (sort.asc ? g.up : g.down);
  };
  const marker = scrolled.left ? fit(g.moreLeft, MARKER_WIDTH) : ' '.repeat(MARKER_WIDTH);
  return marker + columns.map((c) => fit(header(c), c.width, c.spec.align, g.ellipsis)).join(SEPARATOR);
}

const pad = (n: number) => String(n).padStart(2, '0');

/** A stored UTC date shown in the terminal's local time, to the same precision as the UTC cell. */
export function localDate(iso: string, precision: NonNullable<ColumnSpec['date']>): string {
  const ms = Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(iso) ? iso : `${iso}Z`);
  if (!iso || Number.isNaN(ms)) return iso;
  const d = new Date(ms);
  const day = `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
  if (precision === 'day') return day;
  const minute = `${day} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
  return precision === 'minute' ? minute : `${minute}:${pad(d.getSeconds())}`;
}

/** A cell's text: the row's value, or for a date column in local time its stored date converted. */
export function cellText(row: DisplayRow, spec: ColumnSpec, style: CellStyle = PLAIN): string {
  const raw = spec.date && style.localTime ? row.times?.[spec.key] : undefined;
  return raw ? localDate(raw, spec.date!) : (row.cells[spec.key] ?? '');
}

/** One table row's cells, sanitised and fitted (without the selection marker). */
export function rowCells(columns: readonly LaidColumn[], row: DisplayRow, style: CellStyle = PLAIN): string {
  return columns
    .map((c) => cell(cellText(row, c.spec, style), c.width, c.spec.align, style.glyphs.ellipsis))
    .join(SEPARATOR);
}

/**
 * The scroll offset that keeps `selected` inside a window of `visible` rows,
 * moving the window as little as possible.
 */
export function scrollFor(selected: number, scrollTop: number, visible: number, total: number): number {
  let top = scrollTop;
  if (selected < top) top = selected;
  if (selected >= top + visible) top = selected - visible + 1;
  top = Math.min(top, Math.max(0, total - visible));
  return Math.max(0, top);
}
