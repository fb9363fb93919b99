/** Marked rows per tab, for bulk actions: pure helpers the reducer calls. */
import { ACTION_LABELS, tabSpec } from '../triage/tabs.js';
import { tallyMessage } from '../triage/actions.js';
import type { ActionId, ActionOutcome, RerunTally, TabId } from '../triage/types.js';
import type { AppState, MarkAction } from './model.js';
import { selectedRow } from './selectors.js';

export function markedIds(state: AppState, tab: TabId = state.tab): readonly number[] {
  return state.marks[tab] ?? [];
}

/** "12 marked orders" */
export function markedLabel(tab: TabId, n: number): string {
  return `${n.toLocaleString('en-US')} marked ${tabSpec(tab).noun}${n === 1 ? '' : 's'}`;
}

export function reduceMarks(state: AppState, action: MarkAction): AppState {
  const tab = state.tab;
  switch (action.type) {
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
        marks: { ...state.marks, [action.tab]: action.ids },
        message: {
          text: `${markedLabel(action.tab, action.ids.length)} (every row matching the filters); o acts on them, u clears`,
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
        mode: { kind: 'confirm', tab: mode.tab, action: action.action, ids: mode.ids, label: mode.label },
      };
    }
  }
}

/** The confirmation line of a bulk action, or the question a single run asks first. */
export function confirmText(action: ActionId, label: string, question?: string): string {
  return `${question ?? `${ACTION_LABELS[action]} ${label}?`} y runs it, n or Esc goes back`;
}

/** Rows per request of a bulk action: small enough to show progress, large enough to be quick. */
export const BATCH = 50;

export function progressBar(done: number, total: number, width = 20): string {
  const filled = Math.round((done / total) * width);
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}]`;
}

/**
 * One line for a bulk action's batches: re-runs add up their tallies ("n fixed, n still
 * failing, by code") over `problems`, the things run once each for `rows` rows picked.
 */
export function bulkMessage(
  tab: TabId,
  action: ActionId,
  problems: number,
  rows: number,
  outcomes: ActionOutcome[],
): { text: string; ok: boolean } {
  const ok = outcomes.every((o) => o.ok);
  if (action === 'resolve' || action === 'unresolve')
    return { text: `Marked ${markedLabel(tab, rows).replace(' marked', '')} as ${action}d`, ok };
  if (!outcomes.some((o) => o.tally)) return { text: outcomes.map((o) => o.message).join('; '), ok };
  const tally: RerunTally = { succeeded: 0, failed: 0, failing: {} };
  for (const o of outcomes) {
    tally.succeeded += o.tally?.succeeded ?? 0;
    tally.failed += o.tally?.failed ?? 0;
    for (const [code, n] of Object.entries(o.tally?.failing ?? {}))
      tally.failing[code] = (tally.failing[code] ?? 0) + n;
  }
  return { text: tallyMessage(tab, problems, tally, rows), ok };
}
