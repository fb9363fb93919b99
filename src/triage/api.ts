import type { Snapshot } from '../db/index.js';
import { listSettings } from '../engine/index.js';
import { distinctRuns } from './actions.js';
import { getDetail } from './detail.js';
import { type ExportFormat, exportToFile } from './export.js';
import { errorGroups } from './groups.js';
import { countRows, indexOfRow, listIds, listRows, openErrorCounts } from './query.js';
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
    rows: (tab: TabId, filters: TabFilters, offset: number, limit: number) => listRows(db(), tab, filters, offset, limit),
    indexOf: (tab: TabId, filters: TabFilters, id: number) => indexOfRow(db(), tab, filters, id),
    ids: (tab: TabId, filters: TabFilters) => listIds(db(), tab, filters),
    openErrorCounts: () => openErrorCounts(db()),
    detail: (tab: TabId, id: number) => getDetail(db(), tab, id),
    errorGroups: () => errorGroups(db()),
    distinctRuns: (tab: TabId, ids: number[]) => distinctRuns(db(), tab, ids),
    settings: () => listSettings(db()),
    exportRows: (tab: TabId, filters: TabFilters, format: ExportFormat) => exportToFile(db(), tab, filters, format, exportDir),
  };
}

export type ReadApi = ReturnType<typeof readApi>;

/** An API whose answers come later: what a caller on another thread (or tick) sees of `T`. */
export type Later<T> = { [K in keyof T]: T[K] extends (...args: infer A) => infer R ? (...args: A) => Promise<Awaited<R>> : never };
