import type { TabId } from '../../triage/index.js';
import type { Outcome } from '../../user-error.js';
import { TAB_IDS } from '../../triage/index.js';
import { openWorkerSource } from '../../triage/worker-source.js';
import type { WaitingThread } from '../../triage/database-thread.js';
import { stringFlag } from '../args.js';
import type { Command } from '../command.js';
import type { Config } from '../config.js';
import { actorOf, debug, info, snapshotFile } from '../context.js';
import { UsageError } from '../usage-error.js';
import { ACTOR, DB } from '../flags.js';
import { updateConfigFile } from '../../db/index.js';
import { wantsNoColor } from '../../ui/env.js';
import { programVersion } from '../version.js';
import { messageOf } from '../../user-error.js';

const READ_ONLY = { name: 'read-only', type: 'boolean', help: 'browse without ever writing the file' } as const;

/** The column chooser's choice, kept in the config file when there is one. */
function saveColumns(configFile: string | undefined, hidden: Record<TabId, readonly string[]>): Outcome {
  const kept = Object.fromEntries(Object.entries(hidden).filter(([, cols]) => cols.length > 0));
  if (!configFile) return { ok: true, message: 'Columns chosen for this session' };
  try {
    return updateConfigFile(configFile, 'hiddenColumns', kept)
      ? { ok: true, message: `Columns kept in ${configFile}` }
      : { ok: true, message: `Columns chosen for this session (no config file at ${configFile} to keep them in)` };
  } catch (err) {
    return { ok: false, message: `Columns chosen for this session; not kept: ${messageOf(err)}` };
  }
}

/** The dashboard's refusal without a terminal, before anything else is done. */
export function requireTerminal(): void {
  if (!process.stdin.isTTY || !process.stdout.isTTY) {
    throw new UsageError(
      'the dashboard needs a terminal (stdin and stdout); for scripts and pipes use `amazon-logs list TAB` (see --help)',
    );
  }
}

/** Runs the dashboard on a snapshot file until the user quits. */
export async function openDashboard(
  file: string,
  opts: { readOnly: boolean; actor: string; config: Config; configFile?: string; databaseThread?: WaitingThread },
): Promise<number> {
  requireTerminal();
  // NO_COLOR and the mono theme need no FORCE_COLOR=0: the dashboard draws in inverse and bold only then (state.mono).
  // Loaded only here: the dashboard's modules (Ink, React) must not slow the scriptable commands.
  // They load (and Yoga compiles) while the database thread opens the file.
  const ui = import('../../ui/run.js');
  void ui.then((m) => m.loadDashboard()).catch(() => {});
  // The database lives in a worker thread, so no query or save can stall the screen.
  const started = performance.now();
  const source = await openWorkerSource(
    { file, readOnly: opts.readOnly, actor: opts.actor, exportDir: process.cwd() },
    { waiting: opts.databaseThread },
  );
  debug(
    `dashboard: opened ${file} in ${Math.round(performance.now() - started)} ms${source.startedAhead ? ' on the database thread started ahead' : ''}${source.readOnlyReason ? ` (read-only: ${source.readOnlyReason})` : ''}`,
  );
  if (source.openingNotice) debug(`dashboard: ${source.openingNotice}`);
  source.onNotice((text, ok) => debug(`dashboard: ${ok ? 'notice' : 'problem'}: ${text}`));
  if (source.label.endsWith('(demo: made-up data)')) info(`amazon-logs: ${file} is a demo snapshot (made-up data)`);
  const { runTui } = await ui;
  const tabs = (v: boolean | TabId[] | undefined): TabId[] => (v === true ? [...TAB_IDS] : Array.isArray(v) ? v : []);
  try {
    await runTui(source, {
      opening: {
        tab: opts.config.startTab,
        hideResolved: tabs(opts.config.hideResolved),
        errorsOnly: tabs(opts.config.errorsOnly),
        hiddenColumns: opts.config.hiddenColumns,
        // NO_COLOR or the mono theme: no colour; inverse and bold stay (the dashboard draws no colours, chalk stays on).
        mono: wantsNoColor() || opts.config.theme === 'mono',
        version: programVersion(),
      },
      saveColumns: async (hidden) => saveColumns(opts.configFile, hidden),
      onCrash: (problem) => debug(`dashboard crashed: ${(problem as Error)?.stack ?? String(problem)}`),
    });
    // A database thread stuck in a long query must not keep the program from quitting: the journal holds every acknowledged action.
    const stuck = {
      ok: false,
      message:
        'the database thread did not answer in 20 s; actions not yet saved stay in the journal and are applied on the next open',
    };
    const saved = await Promise.race([
      source.flush(),
      new Promise<typeof stuck>((resolve) => setTimeout(() => resolve(stuck), 20_000).unref()),
    ]);
    debug(`dashboard: quit; ${saved.message}`);
    if (!saved.ok) info(`amazon-logs: ${saved.message}`);
  } finally {
    await source.close();
  }
  return 0;
}

export const dashboard: Command = {
  names: [''],
  synopsis: ['[FILE | --db FILE] [--read-only] [--actor NAME]'],
  summary: 'open the terminal dashboard on a snapshot (amazon-logs demo opens one on made-up data)',
  flags: [DB, READ_ONLY, ACTOR],
  async run({ flags, args, config, configFile, databaseThread }) {
    if (args.length > 1) throw new UsageError(`unknown command "${args[0]}" (see amazon-logs --help)`);
    if (args[0] !== undefined && flags.db !== undefined)
      throw new UsageError('give the snapshot as FILE or as --db FILE, not both');
    const file = snapshotFile(args[0] ?? stringFlag(flags.db), config, configFile);
    return openDashboard(file, {
      readOnly: flags['read-only'] === true,
      actor: actorOf(flags, config),
      config,
      configFile,
      databaseThread,
    });
  },
};
