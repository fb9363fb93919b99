/** Pure layout: how tall each part of the screen is and how wide each column is. */
import { tabSpec } from '../triage/tabs.js';
import type { ColumnSpec, DisplayRow, TabId } from '../triage/types.js';
import { cell, fit } from '../text/sanitize.js';

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
 * terminal, so the frame is at most rows - 1 lines.
 */
export function screenLayout(rows: number): ScreenLayout {
  const bodyHeight = Math.max(1, rows - 1 - CHROME_LINES);
  return { bodyHeight, tableRows: Math.max(1, bodyHeight - 1) };
}

/** Lines of pictures above a tab's table (per-day figures): Logs draws failed against total, Errors new errors. */
export const PICTURE_LINES: Record<TabId, number> = { orders: 0, inventory: 0, logs: 2, errors: 1 };

export interface TableLayout {
  pictures: number;
  /** Lines under the table for the selected row's values of the columns left out at this width (0, 1 or 2). */
  strip: number;
  /** Rows of the table under its header. */
  tableRows: number;
  columns: LaidColumn[];
  /** The columns that do not fit, in the tab's order. */
  hidden: ColumnSpec[];
}

/** How a tab's body is shared at this size: pictures, the header, the rows, the line of the columns left out. */
export function tableLayout(tab: TabId, columns: number, rows: number): TableLayout {
  const spec = tabSpec(tab);
  const laid = layoutColumns(spec.columns, columns);
  const hidden = spec.columns.filter((c) => !laid.some((l) => l.spec.key === c.key));
  const pictures = PICTURE_LINES[tab];
  // As many lines as the columns' own widths need ("Header value · "), at most two: the same for every row, so nothing jumps.
  const wanted = hidden.reduce((n, c) => n + c.header.length + 1 + c.width + 3, 0);
  const strip = hidden.length ? Math.min(2, Math.ceil(wanted / Math.max(1, columns - 2))) : 0;
  return { pictures, strip, tableRows: Math.max(1, screenLayout(rows).bodyHeight - 1 - pictures - strip), columns: laid, hidden };
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

/** The header line for the laid-out columns, as wide as the marker plus the columns. */
export function headerLine(columns: readonly LaidColumn[], sort?: { key: string; asc: boolean }): string {
  // The sorted column's header carries ▼ (descending) or ▲ (ascending).
  const header = (c: LaidColumn) => (sort?.key === c.spec.key ? `${c.spec.header}${sort.asc ? '▲' : '▼'}` : c.spec.header);
  return ' '.repeat(MARKER_WIDTH) + columns.map((c) => fit(header(c), c.width, c.spec.align)).join(SEPARATOR);
}

/** One table row's cells, sanitised and fitted (without the selection marker). */
export function rowCells(columns: readonly LaidColumn[], row: DisplayRow): string {
  return columns.map((c) => cell(row.cells[c.spec.key] ?? '', c.width, c.spec.align)).join(SEPARATOR);
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
