import type { Snapshot } from '../../db/index.js';
import {
  countRows,
  iterateAudit,
  iterateRecords,
  listRows,
  tabSpec,
  type TabFilters,
  type TabId,
} from '../../triage/index.js';
import { oneOf, parsePositiveInt, stringFlag } from '../args.js';
import type { Command } from '../command.js';
import { info, out, snapshotFile, withSnapshot } from '../context.js';
import { UsageError } from '../usage-error.js';
import { DB, FILTER_FLAGS, filtersFromFlags, parseTab } from '../flags.js';
import { tableText, writeRecords, type RecordFormat } from '../output.js';

const FORMATS = ['table', 'json', 'ndjson', 'csv', 'tsv'] as const;
type Format = (typeof FORMATS)[number];

/** The table of a tab's first rows; the footer (how many of how many) is a note, on stderr. */
function tableOf(db: Snapshot, tab: TabId, filters: TabFilters, limit: number): { text: string; footer: string } {
  const rows = listRows(db, tab, filters, 0, limit);
  const total = countRows(db, tab, filters);
  const footer =
    total > rows.length
      ? `(${rows.length} of ${total} rows; use --limit to see more)`
      : `(${total} row${total === 1 ? '' : 's'})`;
  return { text: tableText(tabSpec(tab), rows), footer };
}

export const list: Command = {
  names: ['list'],
  synopsis: [
    'list TAB [--db FILE] [FILTERS] [--limit N] [--format table|json|ndjson|csv|tsv]',
    'list audit [--db FILE] [--actor NAME] [--action ACTION] [--from DATE] [--to DATE]',
  ],
  summary: "print a tab's rows, filtered as in the dashboard; or the audit log: who did what, when",
  details:
    'TAB is orders, inventory, logs or errors. A table prints the row id first (what show and the actions take) and at most 50 rows unless --limit says otherwise, with a footer on stderr; json, ndjson, csv and tsv print every matching row (whole values) and stream them: ndjson is one JSON object per line, tsv escapes tab, newline and backslash as \\t, \\n and \\\\.',
  flags: [
    DB,
    ...FILTER_FLAGS,
    { name: 'actor', type: 'string', arg: 'NAME', help: 'audit: only what this user did' },
    {
      name: 'action',
      type: 'string',
      arg: 'ACTION',
      help: 'audit: only this action (resolve, rerun, process, link-sku, ...)',
    },
    { name: 'limit', type: 'string', arg: 'N', help: 'at most N rows' },
    {
      name: 'raw',
      type: 'boolean',
      help: "csv and tsv: exact values (by default a text starting with =, +, -, @, a tab or a carriage return gets a leading ' so a spreadsheet does not run it)",
    },
    { name: 'format', type: 'string', arg: 'FORMAT', help: 'output format', choices: () => FORMATS },
  ],
  examples: [
    'amazon-logs list errors --errors-only --hide-resolved --db snapshot.db',
    'amazon-logs list logs --type order-import --from 2026-11-01 --format csv --db snapshot.db > week.csv',
    "amazon-logs list errors --format ndjson --db snapshot.db | jq -r '.code' | sort | uniq -c",
    'amazon-logs list audit --actor anna --from 2026-11-01 --db snapshot.db',
  ],
  async run({ flags, args, config, configFile }) {
    if (args.length > 1) throw new UsageError(`unexpected argument "${args[1]}"`);
    const format: Format = oneOf(flags.format, FORMATS, '--format', 'table');
    const limit = flags.limit === undefined ? undefined : parsePositiveInt(String(flags.limit), '--limit');
    const terminal = process.stdout.isTTY === true;
    const file = snapshotFile(stringFlag(flags.db), config, configFile);
    if (args[0]?.toLowerCase() === 'audit') {
      const stray = FILTER_FLAGS.find((f) => flags[f.name] !== undefined && f.name !== 'from' && f.name !== 'to');
      if (stray)
        throw new UsageError(
          `--${stray.name} is not a filter of the audit log (it takes --actor, --action, --from, --to)`,
        );
      const filters = {
        actor: stringFlag(flags.actor),
        action: stringFlag(flags.action),
        from: stringFlag(flags.from),
        to: stringFlag(flags.to),
      };
      await withSnapshot(file, true, (db) =>
        writeRecords(
          iterateAudit(db, filters, limit ?? (format === 'table' ? 50 : -1)),
          format === 'table' ? 'tsv' : format,
          terminal,
          flags.raw === true,
        ),
      );
      return 0;
    }
    const tab = parseTab(args[0]);
    for (const f of ['actor', 'action'])
      if (flags[f] !== undefined) throw new UsageError(`--${f} filters the audit log (list audit), not the ${tab} tab`);
    const filters = filtersFromFlags(flags);
    await withSnapshot(file, true, async (db) => {
      if (format === 'table') {
        const { text, footer } = tableOf(db, tab, filters, limit ?? 50);
        out(text);
        info(footer);
        return;
      }
      await writeRecords(
        iterateRecords(db, tab, filters, limit ?? -1),
        format as RecordFormat,
        terminal,
        flags.raw === true,
      );
    });
    return 0;
  },
};
