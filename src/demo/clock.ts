/** The demo's synthetic clock: the real time never leaks into a snapshot. */

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/** ISO-8601 UTC without milliseconds, as the snapshot stores dates: 2026-11-27T08:49:23Z. */
export function iso(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().slice(0, 19) + 'Z';
}

export function parseIso(text: string): number {
  const ms = Date.parse(text);
  if (Number.isNaN(ms)) throw new Error(`not an ISO date: ${text}`);
  return ms;
}
