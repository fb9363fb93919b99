/** Words for the chrome: the filter summary, the keys that work now, the help overlay's table. */
import { tabSpec } from '../triage/tabs.js';
import type { TabFilters, TabId } from '../triage/types.js';
import { sanitize } from '../text/sanitize.js';
import { currentWindow, selectedRow, type AppState } from './state.js';

/**
 * The active toggles and filters in words, e.g. `Filters: Hide Resolved
 * Exports · Status: Dropped · Keyword: "blue"`. Only what is on is listed, so
 * the line fits 80 columns; the keys to turn things on are shown when nothing is.
 */
export function filtersInWords(tab: TabId, filters: TabFilters): string {
  const parts: string[] = [];
  // An error group (E) stands for its code, its message pattern and the open errors: named first, in one piece.
  const group = filters.pattern !== undefined;
  if (group) parts.push(`Group ${sanitize(filters.code ?? '')} "${sanitize(filters.pattern!)}"`);
  if (filters.hideResolved && !group) parts.push('Hide Resolved Exports');
  if (filters.errorsOnly && !group) parts.push('Show Errors Only');
  for (const field of tabSpec(tab).filters) {
    const v = filters[field.key];
    if (v === undefined || v === '' || v === false || (group && field.key === 'code')) continue;
    if (field.flag) {
      parts.push(field.label);
      continue;
    }
    parts.push(field.kind === 'text' ? `${field.label}: "${sanitize(String(v))}"` : `${field.label}: ${sanitize(String(v))}`);
  }
  return parts.length ? `Filters: ${parts.join(' · ')}` : 'Filters: none (h Hide Resolved Exports, e Show Errors Only, f form, / search)';
}

export type KeyHint = [keys: string, what: string];

/** The keys that do something in the current state, most useful first. */
export function keysNow(state: AppState): KeyHint[] {
  const mode = state.mode;
  switch (mode.kind) {
    case 'prompt':
      return [['Enter', 'apply'], ['Esc', 'cancel'], ['empty', 'clears the keyword']];
    case 'filters':
      return [['↑↓/Tab', 'field'], ['←→', 'choice'], ['Enter', 'apply'], ['Esc', 'cancel'], ['empty', 'no filter']];
    case 'options':
      return [['↑↓', 'choose'], ['Enter', 'run'], [`1-${mode.actions.length}`, 'pick'], ['Esc', 'close']];
    case 'help':
      return [['Esc/?', 'close help'], ['q', 'quit']];
    case 'confirm-quit':
      return [['y', 'quit now'], ['n/Esc', 'stay']];
    case 'confirm':
      return [['y/Enter', 'run'], ['n/Esc', 'back']];
    case 'groups':
      return [['↑↓', 'choose'], ['Enter', 'show its errors'], ['o', 'act on the group'], ['Esc', 'back']];
    case 'fix':
      return [['Enter', mode.action === 'map-ship-service' ? 'map to this ship-via' : 'link to this ERP item'], ['Esc', 'cancel']];
    case 'settings':
      return [['Esc/i', 'close'], ['q', 'quit']];
    case 'detail': {
      const hints: KeyHint[] = [['↑↓ PgUp PgDn', 'scroll'], ['Esc', 'back']];
      if (mode.detail?.transactionIds.length) hints.splice(1, 0, ['←→', 'transaction'], ['Enter/t', 'open in Logs']);
      if (mode.detail?.orderId !== undefined) hints.splice(1, 0, ['O', 'its order']);
      if (mode.detail?.orderRef !== undefined) hints.splice(1, 0, ['e', 'its errors']);
      return [...hints, ['1-4', 'tabs'], ['?', 'help'], ['q', 'quit']];
    }
    case 'table': {
      // The tab bar shows the tab numbers and the toggle line shows (h) and (e), so those come last.
      const row = selectedRow(state);
      const hints: KeyHint[] = [];
      if (row) hints.push(['↑↓', 'move'], ['Enter', 'open']);
      const marks = state.marks[state.tab]?.length ?? 0;
      if (row && !state.readOnlyReason && !state.acting) hints.push(['o', marks ? `options (${marks} marked)` : 'options']);
      if (marks) hints.push(['u', 'unmark']);
      // ✓ in the gutter needs its legend where it shows.
      if (currentWindow(state)?.rows.some((r) => r.passes)) hints.unshift(['✓', 'passes if re-run now']);
      hints.push(['/', 'search'], ['f', 'filters'], ['c', 'clear'], ['?', 'help'], ['q', 'quit'], ['1-4 Tab', 'tabs'], ['h/e', 'toggles'], ['space *', 'mark']);
      return hints;
    }
  }
}

export function hintText(hints: readonly KeyHint[]): string {
  return hints.map(([k, w]) => `${k} ${w}`).join('  ');
}

/** The help overlay: every key, by what it does. */
export const HELP: readonly KeyHint[] = [
  ['1 2 3 4  Tab Shift+Tab  ] [', 'switch tab (each keeps its filters and selection)'],
  ['↑ ↓  k j', 'move one row'],
  ['PgUp PgDn', 'move one page'],
  ['g Home  G End', 'first / last row'],
  ['Enter', 'open the selected record'],
  ['Esc', 'go back / close'],
  ['/', 'keyword search (empty clears)'],
  ['f', "this tab's filter form"],
  ['h', 'toggle Hide Resolved Exports'],
  ['e', 'toggle Show Errors Only'],
  ['o', 'options: Re-Run, Mark as Resolved / Unresolved, ...'],
  ['c', "clear this tab's filters and toggles"],
  ['space  *  u', 'mark the row / every row of the filter / clear marks'],
  ['E', 'open errors grouped by cause: count, 14 days, last seen'],
  ['s  S', 'sort by the next column / reverse it (the header shows ▼ ▲)'],
  ['x  X', 'export every row of the filter to CSV / JSON here'],
  ['i', "the integration's settings (read-only)"],
  ['?', 'this help'],
  ['q  Ctrl+C', 'quit'],
  ['In a record: ← →', 'choose one of its transactions'],
  ['In a record: Enter t', 'open that transaction in the Logs tab'],
  ['In a record: O', 'open its order in the Orders tab (Esc comes back)'],
  ['In an order: e', 'its errors in the Errors tab (Esc comes back)'],
];
