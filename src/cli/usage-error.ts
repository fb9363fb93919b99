import { UserError } from '../user-error.js';

/** A mistake in the command line: reported as one line with exit status 2. */
export class UsageError extends UserError {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}
