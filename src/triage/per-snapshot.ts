import type { Snapshot } from '../db/index.js';

/**
 * One `T` per open snapshot, made on first use and dropped with the snapshot:
 * what a snapshot's caches and temp tables (this connection's) hang on.
 */
export function perSnapshot<T extends object>(make: (db: Snapshot) => T): (db: Snapshot) => T {
  const made = new WeakMap<Snapshot, T>();
  return (db) => {
    let it = made.get(db);
    if (!it) made.set(db, (it = make(db)));
    return it;
  };
}
