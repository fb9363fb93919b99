import type { Snapshot } from '../db/index.js';
import { perSnapshot } from './per-snapshot.js';

/**
 * A count of some writes to the snapshot, kept by temp triggers (this
 * connection's, never saved): a cache of what those writes could change
 * compares it with the count it was made at. `events` are trigger events,
 * as "INSERT ON main.errors" or "UPDATE OF code, sku ON main.errors".
 * Returns the count now.
 */
export function writeCounter(db: Snapshot, name: string, events: readonly string[]): () => number {
  db.temp(`
    CREATE TEMP TABLE IF NOT EXISTS ${name} (writes INTEGER NOT NULL);
    INSERT INTO temp.${name} (writes) SELECT 0 WHERE NOT EXISTS (SELECT 1 FROM temp.${name});
    ${events
      .map(
        (event, i) =>
          `CREATE TEMP TRIGGER IF NOT EXISTS ${name}_${i} AFTER ${event} BEGIN UPDATE temp.${name} SET writes = writes + 1; END;`,
      )
      .join('\n')}`);
  return () => Number(db.value(`SELECT writes FROM temp.${name}`));
}

/**
 * A map per snapshot, emptied when one of `events` has been written since it
 * was last looked at (see writeCounter): `current()` reads the count once, so
 * a caller filling many entries calls it once per batch.
 */
export function keptUntilWrite<K, V>(
  name: string,
  events: readonly string[],
): (db: Snapshot) => { current(): Map<K, V> } {
  return perSnapshot((db) => {
    const writesNow = writeCounter(db, name, events);
    const kept = new Map<K, V>();
    let writes = 0;
    return {
      current() {
        const now = writesNow();
        if (now !== writes) {
          kept.clear();
          writes = now;
        }
        return kept;
      },
    };
  });
}
