import { processSchedule } from '../../triage/index.js';
import { recoverJournal } from '../../triage/durable.js';
import { stringFlag } from '../args.js';
import type { Command } from '../command.js';
import { actorOf, info, out, snapshotFile, withSnapshotForAction } from '../context.js';
import { UsageError } from '../usage-error.js';
import { ACTOR, DB } from '../flags.js';

export const process_: Command = {
  names: ['process'],
  synopsis: ['process [--db FILE] [--actor NAME]'],
  summary: "do what the integration's scheduled run would do on the snapshot",
  details:
    "Queued runs are processed in their own rows; a Pending order with no run yet is imported when auto_process is '1' and left Pending when '0' (Process now in the dashboard runs it); an order still pending on Amazon is checked again; queued shipment confirmations and inventory feeds run. Each run is audited under the actor; exit 1 when a run failed.",
  flags: [DB, ACTOR],
  examples: ['amazon-logs process --db snapshot.db --actor scheduler'],
  async run({ flags, args, config, configFile }) {
    if (args.length) throw new UsageError(`unexpected argument "${args[0]}"`);
    return withSnapshotForAction(snapshotFile(stringFlag(flags.db), config, configFile), (db) => {
      const recovery = recoverJournal(db);
      if (recovery.message) info(`amazon-logs: ${recovery.message}`);
      const outcome = processSchedule(db, { actor: actorOf(flags, config) });
      out(outcome.message);
      return outcome.ok ? 0 : 1;
    });
  },
};
