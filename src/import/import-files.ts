/**
 * Importing Amazon's own data (Selling Partner API responses, Seller Central
 * reports) and the ERP's items into a snapshot. Every file is read and checked
 * before anything is written, so a file of the wrong kind refuses the whole
 * import; then all files are written in one database transaction.
 */
import type { Snapshot } from '../db/index.js';
import { readItems, writeItems } from './items.js';
import { readListings, writeListings } from './listings.js';
import { ordersWithoutLines } from './order-store.js';
import { writeOrderItems } from './order-items.js';
import { readResponses, writeOrders } from './get-orders.js';
import { readReport, writeReport } from './report.js';
import type { FileResult, ImportKind, SourceFile } from './import-types.js';

export { ImportFileError } from './import-file-error.js';
export { IMPORT_KINDS, type BadRow, type FileResult, type ImportKind, type SourceFile, Tally } from './import-types.js';

/** The table an import of each kind mainly writes (audit_log.target_table). */
export const TARGET_TABLE: Record<ImportKind, string> = {
  orders: 'orders',
  'order-items': 'order_lines',
  report: 'orders',
  listings: 'listings',
  items: 'items',
};

export interface ImportOptions {
  kind: ImportKind;
  files: SourceFile[];
  actor: string;
  /** Do the work and report it, then roll it all back. */
  dryRun?: boolean;
  /** ISO-8601 UTC; the real time by default. */
  now?: string;
}

export interface ImportReport {
  results: FileResult[];
  /** Whether the snapshot changed (false for a second import of the same files). */
  changed: boolean;
  /** Imported orders that have no lines yet. */
  withoutLines: string[];
}

type Writer = (db: Snapshot, now: string) => FileResult;

/** Reads one file; throws ImportFileError when it cannot be imported as `kind`. */
function reader(kind: ImportKind, file: SourceFile): Writer {
  switch (kind) {
    case 'orders': {
      const p = readResponses(file, 'orders');
      return (db, now) => writeOrders(db, p, now);
    }
    case 'order-items': {
      const p = readResponses(file, 'order-items');
      return (db, now) => writeOrderItems(db, p, now);
    }
    case 'report': {
      const p = readReport(file);
      return (db, now) => writeReport(db, p, now);
    }
    case 'listings': {
      const p = readListings(file);
      return (db, now) => writeListings(db, p, now);
    }
    case 'items': {
      const p = readItems(file);
      return (db) => writeItems(db, p);
    }
  }
}

/** "orders.json: 4 orders: 3 new, 1 updated, 0 skipped; 3 runs queued". */
export function summaryLine(r: FileResult): string {
  const read = r.encoding ? ` (read as ${r.encoding})` : '';
  const records = r.tally.new + r.tally.updated + r.tally.skippedTotal;
  const queued = r.tally.queued > 0 ? `; ${r.tally.queued} run${r.tally.queued === 1 ? '' : 's'} queued` : '';
  return `${r.file}${read}: ${records} ${r.unit}: ${r.tally.counts()}${queued}`;
}

class DryRunRollback extends Error {}

export function importFiles(db: Snapshot, opts: ImportOptions): ImportReport {
  const now = opts.now ?? new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
  const writers = opts.files.map((f) => reader(opts.kind, f));
  let report: ImportReport | undefined;
  const work = () => {
    const results = writers.map((write) => write(db, now));
    const changed = results.some((r) => r.tally.changed);
    const touched = [...new Set(results.flatMap((r) => r.orders))];
    report = { results, changed, withoutLines: ordersWithoutLines(db, touched) };
    if (changed) {
      db.run('INSERT INTO audit_log(at, actor, action, target_table, target_id, detail) VALUES (?, ?, ?, ?, ?, ?)', [
        now,
        opts.actor,
        'import',
        TARGET_TABLE[opts.kind],
        0,
        `import ${opts.kind}: ${results.map(summaryLine).join('; ')}`,
      ]);
    }
    if (opts.dryRun) throw new DryRunRollback();
  };
  try {
    db.transaction(work);
  } catch (err) {
    if (!(err instanceof DryRunRollback)) throw err;
  }
  return report!;
}
