/** What the reducer, the router and the views read from the state (no changes here). */
import { tabSpec } from '../triage/tabs.js';
import type { DisplayRow, TabId } from '../triage/triage-types.js';
import { withoutEmpty } from './filter-form-state.js';
import type { Line } from './line-edit.js';
import type { AppState, Mode, TableWindow } from './model.js';

/** Identifies a tab's filtered set; rows fetched for another query are stale. */
export function queryKey(state: AppState, tab: TabId): string {
  return `${tab}|${state.generation}|${JSON.stringify(withoutEmpty(state.tabs[tab].filters))}`;
}

/** The active tab's window when it answers the current query. */
export function currentWindow(state: AppState, tab: TabId = state.tab): TableWindow | undefined {
  const w = state.windows[tab];
  return w && w.query === queryKey(state, tab) ? w : undefined;
}

/** The selected row when it is loaded and current. */
export function selectedRow(state: AppState): DisplayRow | undefined {
  const w = currentWindow(state);
  const t = state.tabs[state.tab];
  return w?.rows[t.selected - w.offset];
}

/** The tab's columns the chooser leaves shown, in the tab's order. */
export function shownColumns(state: AppState, tab: TabId = state.tab) {
  const hidden = state.hiddenColumns[tab];
  return tabSpec(tab).columns.filter((c) => !hidden.includes(c.key));
}

/** The line being typed in this mode, if any: the keyword, `:`, a fix's value, a text field of the filter form. */
export function typedLine(mode: Mode): Line | undefined {
  if (mode.kind === 'prompt' || mode.kind === 'goto' || mode.kind === 'fix') return mode.line;
  if (mode.kind === 'filters') {
    const field = tabSpec(mode.form.tab).filters[mode.form.focus];
    return field?.kind === 'choice'
      ? undefined
      : { value: mode.form.values[mode.form.focus] ?? '', cursor: mode.form.cursor };
  }
  return undefined;
}
