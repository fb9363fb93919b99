import type { Snapshot } from '../../db/index.js';
import { dailyFigures, tabSpec, toJson, type DailyFigures, type TabFilters, type TabId } from '../../triage/index.js';
import { oneOf, parsePositiveInt, stringFlag } from '../args.js';
import type { Command } from '../command.js';
import { out, snapshotFile, withSnapshot } from '../context.js';
import { UsageError } from '../usage-error.js';
import { DB, FILTER_FLAGS, filtersFromFlags, parseTab } from '../flags.js';

/** The per-day figures as JSON: one object per day, and what each figure counts. */
export function statsJson(f: DailyFigures): string {
  const [rows, failed] = f.series;
  return toJson({
    tab: f.tab,
    from: f.days[0],
    to: f.days.at(-1),
    counts: { rows: rows!.label, failed: failed!.label },
    days: f.days.map((day, i) => ({ day, rows: rows!.values[i], failed: failed!.values[i] })),
    totals: { rows: rows!.values.reduce((a, b) => a + b, 0), failed: failed!.values.reduce((a, b) => a + b, 0) },
  });
}

/** The per-day figures as a text table, a line a day, totals last. */
export function statsText(f: DailyFigures): string {
  const [rows, failed] = f.series;
  const w1 = Math.max(rows!.label.length, ...rows!.values.map((v) => String(v).length));
  const w2 = Math.max(failed!.label.length, ...failed!.values.map((v) => String(v).length));
  const line = (day: string, a: string | number, b: string | number) =>
    `${day.padEnd(10)}  ${String(a).padStart(w1)}  ${String(b).padStart(w2)}`;
  const sum = (v: number[]) => v.reduce((a, b) => a + b, 0);
  return [
    `${tabSpec(f.tab).title} per day, ${f.days[0]} to ${f.days.at(-1)} (UTC)`,
    line('day', rows!.label, failed!.label),
    ...f.days.map((day, i) => line(day, rows!.values[i]!, failed!.values[i]!)),
    line('total', sum(rows!.values), sum(failed!.values)),
  ].join('\n');
}

export async function statsOf(db: Snapshot, tab: TabId, filters: TabFilters, days: number): Promise<DailyFigures> {
  return dailyFigures(db, tab, filters, days);
}

export const stats: Command = {
  names: ['stats'],
  synopsis: ['stats TAB [--db FILE] [FILTERS] [--days N] [--format text|json]'],
  summary: "print a tab's rows per day, and the failed ones, as the dashboard's pictures draw them",
  details:
    "The days end on the snapshot's newest day (its latest date in any tab), in UTC. The filters are list's and mean the same; a row counts on the day of the tab's date (purchase, stock change, import, error). Failed is what Show Errors Only keeps.",
  flags: [
    DB,
    ...FILTER_FLAGS,
    { name: 'days', type: 'string', arg: 'N', help: 'how many days (default 30)' },
    { name: 'format', type: 'string', arg: 'FORMAT', help: 'output format', choices: () => ['text', 'json'] },
  ],
  examples: [
    'amazon-logs stats errors --hide-resolved --db snapshot.db',
    'amazon-logs stats logs --type order-import --days 14 --format json --db snapshot.db',
  ],
  async run({ flags, args, config, configFile }) {
    const tab = parseTab(args[0]);
    if (args.length > 1) throw new UsageError(`unexpected argument "${args[1]}"`);
    const days = flags.days === undefined ? 30 : parsePositiveInt(String(flags.days), '--days');
    if (days > 3660) throw new UsageError('--days takes at most 3660 (ten years)');
    const format = oneOf(flags.format, ['text', 'json'] as const, '--format', 'text');
    const filters = filtersFromFlags(flags);
    await withSnapshot(snapshotFile(stringFlag(flags.db), config, configFile), true, async (db) => {
      const figures = await statsOf(db, tab, filters, days);
      out(format === 'json' ? statsJson(figures) : statsText(figures));
    });
    return 0;
  },
};
