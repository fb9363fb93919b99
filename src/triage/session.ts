import path from 'node:path';
import type { Snapshot } from '../db/index.js';
import { isUserError } from '../errors.js';
import { listSettings } from '../engine/index.js';
import { distinctRuns, runAction, type ActionContext } from './actions.js';
import { getDetail } from './detail.js';
import { exportToFile } from './export.js';
import { errorGroups } from './groups.js';
import { codeCounts, countRows, indexOfRow, listIds, listRows, nextMatch, openErrorCounts } from './query.js';
import { rowsOf } from './refs.js';
import { dailyFigures } from './daily.js';
import type { TriageSource } from './source.js';
import type { ActionOutcome } from './types.js';


/** The triage layer over an open snapshot, in this thread. */
export function createTriageSession(db: Snapshot, ctx: ActionContext & { exportDir?: string }): TriageSource {
  // Promises resolve on a later tick, so a caller's state updates stay ordered as for a remote source.
  const later = <T>(fn: () => T): Promise<T> => new Promise((resolve, reject) => setImmediate(() => {
    try {
      resolve(fn());
    } catch (err) {
      reject(err);
    }
  }));
  return {
    label: db.file ? path.basename(db.file) : 'in-memory snapshot',
    readOnlyReason: db.readOnlyReason,
    count: (tab, filters) => later(() => countRows(db, tab, filters)),
    rows: (tab, filters, offset, limit) => later(() => listRows(db, tab, filters, offset, limit)),
    indexOf: (tab, filters, id) => later(() => indexOfRow(db, tab, filters, id)),
    ids: (tab, filters) => later(() => listIds(db, tab, filters)),
    openErrorCounts: () => later(() => openErrorCounts(db)),
    detail: (tab, id) => later(() => getDetail(db, tab, id)),
    errorGroups: () => later(() => errorGroups(db)),
    daily: (tab, filters, days) => dailyFigures(db, tab, filters, days, () => new Promise((r) => setImmediate(r))),
    codeCounts: (filters) => later(() => codeCounts(db, filters)),
    nextMatch: (tab, filters, keyword, fromId, direction) => later(() => nextMatch(db, tab, filters, keyword, fromId, direction)),
    rowsOf: (tab, ref) => later(() => rowsOf(db, tab, ref)),
    distinctRuns: (tab, ids) => later(() => distinctRuns(db, tab, ids)),
    settings: () => later(() => listSettings(db)),
    exportRows: (tab, filters, format) => later(() => exportToFile(db, tab, filters, format, ctx.exportDir ?? process.cwd())),
    act: (tab, action, ids, value) =>
      later((): ActionOutcome => {
        try {
          return runAction(db, tab, action, ids, { ...ctx, value });
        } catch (err) {
          if (isUserError(err)) return { action, ids, ok: false, message: err.message };
          throw err;
        }
      }),
  };
}
