/** Facts about a snapshot file kept in its meta table. */
import type { Snapshot } from './snapshot.js';

/** meta.generator of a demo snapshot starts with this: its data is made up. */
export const DEMO_GENERATOR = 'amazon-logs demo';

export function isDemoSnapshot(db: Snapshot): boolean {
  return String(db.value("SELECT value FROM meta WHERE key = 'generator'") ?? '').startsWith(DEMO_GENERATOR);
}
