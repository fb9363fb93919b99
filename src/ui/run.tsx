/**
 * Starts the dashboard in the terminal. Nothing here imports Ink statically:
 * prepareTerminalEnv must run before Ink (and chalk) load, so they are loaded
 * with import() after it.
 */
import type { TriageSource } from '../triage/source.js';
import { prepareTerminalEnv } from './env.js';
import { guardTerminal, type ProcessLike } from './terminal.js';

export { prepareTerminalEnv } from './env.js';

export interface RunOptions {
  stdin?: NodeJS.ReadStream;
  stdout?: NodeJS.WriteStream;
  /** Where signal and crash handlers go; tests pass a stand-in. */
  process?: ProcessLike;
  /** Every tab opens with Hide Resolved Exports on (--hide-resolved; the config file's default once it has one). */
  hideResolved?: boolean;
}

/** Runs the dashboard on the alternate screen until the user quits; the terminal is restored on every exit path. */
export async function runTui(source: TriageSource, opts: RunOptions = {}): Promise<void> {
  prepareTerminalEnv();
  const stdout = opts.stdout ?? process.stdout;
  const stdin = opts.stdin ?? process.stdin;
  const proc: ProcessLike = opts.process ?? process;
  const [{ render }, { SizedApp }] = await Promise.all([import('ink'), import('./App.js')]);
  let unmount: () => void = () => {};
  const guard = guardTerminal(stdout, proc, () => unmount());
  try {
    const instance = render(<SizedApp source={source} stdout={stdout} start={{ hideResolved: opts.hideResolved === true }} />, { stdout, stdin, exitOnCtrlC: false });
    unmount = () => instance.unmount();
    await instance.waitUntilExit();
  } finally {
    guard.restore();
    guard.release();
  }
}
