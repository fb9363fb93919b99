// What the bench reads off the dashboard's screen (tmux capture-pane text).
//
// The bottom of the screen is: the status line ("row 3 of 120 │ file …"),
// the message line(s) (the last outcome, "✓ …" or "✗ …", or blank), and the
// key hints, which may start with the gutter's legend "✓ passes if re-run
// now": the message is read under the status line, never as the first line
// that starts with a mark.

/** A row of a tab (a gutter of two: the selection mark, and ✓ on an error that would pass now). */
export const DATA_ROW = /^[› ][ ✓].*\d{4}-\d{2}-\d{2}/m;
const SELECTED = /^›[ ✓].*\d{4}-\d{2}-\d{2}/m;
/** The status line; `row … of …` while the rows on screen are still those of the previous filters. */
const STATUS = /^row (\d+|…) of /;

/** The status line's row number: NaN while the rows on screen answer other filters. */
export function rowNumber(screen) {
  return Number(/^row (\d+) of /m.exec(screen)?.[1] ?? NaN);
}

/**
 * The selected row is on screen and the rows shown answer the current filters
 * (the table keeps the previous rows, marked `row … of …`, until the new
 * ones arrive).
 */
export function hasRows(screen) {
  return SELECTED.test(screen) && !screen.includes('loading…') && Number.isFinite(rowNumber(screen));
}

/** The message line under the status line ("✓ Marked …", "✗ …"), or '' when there is none. */
export function messageLine(screen) {
  const lines = screen.split('\n');
  const status = lines.findIndex((l) => STATUS.test(l));
  const line = status >= 0 ? (lines[status + 1] ?? '') : '';
  return /^[✓✗] /.test(line) ? line : '';
}

/** The filters line of the tab on screen ("Filters: Hide Resolved Exports"), or ''. */
export function filtersLine(screen) {
  return /^Filters: .*$/m.exec(screen)?.[0] ?? '';
}

/** Whether the filter `name` is on (with none on, the line names the toggles as hints: "Filters: none (h Hide Resolved …)"). */
export function filterOn(screen, name) {
  const line = filtersLine(screen);
  return !line.startsWith('Filters: none') && line.includes(name);
}
