import { listIds, rowsOfAll, runAction, type ActionId } from '../../triage/index.js';
import { recoverJournal } from '../../triage/durable.js';
import { sanitize } from '../../text/sanitize.js';
import { stringFlag } from '../args.js';
import type { Command } from '../command.js';
import { actorOf, info, out, snapshotFile, withSnapshotForAction } from '../context.js';
import { UsageError } from '../usage-error.js';
import { ACTOR, DB, FILTER_FLAGS, filtersFromFlags, hasFilters, parseTab } from '../flags.js';

export const act: Command = {
  names: ['resolve', 'unresolve', 'rerun', 'resolve-rerun'],
  synopsis: [
    'resolve|unresolve|rerun|resolve-rerun TAB ID... [--db FILE] [--actor NAME]',
    'resolve|unresolve|rerun|resolve-rerun TAB FILTERS... [--db FILE] [--actor NAME]',
  ],
  summary: "the Options menu's actions: Mark as Resolved / Unresolved, Re-Run, Resolve and Run Again (orders)",
  details:
    'Rows by id (a row id as list prints it, an Amazon order number, tx:N or err:N: each names the rows of TAB it concerns), or every row that list\'s filter flags match (at least one). A re-run runs each problem once however many of its rows are given, and reports "n succeeded, n still failing (CODE xN)"; it exits 1 when one is still failing. The file is saved before the command reports.',
  flags: [DB, ACTOR, ...FILTER_FLAGS],
  examples: [
    'amazon-logs rerun errors 17 18 --actor anna',
    'amazon-logs rerun errors --code ORD_SKU_UNLINKED --hide-resolved',
  ],
  async run({ name, flags, args, config, configFile }) {
    const tab = parseTab(args[0]);
    const filtered = hasFilters(flags);
    // Rows by id, or every row the filters match (as `list` would show them): never both, never neither.
    if (filtered && args.length > 1) throw new UsageError('give row ids or filters, not both');
    const filters = filtersFromFlags(flags);
    const refs = args.slice(1);
    if (!filtered && refs.length === 0)
      throw new UsageError('missing ID: give row ids, Amazon order numbers, tx:N or err:N, or filters');
    return withSnapshotForAction(snapshotFile(stringFlag(flags.db), config, configFile), (db) => {
      // Actions an interrupted dashboard journaled come first, so these apply on top of them.
      const recovery = recoverJournal(db);
      if (recovery.message) info(`amazon-logs: ${recovery.message}`);
      const targets = filtered ? listIds(db, tab, filters) : rowsOfAll(db, tab, refs);
      if (targets.length === 0) throw new UsageError(`no ${tab} rows match the filters; nothing done`);
      const outcome = runAction(db, tab, name as ActionId, targets, { actor: actorOf(flags, config) });
      // The line names rows by their order ref or SKU: text from the file.
      out(sanitize(outcome.message));
      return outcome.ok ? 0 : 1;
    });
  },
};
