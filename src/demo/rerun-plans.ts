/** Re-runs of failed transactions: after a plain wait for a transient failure, after a fix for a data failure. */
import type { RunResult, SyncType, TransactionType } from '../engine/domain.js';
import { HOUR, MINUTE } from './clock.js';
import type { World } from './world.js';

export interface RerunPlan {
  /** Share of such failures that anyone ever re-runs; the rest stay open. */
  chance: number;
  /** Wait before the re-run, in ms. */
  delay: readonly [number, number];
  /** 'Auto' for the scheduler's retry, 'Manual' for a user's. */
  syncType: SyncType;
  /** The data fix made just before the re-run (in the ERP, the app, or on Amazon). */
  fix?: () => void;
  /** Share of fixes preceded by a user's re-run that fails again because nothing was fixed yet. */
  retryFirst?: number;
  /** One engine call re-running the transaction. */
  rerun: (rerunOf: number, syncType: SyncType) => RunResult;
}

/** Queues the re-run of a failed transaction for a later slot of the same type. */
export function planRerun(w: World, type: TransactionType, failedTx: number, plan: RerunPlan): void {
  if (!w.rng.chance(plan.chance)) return;
  const r = w.rng;
  if (plan.fix && r.chance(plan.retryFirst ?? 0)) {
    w.later(type, r.int(10, 90) * MINUTE, () => {
      const again = plan.rerun(failedTx, 'Manual');
      if (again.status === 'Error') planRerun(w, type, again.transactionId, { ...plan, chance: 1, retryFirst: 0 });
    });
    return;
  }
  w.later(type, r.int(plan.delay[0], plan.delay[1]), () => {
    plan.fix?.();
    plan.rerun(failedTx, plan.syncType);
  });
}

/** A transient failure: mostly the scheduler's retry a little later, sometimes a user's. */
export function retryTransient(w: World, type: TransactionType, failedTx: number, rerun: RerunPlan['rerun']): void {
  planRerun(w, type, failedTx, {
    chance: 0.92,
    delay: [15 * MINUTE, 3 * HOUR],
    syncType: w.rng.chance(0.75) ? 'Auto' : 'Manual',
    rerun,
  });
}
