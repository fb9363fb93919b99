/** The error-groups view (E): its state changes, as pure helpers the reducer calls. */
import { NO_FILTERS, type TabId } from '../triage/types.js';
import type { ErrorGroup } from '../triage/groups.js';
import type { AppState, TabState } from './state.js';

export type GroupAction =
  | { type: 'openGroups' }
  | { type: 'groupsLoaded'; groups: ErrorGroup[] }
  | { type: 'groupsMove'; delta: number }
  | { type: 'showGroup'; group: ErrorGroup };

export function reduceGroups(state: AppState, action: GroupAction): AppState {
  const mode = state.mode;
  switch (action.type) {
    case 'openGroups':
      return { ...state, mode: { kind: 'groups', groups: undefined, cursor: 0 } };
    case 'groupsLoaded':
      return mode.kind === 'groups' ? { ...state, mode: { ...mode, groups: action.groups, cursor: 0 } } : state;
    case 'groupsMove': {
      if (mode.kind !== 'groups' || !mode.groups?.length) return state;
      const cursor = Math.max(0, Math.min(mode.groups.length - 1, mode.cursor + action.delta));
      return { ...state, mode: { ...mode, cursor } };
    }
    case 'showGroup': {
      // The Errors tab, narrowed to the group: its code and message pattern, open errors only.
      const g = action.group;
      const errors: TabState = { filters: { ...NO_FILTERS, code: g.code, pattern: g.pattern, hideResolved: true, errorsOnly: true }, selected: 0, scrollTop: 0 };
      return { ...state, tab: 'errors' as TabId, mode: { kind: 'table' }, tabs: { ...state.tabs, errors } };
    }
  }
}

/** One line per group: "12x ✓3    ORD_SKU_UNLINKED  Amazon SKU # not linked ... · 12 orders · 3 SKUs · 11-02 08:10 .. 11-27 06:45". */
export function groupLine(g: ErrorGroup): string {
  const when = (iso: string) => (iso ? `${iso.slice(5, 10)} ${iso.slice(11, 16)}` : '');
  // ✓n: how many of the group would pass if re-run now.
  const pass = g.wouldPass ? `✓${String(g.wouldPass).padEnd(4)}` : '     ';
  return `${String(g.count).padStart(6)}x ${pass} ${g.code.padEnd(25)} ${g.pattern} · ${g.orders} order${g.orders === 1 ? '' : 's'} · ${g.skus} SKU${g.skus === 1 ? '' : 's'} · ${when(g.firstSeen)} .. ${when(g.lastSeen)}`;
}
