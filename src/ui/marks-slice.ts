/** Marked rows per tab, for bulk actions: the reducer's slice for marks. */
import { tabSpec } from '../triage/tabs.js';
import type { TabId } from '../triage/triage-types.js';
import type { AppState, MarkEvent } from './model.js';
import { selectedRow } from './selectors.js';

export function markedIds(state: AppState, tab: TabId = state.tab): readonly number[] {
  return state.marks[tab] ?? [];
}

/** "12 marked orders" */
export function markedLabel(tab: TabId, n: number): string {
  return `${n.toLocaleString('en-US')} marked ${tabSpec(tab).noun}${n === 1 ? '' : 's'}`;
}

export function reduceMarks(state: AppState, event: MarkEvent): AppState {
  const tab = state.tab;
  switch (event.type) {
    case 'toggleMark': {
      const row = selectedRow(state);
      if (!row) return state;
      const ids = markedIds(state);
      const next = ids.includes(row.id) ? ids.filter((id) => id !== row.id) : [...ids, row.id];
      return { ...state, marks: { ...state.marks, [tab]: next } };
    }
    case 'setMarks':
      return {
        ...state,
        marks: { ...state.marks, [event.tab]: event.ids },
        message: {
          text: `${markedLabel(event.tab, event.ids.length)} (every row matching the filters); o acts on them, u clears`,
          ok: true,
        },
      };
    case 'clearMarks':
      return markedIds(state).length
        ? { ...state, marks: { ...state.marks, [tab]: [] }, message: { text: 'Marks cleared', ok: true } }
        : state;
    case 'confirmBulk': {
      const mode = state.mode;
      if (mode.kind !== 'options') return state;
      return {
        ...state,
        mode: { kind: 'confirm', tab: mode.tab, action: event.action, ids: mode.ids, label: mode.label },
      };
    }
  }
}
