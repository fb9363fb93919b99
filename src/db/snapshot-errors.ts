import { EXIT, UserError } from '../user-error.js';

/** A problem with a snapshot file, worded as one line for the user: "FILE: problem". */
export class SnapshotError extends UserError {
  constructor(
    readonly file: string,
    readonly problem: string,
  ) {
    super(`${file}: ${problem}`);
    this.name = 'SnapshotError';
  }
}

/** The file changed on disk (or went away) since it was read: writing it would lose someone's work. */
export class SnapshotChangedError extends SnapshotError {
  override readonly exitCode: number = EXIT.refused;

  constructor(file: string, problem: string) {
    super(file, problem);
    this.name = 'SnapshotChangedError';
  }
}

/** An action was refused because the snapshot is open read-only. */
export class ReadOnlyError extends UserError {
  override readonly exitCode: number = EXIT.refused;

  constructor(readonly reason: string) {
    super(`read-only: ${reason}; actions are disabled`);
    this.name = 'ReadOnlyError';
  }
}

/**
 * The snapshot itself refused a change: a producer's trigger (RAISE) or a constraint
 * (UNIQUE, CHECK, NOT NULL). Nothing was written; it is the file's owner's rule, not a crash.
 */
export class ChangeRefusedError extends SnapshotError {
  override readonly exitCode: number = EXIT.refused;

  constructor(file: string, reason: string) {
    super(file, `the snapshot refused the change: ${reason}; nothing was written`);
    this.name = 'ChangeRefusedError';
  }
}

/**
 * Another program may be writing the file right now (it has it open for writing,
 * or a -journal/-wal lies beside it): replacing the file would erase what it
 * commits, so the save waits for it to finish. Nothing was written.
 */
export class WriterBusyError extends SnapshotError {
  override readonly exitCode: number = EXIT.refused;

  constructor(file: string, who: string) {
    super(file, `not saved: ${who}, and replacing the file now would erase what it writes; try again once it is done`);
    this.name = 'WriterBusyError';
  }
}
