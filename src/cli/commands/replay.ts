import { recoverJournal } from '../../triage/durable.js';
import { sanitize } from '../../text/sanitize.js';
import { stringFlag } from '../args.js';
import type { Command } from '../command.js';
import { out, withSnapshot } from '../context.js';
import { UsageError } from '../errors.js';
import { DB } from '../flags.js';

export const replay: Command = {
  names: ['replay'],
  synopsis: ['replay FILE'],
  summary: 'apply the actions a dashboard session journaled but could not save (the file changed on disk meanwhile) to the file as it is now',
  flags: [DB],
  async run({ flags, args }) {
    const db = stringFlag(flags.db);
    const file = args[0] ?? db;
    if (args.length > 1 || (args[0] && db)) throw new UsageError('replay takes one FILE');
    if (!file) throw new UsageError('replay needs the snapshot FILE whose unsaved actions to apply');
    await withSnapshot(file, false, (snap) => out(sanitize(recoverJournal(snap, true).message ?? `no unsaved actions for ${file}`)));
    return 0;
  },
};
