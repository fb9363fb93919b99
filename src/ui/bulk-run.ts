/**
 * Running an action over many rows, beside the controller that runs it: the
 * question asked first, the batches and their progress bar, and the one line
 * that sums the batches' outcomes up.
 */
import { tallyMessage } from '../triage/actions.js';
import { ACTION_LABELS } from '../triage/tabs.js';
import type { ActionId, ActionOutcome, RerunTally, TabId } from '../triage/triage-types.js';
import { markedLabel } from './marks-slice.js';
import type { StatusMessage } from './model.js';

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
): StatusMessage {
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
