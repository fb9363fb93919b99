/**
 * Starts the dashboard in the terminal. Ink and React are loaded with
 * import() here, so the scriptable commands never load them.
 */
import type { Outcome } from '../user-error.js';
import { spawnSync } from 'node:child_process';
import type { TriageSource } from '../triage/source.js';
import type { TabId } from '../triage/triage-types.js';
import type { DashboardIO } from './controller.js';
import type { Opening } from './state.js';
import { ScreenWriter } from './screen-writer.js';
import { ENTER_ALT_SCREEN, guardTerminal, LEAVE_ALT_SCREEN, SHOW_CURSOR, type ProcessLike } from './terminal.js';

export interface RunOptions {
  stdin?: NodeJS.ReadStream;
  stdout?: NodeJS.WriteStream;
  /** Where signal and crash handlers go; tests pass a stand-in. */
  process?: ProcessLike;
  /** The tab and toggles the dashboard opens with, the version, colour or not, the columns each tab hides. */
  opening?: Opening;
  /** Hears a crash's stack before the process exits (the debug log). */
  onCrash?: (problem: unknown) => void;
  /** Keeps the column chooser's choice (the config file). */
  saveColumns?: DashboardIO['saveColumns'];
  /** The pager command (default $PAGER, else `less -R`). */
  pager?: string;
}

let loading: Promise<[typeof import('ink'), typeof import('./app.js')]> | undefined;

/**
 * Loads Ink, React and the App (and compiles Yoga's wasm): the caller starts
 * this while the database thread opens the file, so both happen at once.
 */
export function loadDashboard(): Promise<[typeof import('ink'), typeof import('./app.js')]> {
  loading ??= Promise.all([import('ink'), import('./app.js')]);
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
  const io: DashboardIO = {
    // OSC 52 moves no cursor: it goes beside the frames the writer keeps track of.
    writeRaw: (text) => stdout.write(text),
    saveColumns: opts.saveColumns,
    page: async (text) =>
      pageThrough(opts.pager ?? process.env.PAGER ?? 'less -R', text, stdin, stdout, () => writer.redraw()),
  };
  try {
    const instance = render(<SizedApp source={source} stdout={stdout} opening={opts.opening} io={io} />, {
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

/**
 * v: the text in the user's pager. The dashboard leaves the alternate screen
 * and raw mode for it (less takes the keyboard from the terminal itself, as
 * its input is the text), and comes back to a screen the writer draws
 * whole with the next frame (the message that says how it went).
 */
function pageThrough(
  pager: string,
  text: string,
  stdin: NodeJS.ReadStream,
  stdout: NodeJS.WriteStream,
  redraw: () => void,
): Outcome {
  const raw = stdin.isTTY && stdin.isRaw;
  if (raw) stdin.setRawMode(false);
  stdout.write(SHOW_CURSOR + LEAVE_ALT_SCREEN);
  let outcome: Outcome;
  try {
    // Through the shell: $PAGER may carry options ("less -R").
    const r = spawnSync('/bin/sh', ['-c', pager], { input: text, stdio: ['pipe', 'inherit', 'inherit'] });
    outcome = r.error
      ? { ok: false, message: `The pager (${pager}) did not start: ${r.error.message}` }
      : r.status === 0 || r.signal === 'SIGPIPE'
        ? { ok: true, message: `Back from the pager (${pager})` }
        : { ok: false, message: `The pager (${pager}) ended with status ${r.status ?? r.signal}` };
  } finally {
    stdout.write(ENTER_ALT_SCREEN + '\x1b[?25l');
    if (raw) stdin.setRawMode(true);
    redraw();
  }
  return outcome;
}

/** For the dashboard command: a tab's hidden columns as the config file keeps them. */
export type HiddenColumns = Partial<Record<TabId, readonly string[]>>;
