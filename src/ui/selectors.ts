/** What the reducer, the router and the views read from the state (no changes here). */
import type { DisplayRow, TabId } from '../triage/types.js';
import { withoutEmpty } from './filterForm.js';
import type { AppState, TableWindow } from './model.js';

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
