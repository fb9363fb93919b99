/**
 * Upgrading snapshots written with an older schema_version. Each migration
 * takes a file from one version to the next; they are applied in order, all in
 * one transaction, so a failure leaves the database as it was.
 */
import type { Snapshot } from './snapshot.js';

export interface Migration {
  /** The schema_version it starts from; it leaves the snapshot at `from + 1`. */
  from: number;
  /** What it changes, for messages. */
  description: string;
  /** Trusted, parameter-free DDL/DML. */
  sql: string;
}

/**
 * The migrations this tool ships, oldest first. Empty: schema_version 1 is the
 * first released format. A change to data/schema.sql bumps SCHEMA_VERSION and
 * adds the step from the previous version here.
 */
export const MIGRATIONS: readonly Migration[] = [];

/** A file whose version no list of migrations reaches. */
export class MigrationGapError extends Error {
  constructor(
    readonly from: number,
    readonly to: number,
    readonly missing: number,
  ) {
    super(`no migration from schema_version ${missing} (needed to go from ${from} to ${to})`);
    this.name = 'MigrationGapError';
  }
}

/** The steps from `from` to `to`, in order; throws MigrationGapError when one is missing. */
export function planMigrations(from: number, to: number, migrations: readonly Migration[]): Migration[] {
  const steps: Migration[] = [];
  for (let v = from; v < to; v++) {
    const step = migrations.find((m) => m.from === v);
    if (!step) throw new MigrationGapError(from, to, v);
    steps.push(step);
  }
  return steps;
}

/** A step that failed, with the database rolled back to where it was. */
export class MigrationFailedError extends Error {
  constructor(
    readonly step: Migration,
    readonly failure: unknown,
  ) {
    super(`the step from schema_version ${step.from} to ${step.from + 1} (${step.description}) failed: ${String((failure as Error)?.message ?? failure).replace(/\s+/g, ' ').trim()}`);
    this.name = 'MigrationFailedError';
  }
}

/**
 * Applies the steps in memory, in one transaction, and records the version
 * reached in meta. Nothing is written to disk here.
 */
export function applyMigrations(snap: Snapshot, steps: readonly Migration[]): void {
  if (steps.length === 0) return;
  snap.transaction(() => {
    for (const step of steps) {
      try {
        snap.exec(step.sql);
      } catch (err) {
        throw new MigrationFailedError(step, err);
      }
    }
    const reached = steps[steps.length - 1]!.from + 1;
    snap.run("INSERT INTO meta(key, value) VALUES ('schema_version', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value", [String(reached)]);
  });
}
