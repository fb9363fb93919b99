/**
 * Starts the dashboard in the terminal. Nothing here imports Ink statically:
 * prepareTerminalEnv must run before Ink (and chalk) load, so they are loaded
 * with import() after it.
 */
import type { TriageSource } from '../triage/source.js';
import { prepareTerminalEnv } from './env.js';
import { ScreenWriter } from './screen-writer.js';
import { guardTerminal, type ProcessLike } from './terminal.js';

export { prepareTerminalEnv } from './env.js';

export interface RunOptions {
  stdin?: NodeJS.ReadStream;
  stdout?: NodeJS.WriteStream;
  /** Where signal and crash handlers go; tests pass a stand-in. */
  process?: ProcessLike;
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
  // Only the lines that changed reach the terminal (see screen-writer.ts for why Ink's debug mode).
  const writer = new ScreenWriter(stdout);
  try {
    const instance = render(<SizedApp source={source} stdout={stdout} />, { stdout: writer.sink(), stdin, exitOnCtrlC: false, debug: true, patchConsole: false });
    unmount = () => instance.unmount();
    await instance.waitUntilExit();
  } finally {
    writer.release();
    guard.restore();
    guard.release();
  }
}
