/** A problem with a snapshot file, worded as one line for the user: "FILE: problem". */
export class SnapshotError extends Error {
  constructor(
    readonly file: string,
    readonly problem: string,
  ) {
    super(`${file}: ${problem}`);
    this.name = 'SnapshotError';
  }
}

/** An action was refused because the snapshot is open read-only. */
export class ReadOnlyError extends Error {
  constructor(readonly reason: string) {
    super(`read-only: ${reason}; actions are disabled`);
    this.name = 'ReadOnlyError';
  }
}
