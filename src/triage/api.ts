import type { Snapshot } from '../db/index.js';
import { listSettings } from '../engine/index.js';
import { distinctRuns } from './actions.js';
import { getDetail } from './detail.js';
import { type ExportFormat, exportToFile } from './export.js';
import { dailyFigures } from './daily.js';
import { errorGroups } from './groups.js';
import { codeCounts, countRows, indexOfRow, listIds, listRows, nextMatch, openErrorCounts } from './query.js';
import { rowsOf } from './refs.js';
import type { TabFilters, TabId } from './types.js';

/**
 * Everything the dashboard reads from an open snapshot, as one table of
 * functions: the database thread answers it, the in-thread session wraps it,
 * and the worker protocol's types are derived from it (method name, its
 * parameters, its result), so none of them is written twice.
 */
export function readApi(db: () => Snapshot, exportDir: string) {
  return {
    count: (tab: TabId, filters: TabFilters) => countRows(db(), tab, filters),
    rows: (tab: TabId, filters: TabFilters, offset: number, limit: number) =>
      listRows(db(), tab, filters, offset, limit),
    indexOf: (tab: TabId, filters: TabFilters, id: number) => indexOfRow(db(), tab, filters, id),
    ids: (tab: TabId, filters: TabFilters) => listIds(db(), tab, filters),
    openErrorCounts: () => openErrorCounts(db()),
    detail: (tab: TabId, id: number) => getDetail(db(), tab, id),
    errorGroups: () => errorGroups(db()),
    // A day at a time, answering other requests (keys) in between.
    daily: (tab: TabId, filters: TabFilters, days: number) => dailyFigures(db(), tab, filters, days, nextTick),
    codeCounts: (filters: TabFilters) => codeCounts(db(), filters),
    nextMatch: (tab: TabId, filters: TabFilters, keyword: string, fromId: number, direction: 1 | -1) =>
      nextMatch(db(), tab, filters, keyword, fromId, direction),
    rowsOf: (tab: TabId, ref: string) => rowsOf(db(), tab, ref),
    distinctRuns: (tab: TabId, ids: number[]) => distinctRuns(db(), tab, ids),
    settings: () => listSettings(db()),
    exportRows: (tab: TabId, filters: TabFilters, format: ExportFormat) =>
      exportToFile(db(), tab, filters, format, exportDir),
  };
}

export type ReadApi = ReturnType<typeof readApi>;

/** Lets the thread answer other requests before going on. */
const nextTick = () => new Promise<void>((resolve) => setImmediate(resolve));

/** An API whose answers come later: what a caller on another thread (or tick) sees of `T`. */
export type Later<T> = {
  [K in keyof T]: T[K] extends (...args: infer A) => infer R ? (...args: A) => Promise<Awaited<R>> : never;
};
