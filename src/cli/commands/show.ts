import type { Snapshot } from '../../db/index.js';
import { getDetail, recordJson, rowsOf, tabSpec, toJson, type TabId } from '../../triage/index.js';
import { oneOf, stringFlag } from '../args.js';
import type { Command } from '../command.js';
import { info, out, snapshotFile, withSnapshot } from '../context.js';
import { UsageError } from '../usage-error.js';
import { DB, parseTab } from '../flags.js';
import { detailText } from '../output.js';

function showText(db: Snapshot, tab: TabId, ref: string, format: 'text' | 'json'): string {
  const [id, ...others] = rowsOf(db, tab, ref);
  if (others.length)
    info(
      `amazon-logs: ${ref} names ${others.length + 1} ${tabSpec(tab).noun}s; showing the newest (${id}); the others: ${others.join(', ')}`,
    );
  if (format === 'json') return toJson(recordJson(db, tab, id!));
  const detail = getDetail(db, tab, id!);
  if (!detail) throw new UsageError(`no ${tabSpec(tab).noun} with id ${id} in the ${tab} tab`);
  return detailText(detail);
}

export const show: Command = {
  names: ['show'],
  synopsis: ['show TAB ID [--db FILE] [--format text|json]'],
  summary: 'print everything about one record: its fields, errors, lines, document, history and audit',
  details:
    "ID is a row id as list prints it, an Amazon order number, tx:N (a transaction) or err:N (an error); on a tab where it names several rows (an order number on the Logs tab) the newest is shown. --format json prints the row as stored, its run's payload as a JSON object and the sections errors, lines, document, reruns and audit (docs/json.md).",
  flags: [
    DB,
    { name: 'format', type: 'string', arg: 'FORMAT', help: 'output format', choices: () => ['text', 'json'] },
  ],
  examples: [
    'amazon-logs show orders 112-1989129-7674645 --db snapshot.db',
    'amazon-logs show errors err:17 --format json --db snapshot.db | jq .payload',
  ],
  async run({ flags, args, config, configFile }) {
    const tab = parseTab(args[0]);
    if (args.length < 2) throw new UsageError('missing ID: give a row id, an Amazon order number, tx:N or err:N');
    if (args.length > 2) throw new UsageError('show takes one ID');
    const format = oneOf(flags.format, ['text', 'json'] as const, '--format', 'text');
    await withSnapshot(snapshotFile(stringFlag(flags.db), config, configFile), true, (db) =>
      out(showText(db, tab, args[1]!, format)),
    );
    return 0;
  },
};
