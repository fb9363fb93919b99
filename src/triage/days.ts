/** The days pictures and per-day figures cover: a window ending on the snapshot's newest day. */
import type { Snapshot } from '../db/index.js';

const DAY_MS = 86_400_000;
const ISO_DAY = /^\d{4}-\d{2}-\d{2}/;

/**
 * The snapshot's newest day: the latest date any tab holds (each an index's
 * last entry). A snapshot is a moment; its pictures end there, not at today.
 */
export function newestDay(db: Snapshot, nowMs = Date.now()): string {
  // Below '9999-12-32': a date written as text a producer made up (letters) sorts above every year.
  const newest = db.value<string | null>(
    `SELECT MAX(d) FROM (SELECT MAX(import_date) AS d FROM transactions WHERE import_date < ?1 UNION ALL SELECT MAX(created_at) FROM errors WHERE created_at < ?1
       UNION ALL SELECT MAX(purchase_date) FROM orders WHERE purchase_date < ?1 UNION ALL SELECT MAX(adjusted_at) FROM inventory_log WHERE adjusted_at < ?1)`,
    ['9999-12-32'],
  );
  // A date a producer wrote in another form is no anchor: today is.
  return typeof newest === 'string' && ISO_DAY.test(newest) && !Number.isNaN(Date.parse(newest.slice(0, 10)))
    ? newest.slice(0, 10)
    : new Date(nowMs).toISOString().slice(0, 10);
}

/** The `count` days ending on `last`, oldest first. */
export function dayWindow(last: string, count: number): string[] {
  const end = Date.parse(`${last}T00:00:00Z`);
  return Array.from({ length: count }, (_, i) => new Date(end - (count - 1 - i) * DAY_MS).toISOString().slice(0, 10));
}

/** The next day, YYYY-MM-DD. */
export function dayAfter(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10);
}
