/** The pictures' lines as text: per-day figures drawn as sparklines, with the figures that matter beside them. */
import type { DailyFigures } from '../triage/daily.js';
import type { TabId } from '../triage/triage-types.js';
import { sparkline, type Glyphs } from './glyphs.js';

/** What each picture line draws: which series, under which label. */
const LINES: Partial<Record<TabId, { key: 'rows' | 'failed'; label: string }[]>> = {
  errors: [{ key: 'rows', label: 'New errors/day' }],
  logs: [
    { key: 'rows', label: 'Transactions/day' },
    { key: 'failed', label: 'Failed/day' },
  ],
};

const shortDay = (day: string) => day.slice(5);

/**
 * One line per series: the first day's figure, a sparkline of every day, the
 * last day's figure, then the peak and the days covered, e.g.
 * `New errors/day  3 ▁▂ ▃█▁  5  peak 12 on 11-20 · 10-29–11-27`.
 */
export function pictureLines(tab: TabId, figures: DailyFigures | undefined, g: Glyphs): string[] {
  const lines = LINES[tab] ?? [];
  const labelWidth = Math.max(0, ...lines.map((l) => l.label.length));
  if (!figures) return lines.map((l) => `${l.label.padEnd(labelWidth)}  ${g.ellipsis}`);
  const series = lines.map((l) => figures.series.find((s) => s.key === l.key)!.values);
  const firstWidth = Math.max(...series.map((v) => String(v[0] ?? 0).length));
  const lastWidth = Math.max(...series.map((v) => String(v.at(-1) ?? 0).length));
  const from = figures.days[0] ?? '';
  const to = figures.days.at(-1) ?? '';
  return lines.map((l, i) => {
    const values = series[i]!;
    const peak = Math.max(0, ...values);
    const peakDay = figures.days[values.indexOf(peak)] ?? '';
    const spark = sparkline(values, g);
    const ends = `${String(values[0] ?? 0).padStart(firstWidth)} ${spark} ${String(values.at(-1) ?? 0).padEnd(lastWidth)}`;
    const about = peak > 0 ? `peak ${peak} on ${shortDay(peakDay)}` : 'none';
    // The days covered once, on the first line.
    const span = i === 0 ? ` ${g.dot} ${shortDay(from)}${g.range}${shortDay(to)}` : '';
    return `${l.label.padEnd(labelWidth)} ${ends}  ${about}${span}`;
  });
}
