import { recoverJournal } from '../../triage/durable.js';
import { sanitize } from '../../text/sanitize.js';
import { stringFlag } from '../args.js';
import type { Command } from '../command.js';
import { out, withSnapshot } from '../context.js';
import { UsageError } from '../usage-error.js';
import { DB } from '../flags.js';

export const replay: Command = {
  names: ['replay'],
  synopsis: ['replay FILE'],
  summary:
    'apply the actions a dashboard journaled but did not save (it was killed) to the file as it is now; every command that writes, and the dashboard, do this first anyway',
  flags: [DB],
  async run({ flags, args }) {
    const db = stringFlag(flags.db);
    const file = args[0] ?? db;
    if (args.length > 1 || (args[0] && db)) throw new UsageError('replay takes one FILE');
    if (!file) throw new UsageError('replay needs the snapshot FILE whose unsaved actions to apply');
    await withSnapshot(file, false, (snap) =>
      out(sanitize(recoverJournal(snap).message ?? `no unsaved actions for ${file}`)),
    );
    return 0;
  },
};
