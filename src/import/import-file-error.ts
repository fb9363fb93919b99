import { UserError } from '../user-error.js';

/** A file the import refuses as a whole (wrong kind, unreadable, not text): nothing is written; exit status 2. */
export class ImportFileError extends UserError {
  constructor(
    readonly file: string,
    readonly reason: string,
  ) {
    super(`${file}: ${reason}`);
    this.name = 'ImportFileError';
  }
}
