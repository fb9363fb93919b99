import type { Snapshot } from '../db/index.js';
import { listSettings } from '../engine/index.js';
import { distinctRuns } from './actions.js';
import { getDetail } from './detail.js';
import { type ExportFormat, exportToFile } from './export.js';
import { type DailyFigures, dailyFigures } from './daily.js';
import { errorGroups } from './error-groups.js';
import { codeCounts, countRows, indexOfRow, listIds, listRows, nextMatch, openErrorCounts } from './query.js';
import { rowsOf } from './refs.js';
import type { TabFilters, TabId } from './triage-types.js';

/**
 * Everything the dashboard reads from an open snapshot, as one table of
 * functions: the database thread answers it, the in-thread session wraps it,
 * and the worker protocol's types are derived from it (method name, its
 * parameters, its result), so none of them is written twice.
 */
export function readApi(db: () => Snapshot, exportDir: string) {
  let dailyAsked = 0;
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
    // Only the newest picture is wanted: an older one still being computed stops at its next day (undefined).
    daily: async (tab: TabId, filters: TabFilters, days: number): Promise<DailyFigures | undefined> => {
      const mine = ++dailyAsked;
      const between = async () => {
        await nextTick();
        if (mine !== dailyAsked) throw SUPERSEDED;
      };
      try {
        return await dailyFigures(db(), tab, filters, days, between);
      } catch (err) {
        if (err === SUPERSEDED) return undefined;
        throw err;
      }
    },
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

const SUPERSEDED = Symbol('a newer picture was asked for');

/** Lets the thread answer other requests before going on. */
const nextTick = () => new Promise<void>((resolve) => setImmediate(resolve));

/** An API whose answers come later: what a caller on another thread (or tick) sees of `T`. */
export type Later<T> = {
  [K in keyof T]: T[K] extends (...args: infer A) => infer R ? (...args: A) => Promise<Awaited<R>> : never;
};
