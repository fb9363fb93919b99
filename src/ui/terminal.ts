/**
 * The alternate screen and the exit paths that must leave it. Ink 6 has no
 * alternate-screen option, so the switch is written here and undone on a
 * normal quit, on SIGINT/SIGTERM/SIGHUP, on an uncaught exception or
 * rejection, and (last resort) on process exit.
 */
import type { EventEmitter } from 'node:events';

/** The alternate screen, cursor home, auto-wrap off (a line laid out for a wider terminal is cut, never spills). */
export const ENTER_ALT_SCREEN = '\x1b[?1049h\x1b[H\x1b[?7l';
/** Auto-wrap back on; clears the alternate screen before leaving it: tmux carries its lines into the main screen after a resize otherwise. */
export const LEAVE_ALT_SCREEN = '\x1b[?7h\x1b[2J\x1b[H\x1b[?1049l';
export const SHOW_CURSOR = '\x1b[?25h';

interface Writable {
  write(chunk: string): unknown;
}

/** The parts of `process` the guard uses (tests pass a stand-in). */
export interface ProcessLike extends Pick<EventEmitter, 'on' | 'off'> {
  exit(code?: number): void;
  stderr: Writable;
}

const SIGNALS = { SIGINT: 2, SIGTERM: 15, SIGHUP: 1 } as const;

export interface TerminalGuard {
  /** Leaves the alternate screen and shows the cursor; safe to call more than once. */
  restore(): void;
  /** Removes the process handlers (after a normal exit). */
  release(): void;
}

/**
 * Enters the alternate screen and installs the exit handlers. `beforeExit`
 * runs first on a signal or crash (the caller unmounts Ink there so its last
 * frame lands on the alternate screen, not the user's shell).
 */
export function guardTerminal(
  stdout: Writable,
  proc: ProcessLike,
  beforeExit: () => void = () => {},
  onCrash: (problem: unknown) => void = () => {},
): TerminalGuard {
  let restored = false;
  const restore = (): void => {
    if (restored) return;
    restored = true;
    stdout.write(SHOW_CURSOR + LEAVE_ALT_SCREEN);
  };
  const shutDown = (code: number, problem?: unknown): void => {
    try {
      beforeExit();
    } catch {
      // The terminal is restored below whatever Ink did.
    }
    restore();
    if (problem !== undefined) {
      proc.stderr.write(`${problem instanceof Error ? (problem.stack ?? problem.message) : String(problem)}\n`);
      try {
        onCrash(problem);
      } catch {
        // Only a record of the crash; the terminal is already restored.
      }
    }
    proc.exit(code);
  };
  const handlers: [string, (...args: unknown[]) => void][] = [
    ...Object.entries(SIGNALS).map(([signal, n]): [string, () => void] => [signal, () => shutDown(128 + n)]),
    ['uncaughtException', (err) => shutDown(1, err)],
    ['unhandledRejection', (err) => shutDown(1, err)],
    ['exit', restore],
  ];
  stdout.write(ENTER_ALT_SCREEN);
  for (const [event, handler] of handlers) proc.on(event, handler);
  return {
    restore,
    release: () => {
      for (const [event, handler] of handlers) proc.off(event, handler);
    },
  };
}
