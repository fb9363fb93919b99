/** What every kind of import shares. */
import path from 'node:path';

export const IMPORT_KINDS = ['orders', 'order-items', 'report', 'listings', 'items'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

/** A row (or JSON record) that could not be imported, and why. */
export interface BadRow {
  file: string;
  /** 1-based line where the row or record starts. */
  line: number;
  reason: string;
}

/** A file to import, as read from disk. */
export interface SourceFile {
  /** Name used in messages (as given on the command line). */
  name: string;
  bytes: Uint8Array;
}

/** The file's own name, for what is stored in the snapshot ("Queued: imported from orders.json"). */
export function baseName(file: string): string {
  return path.basename(file);
}

/** What one file did: "n new, n updated, n skipped (reason xN)", in the kind's unit. */
export class Tally {
  new = 0;
  updated = 0;
  queued = 0;
  readonly skipped = new Map<string, number>();
  readonly bad: BadRow[] = [];

  skip(reason: string, n = 1): void {
    if (n > 0) this.skipped.set(reason, (this.skipped.get(reason) ?? 0) + n);
  }

  /** A bad row: listed with its line, and counted as skipped ("invalid"). */
  reject(row: BadRow): void {
    this.bad.push(row);
    this.skip('invalid');
  }

  get skippedTotal(): number {
    let n = 0;
    for (const v of this.skipped.values()) n += v;
    return n;
  }

  get changed(): boolean {
    return this.new + this.updated + this.queued > 0;
  }

  /** "3 new, 1 updated, 3 skipped (unchanged x2, invalid x1)": the commonest reason first. */
  counts(): string {
    const reasons = [...this.skipped]
      .sort(([a, n], [b, m]) => m - n || a.localeCompare(b))
      .map(([r, n]) => `${r} x${n}`)
      .join(', ');
    return `${this.new} new, ${this.updated} updated, ${this.skippedTotal} skipped${reasons ? ` (${reasons})` : ''}`;
  }
}

export interface FileResult {
  file: string;
  /** Set when the file was not UTF-8, so the user sees how it was read. */
  encoding?: string;
  /** What the counts count: "orders", "order items", "rows", "listings". */
  unit: string;
  tally: Tally;
  /** Further facts for the user: orders created or changed by a report, SKUs without a link, responses left out. */
  notes: string[];
  /** Order refs this file created or changed (for the note on orders without items). */
  orders: string[];
}
