import type { Snapshot } from '../../db/index.js';
import { getDetail, tabSpec, toJson, type TabId } from '../../triage/index.js';
import { oneOf, parseIds, stringFlag } from '../args.js';
import type { Command } from '../command.js';
import { out, resolveDb, withSnapshot } from '../context.js';
import { UsageError } from '../errors.js';
import { DB, parseTab } from '../flags.js';
import { detailText } from '../output.js';

export function showText(db: Snapshot, tab: TabId, id: number, format: 'text' | 'json'): string {
  const detail = getDetail(db, tab, id);
  if (!detail) throw new UsageError(`no ${tabSpec(tab).noun} with id ${id} in the ${tab} tab`);
  return format === 'json' ? toJson(detail) : detailText(detail);
}

export const show: Command = {
  names: ['show'],
  synopsis: ['show TAB ID [--db FILE] [--format text|json]'],
  summary: 'print everything about one record: its fields, errors, lines, document, history and audit',
  flags: [DB, { name: 'format', type: 'string', arg: 'FORMAT', help: 'output format', choices: () => ['text', 'json'] }],
  examples: ['amazon-logs show orders 42', 'amazon-logs show errors 17 --format json'],
  async run({ flags, args }) {
    const tab = parseTab(args[0]);
    const [id, extra] = parseIds(args.slice(1));
    if (extra !== undefined) throw new UsageError('show takes one ID');
    const format = oneOf(flags.format, ['text', 'json'] as const, '--format', 'text');
    await withSnapshot(await resolveDb(stringFlag(flags.db)), true, (db) => out(showText(db, tab, id!, format)));
    return 0;
  },
};
