/** s / S: which column a tab is sorted by, and which way. */
import { SORTS } from '../triage/filters.js';
import { tabSpec } from '../triage/tabs.js';
import type { TabFilters, TabId } from '../triage/triage-types.js';

/** The tab's columns that can be sorted by, in the order they are shown; the first date column is the default. */
export function sortable(tab: TabId): string[] {
  return tabSpec(tab)
    .columns.map((c) => c.key)
    .filter((k) => k in SORTS[tab]);
}

/** The column the tab is sorted by now (its date when none was chosen) and whether ascending. */
export function currentSort(tab: TabId, f: TabFilters): { key: string; asc: boolean } {
  const dateKey = Object.keys(SORTS[tab])[0]!;
  return { key: f.sortBy ?? dateKey, asc: f.sortAsc === true };
}

/**
 * s moves to the next sortable column (back to the date after the last), of
 * `shown` when given (the columns on screen: s never sorts by a column you
 * cannot see); S reverses the direction.
 */
export function nextSort(
  tab: TabId,
  f: TabFilters,
  how: 'cycleSort' | 'reverseSort',
  shown?: readonly string[],
): TabFilters {
  const { key, asc } = currentSort(tab, f);
  const dateKey = Object.keys(SORTS[tab])[0]!;
  if (how === 'reverseSort')
    return { ...f, sortBy: key === dateKey ? undefined : key, sortAsc: asc ? undefined : true };
  const keys = sortable(tab).filter((k) => !shown || shown.includes(k) || k === dateKey);
  const next = keys[(keys.indexOf(key) + 1) % keys.length]!;
  return { ...f, sortBy: next === dateKey ? undefined : next };
}
