/** A file the import refuses as a whole (wrong kind, unreadable, not text): nothing is written. */
export class ImportFileError extends Error {
  constructor(
    readonly file: string,
    readonly reason: string,
  ) {
    super(`${file}: ${reason}`);
    this.name = 'ImportFileError';
  }
}
