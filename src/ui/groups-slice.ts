/** The error-groups view (E): its state changes, as pure helpers the reducer calls. */
import { NO_FILTERS, type ColumnSpec, type DisplayRow, type TabId } from '../triage/triage-types.js';
import { GROUP_DAYS, type ErrorGroup } from '../triage/error-groups.js';
import { bar, sparkline, type Glyphs } from './glyphs.js';
import type { AppState, GroupEvent, TabState } from './model.js';

export function reduceGroups(state: AppState, event: GroupEvent): AppState {
  const mode = state.mode;
  switch (event.type) {
    case 'openGroups':
      return { ...state, mode: { kind: 'groups', groups: undefined, cursor: 0 } };
    case 'groupsLoaded':
      return mode.kind === 'groups' ? { ...state, mode: { ...mode, groups: event.groups, cursor: 0 } } : state;
    case 'groupsMove': {
      if (mode.kind !== 'groups' || !mode.groups?.length) return state;
      const cursor = Math.max(0, Math.min(mode.groups.length - 1, mode.cursor + event.delta));
      return { ...state, mode: { ...mode, cursor } };
    }
    case 'showGroup': {
      // The Errors tab, narrowed to the group: its code and message pattern, open errors only.
      const g = event.group;
      const errors: TabState = {
        filters: { ...NO_FILTERS, code: g.code, pattern: g.pattern, hideResolved: true, errorsOnly: true },
        selected: 0,
        scrollTop: 0,
      };
      return { ...state, tab: 'errors' as TabId, mode: { kind: 'table' }, tabs: { ...state.tabs, errors } };
    }
  }
}

/** The groups table's columns (laid out like a tab's: dropped from the highest dropOrder when narrow). */
export function groupColumns(groups: readonly ErrorGroup[], width: number): ColumnSpec[] {
  const codeWidth = Math.min(25, Math.max(4, ...groups.map((g) => g.code.length)));
  return [
    { key: 'count', header: 'Errors', width: 6, align: 'right' },
    { key: 'bar', header: '', width: 10, dropOrder: 2 },
    { key: 'code', header: 'Code', width: codeWidth },
    { key: 'pattern', header: 'Pattern', width: 12, grow: 4 },
    { key: 'days', header: `${GROUP_DAYS} days`, width: GROUP_DAYS },
    // Never cut: without the year where the terminal is narrow.
    { key: 'lastSeen', header: 'Last seen', width: width >= 100 ? 16 : 11 },
    { key: 'pass', header: 'Pass', width: 4 },
    { key: 'orders', header: 'Orders', width: 6, align: 'right', dropOrder: 3 },
    { key: 'skus', header: 'SKUs', width: 5, align: 'right', dropOrder: 3 },
  ];
}

/** '2026-11-27T08:49:23Z' as 'MM-DD HH:MM', or with the year when there is room. */
function seen(iso: string, withYear: boolean): string {
  if (!iso || iso[10] !== 'T') return iso ?? '';
  return withYear ? `${iso.slice(0, 10)} ${iso.slice(11, 16)}` : `${iso.slice(5, 10)} ${iso.slice(11, 16)}`;
}

/** A group as a row of the groups table (the bar drawn `barWidth` wide against the biggest group). */
export function groupRow(
  g: ErrorGroup,
  index: number,
  maxCount: number,
  barWidth: number,
  lastSeenWidth: number,
  glyphs: Glyphs,
): DisplayRow {
  return {
    id: index,
    resolved: false,
    cells: {
      count: String(g.count),
      bar: bar(g.count, maxCount, barWidth, glyphs),
      code: g.code,
      pattern: g.pattern,
      days: sparkline(g.days, glyphs),
      lastSeen: seen(g.lastSeen, lastSeenWidth >= 16),
      pass: g.wouldPass ? `${glyphs.check}${g.wouldPass}` : '',
      orders: String(g.orders),
      skus: String(g.skus),
    },
  };
}

/** The selected group in full, for the two lines under the table: its cause, then its figures. */
export function groupDetails(g: ErrorGroup, glyphs: Glyphs): [string, string] {
  const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`;
  const d = ` ${glyphs.dot} `;
  const pass = g.wouldPass ? `${d}${glyphs.check}${g.wouldPass} would pass if re-run now` : '';
  return [
    `  ${g.code}: ${g.pattern}`,
    `  ${plural(g.orders, 'order')}${d}${plural(g.skus, 'SKU')}${d}first ${seen(g.firstSeen, true)}${d}last ${seen(g.lastSeen, true)}${pass}${d}per day: ${g.days.join(' ')}`,
  ];
}
