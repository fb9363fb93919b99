/**
 * Dates as snapshots store them: ISO-8601 text, written by this tool as
 * 2026-11-27T08:49:23Z and by producers in any form SQLite takes (a space or T,
 * seconds or not, fractions, a zone or none: no zone is UTC). Parsed strictly:
 * February 31st is no date, whatever Date.parse makes of it.
 */
const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;

/** Whether the day exists in that month and year. */
export function realDay(year: number, month: number, day: number): boolean {
  const d = new Date(Date.UTC(year, month - 1, day));
  return d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day;
}

/** Milliseconds since the epoch, or undefined when the text is not a real ISO-8601 date. */
export function parseInstant(text: string): number | undefined {
  const m = ISO.exec(text.trim());
  if (!m) return undefined;
  const [, y, mo, d, h = '0', mi = '0', s = '0', frac = '0', zone] = m;
  if (!realDay(Number(y), Number(mo), Number(d)) || Number(h) > 23 || Number(mi) > 59 || Number(s) > 59)
    return undefined;
  let ms = Date.UTC(
    Number(y),
    Number(mo) - 1,
    Number(d),
    Number(h),
    Number(mi),
    Number(s),
    Number(frac.padEnd(3, '0').slice(0, 3)),
  );
  if (zone && zone.toUpperCase() !== 'Z') {
    const z = /([+-])(\d{2}):?(\d{2})/.exec(zone)!;
    if (Number(z[2]) > 23 || Number(z[3]) > 59) return undefined;
    ms -= (z[1] === '+' ? 1 : -1) * (Number(z[2]) * 60 + Number(z[3])) * 60_000;
  }
  return ms;
}
