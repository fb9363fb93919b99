import type { Snapshot } from '../../db/index.js';
import { countRows, listRecords, listRows, tabSpec, toJson, type TabFilters, type TabId } from '../../triage/index.js';
import { oneOf, parsePositiveInt, stringFlag } from '../args.js';
import type { Command } from '../command.js';
import { out, resolveDb, withSnapshot } from '../context.js';
import { DB, FILTER_FLAGS, filtersFromFlags, parseTab } from '../flags.js';
import { UsageError } from '../errors.js';
import { csvText, tableText } from '../output.js';

export interface ListOptions {
  tab: TabId;
  filters: TabFilters;
  limit: number | undefined;
  format: 'table' | 'json' | 'csv';
  terminal: boolean;
}

export function listText(db: Snapshot, o: ListOptions): string {
  if (o.format === 'table') {
    const limit = o.limit ?? 50;
    const rows = listRows(db, o.tab, o.filters, 0, limit);
    const total = countRows(db, o.tab, o.filters);
    const more = total > rows.length ? `\n(${rows.length} of ${total} rows; use --limit to see more)` : `\n(${total} row${total === 1 ? '' : 's'})`;
    return tableText(tabSpec(o.tab), rows) + more;
  }
  const records = listRecords(db, o.tab, o.filters, o.limit ?? -1);
  return o.format === 'json' ? toJson(records) : csvText(records, o.terminal).trimEnd();
}

export const list: Command = {
  names: ['list'],
  synopsis: ['list TAB [--db FILE] [FILTERS] [--limit N] [--format table|json|csv]'],
  summary: "print a tab's rows, filtered as in the dashboard",
  details:
    'TAB is orders, inventory, logs or errors. A table prints the row id first (what show and the actions take) and at most 50 rows unless --limit says otherwise; json and csv print every matching row.',
  flags: [
    DB,
    ...FILTER_FLAGS,
    { name: 'limit', type: 'string', arg: 'N', help: 'at most N rows' },
    { name: 'format', type: 'string', arg: 'FORMAT', help: 'output format', choices: () => ['table', 'json', 'csv'] },
  ],
  examples: ['amazon-logs list errors --errors-only --hide-resolved', 'amazon-logs list logs --type order-import --from 2026-11-01 --format csv > week.csv'],
  async run({ flags, args }) {
    const tab = parseTab(args[0]);
    if (args.length > 1) throw new UsageError(`unexpected argument "${args[1]}"`);
    const options: ListOptions = {
      tab,
      filters: filtersFromFlags(flags),
      limit: flags.limit === undefined ? undefined : parsePositiveInt(String(flags.limit), '--limit'),
      format: oneOf(flags.format, ['table', 'json', 'csv'] as const, '--format', 'table'),
      terminal: process.stdout.isTTY === true,
    };
    await withSnapshot(await resolveDb(stringFlag(flags.db)), true, (db) => out(listText(db, options)));
    return 0;
  },
};
