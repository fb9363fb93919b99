/**
 * One error vocabulary for every layer. A UserError is the user's to read: one
 * line, and the command line's exit status for it. Anything else is a crash
 * (exit 70), reported as an internal error.
 */

/** The command line's exit statuses (README, "Command line"). */
export const EXIT = {
  done: 0,
  /** A re-run (or a processed run) is still failing; it was recorded and saved. */
  stillFailing: 1,
  /** Bad arguments or a bad file; nothing was written. */
  usage: 2,
  /** Refused: read-only, or the file changed on disk; nothing was written. */
  refused: 3,
  internal: 70,
} as const;

export class UserError extends Error {
  /** Exit status when this ends a command. */
  readonly exitCode: number = EXIT.usage;

  constructor(message: string) {
    super(message);
    this.name = 'UserError';
  }
}

export function isUserError(err: unknown): err is UserError {
  return err instanceof UserError;
}

/** How a step ended, for every layer: whether it did what was asked, and one line saying so. */
export interface Outcome {
  ok: boolean;
  message: string;
}

/** An error's message as one line, whatever was thrown. */
export function messageOf(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return text.replace(/\s+/g, ' ').trim();
}
