import { openWorkerSource } from '../../triage/worker-source.js';
import type { Command } from '../command.js';
import { actorOf, info, resolveDb } from '../context.js';
import { UsageError } from '../errors.js';
import { ACTOR } from '../flags.js';

export const dashboard: Command = {
  names: [''],
  synopsis: ['[FILE] [--read-only] [--hide-resolved] [--actor NAME]'],
  summary: 'open the terminal dashboard on a snapshot (default: the demo snapshot data/demo.db, generated when missing)',
  flags: [
    { name: 'read-only', type: 'boolean', help: 'browse without ever writing the file' },
    { name: 'hide-resolved', type: 'boolean', help: 'open every tab with Hide Resolved Exports on (open work first; c keeps it)' },
    ACTOR,
  ],
  async run({ flags, args }) {
    if (args.length > 1) throw new UsageError(`unknown command "${args[0]}" (see amazon-logs --help)`);
    if (!process.stdin.isTTY || !process.stdout.isTTY) {
      throw new UsageError('the dashboard needs a terminal (stdin and stdout); for scripts and pipes use `amazon-logs list TAB` (see --help)');
    }
    const file = await resolveDb(args[0]);
    // chalk ignores NO_COLOR; it must see FORCE_COLOR before Ink is first imported.
    if (process.env.NO_COLOR) process.env.FORCE_COLOR = '0';
    // The database lives in a worker thread, so no query or save can stall the screen.
    const source = await openWorkerSource({ file, readOnly: flags['read-only'] === true, actor: actorOf(flags), exportDir: process.cwd() });
    // Loaded only here: the dashboard's modules (Ink, React) must not slow the scriptable commands.
    const { runTui } = await import('../../ui/run.js');
    try {
      await runTui(source, { hideResolved: flags['hide-resolved'] === true });
      const saved = await source.flush();
      if (!saved.ok) info(`amazon-logs: ${saved.message}`);
    } finally {
      await source.close();
    }
    return 0;
  },
};
