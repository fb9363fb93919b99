/**
 * Starts the dashboard in the terminal. Nothing here imports Ink statically:
 * prepareTerminalEnv must run before Ink (and chalk) load, so they are loaded
 * with import() after it.
 */
import type { TriageSource } from '../triage/source.js';
import type { Opening } from './state.js';
import { prepareTerminalEnv } from './env.js';
import { ScreenWriter } from './screen-writer.js';
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

let loading: Promise<[typeof import('ink'), typeof import('./App.js')]> | undefined;

/**
 * Loads Ink, React and the App (and compiles Yoga's wasm): the caller starts
 * this while the database thread opens the file, so both happen at once.
 */
export function loadDashboard(): Promise<[typeof import('ink'), typeof import('./App.js')]> {
  prepareTerminalEnv();
  loading ??= Promise.all([import('ink'), import('./App.js')]);
  return loading;
}

/** Runs the dashboard on the alternate screen until the user quits; the terminal is restored on every exit path. */
export async function runTui(source: TriageSource, opts: RunOptions = {}): Promise<void> {
  const stdout = opts.stdout ?? process.stdout;
  const stdin = opts.stdin ?? process.stdin;
  const proc: ProcessLike = opts.process ?? process;
  const [{ render }, { SizedApp }] = await loadDashboard();
  let unmount: () => void = () => {};
  const guard = guardTerminal(stdout, proc, () => unmount(), opts.onCrash);
  // Only the lines that changed reach the terminal (see screen-writer.ts for why Ink's debug mode).
  const writer = new ScreenWriter(stdout);
  try {
    const instance = render(<SizedApp source={source} stdout={stdout} opening={opts.opening} />, {
      stdout: writer.sink(),
      stdin,
      exitOnCtrlC: false,
      debug: true,
      patchConsole: false,
    });
    unmount = () => instance.unmount();
    await instance.waitUntilExit();
  } finally {
    writer.release();
    guard.restore();
    guard.release();
  }
}
