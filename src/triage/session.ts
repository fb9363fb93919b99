import path from 'node:path';
import type { Snapshot } from '../db/index.js';
import { isUserError } from '../user-error.js';
import { runAction, type ActionContext } from './actions.js';
import { type Later, type ReadApi, readApi } from './api.js';
import type { TriageSource } from './source.js';
import type { ActionId, ActionOutcome, TabId } from './triage-types.js';

/** The triage layer over an open snapshot, in this thread: the database thread's API, answered on a later tick. */
export function createTriageSession(db: Snapshot, ctx: ActionContext & { exportDir?: string }): TriageSource {
  // Promises resolve on a later tick, so a caller's state updates stay ordered as for a remote source.
  const later = <T>(fn: () => T): Promise<T> =>
    new Promise((resolve, reject) =>
      setImmediate(() => {
        try {
          resolve(fn());
        } catch (err) {
          reject(err);
        }
      }),
    );
  const api = readApi(() => db, ctx.exportDir ?? process.cwd());
  const answered = Object.fromEntries(
    Object.entries(api).map(([name, fn]) => [
      name,
      (...args: unknown[]) => later(() => (fn as (...a: unknown[]) => unknown)(...args)),
    ]),
  ) as Later<ReadApi>;
  return {
    label: db.file ? path.basename(db.file) : 'in-memory snapshot',
    readOnlyReason: db.readOnlyReason,
    ...answered,
    act: (tab: TabId, action: ActionId, ids: number[], value?: string) =>
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
