/**
 * Starts the dashboard in the terminal. Nothing here imports Ink statically:
 * prepareTerminalEnv must run before Ink (and chalk) load, so they are loaded
 * with import() after it.
 */
import type { TriageSource } from '../triage/source.js';
import type { Opening } from './state.js';
import { prepareTerminalEnv } from './env.js';
import { guardTerminal, type ProcessLike } from './terminal.js';

export { prepareTerminalEnv } from './env.js';

export interface RunOptions {
  stdin?: NodeJS.ReadStream;
  stdout?: NodeJS.WriteStream;
  /** Where signal and crash handlers go; tests pass a stand-in. */
  process?: ProcessLike;
  /** The tab and toggles the dashboard opens with. */
  opening?: Opening;
  /** Hears a crash's stack before the process exits (the debug log). */
  onCrash?: (problem: unknown) => void;
}

/** Runs the dashboard on the alternate screen until the user quits; the terminal is restored on every exit path. */
export async function runTui(source: TriageSource, opts: RunOptions = {}): Promise<void> {
  prepareTerminalEnv();
  const stdout = opts.stdout ?? process.stdout;
  const stdin = opts.stdin ?? process.stdin;
  const proc: ProcessLike = opts.process ?? process;
  const [{ render }, { SizedApp }] = await Promise.all([import('ink'), import('./App.js')]);
  let unmount: () => void = () => {};
  const guard = guardTerminal(stdout, proc, () => unmount(), opts.onCrash);
  try {
    const instance = render(<SizedApp source={source} stdout={stdout} opening={opts.opening} />, { stdout, stdin, exitOnCtrlC: false });
    unmount = () => instance.unmount();
    await instance.waitUntilExit();
  } finally {
    guard.restore();
    guard.release();
  }
}
