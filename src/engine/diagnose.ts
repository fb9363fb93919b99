/**
 * "Would pass now": whether re-running a transaction would succeed with the data as it
 * is now (a SKU linked since, an item active again, stock there now, a service level
 * mapped, a transient failure). Each rule's own assessment runs, reading only, so the
 * answer is the rule's, not a second copy of it.
 */
import type { Snapshot } from '../db/index.js';
import { assessFulfillment } from './fulfillment.js';
import { assessInventory } from './inventory.js';
import { assessLink } from './link-sku.js';
import { assessOrderImport } from './order-import.js';
import { storedRun } from './rerun.js';

export interface Diagnosis {
  /** A re-run would succeed now. */
  pass: boolean;
  /** The codes a re-run would fail (or wait) with now; empty when it passes. */
  codes: string[];
}

export function wouldPassNow(db: Snapshot, transactionId: number): Diagnosis {
  const stored = storedRun(db, transactionId);
  const fails = (codes: string[]): Diagnosis => ({ pass: codes.length === 0, codes });
  switch (stored.type) {
    case 'Order Import': {
      const v = assessOrderImport(db, stored.orderRef);
      if (v.kind === 'notFound') return fails(['API_INVALID_INPUT']);
      if (v.kind === 'pending') return fails(['ORD_STILL_PENDING']);
      return fails(v.kind === 'fail' ? [...new Set(v.failures.map((f) => f.code))] : []);
    }
    case 'Fulfillment Update': {
      const v = assessFulfillment(db, stored.orderRef);
      return fails(v.kind === 'fail' ? [...new Set(v.errors.map((e) => e.code))] : []);
    }
    case 'Inventory Sync':
    case 'Inventory Update': {
      if (!stored.input.sku.trim()) return fails(['API_INVALID_INPUT']);
      const v = assessInventory(db, stored.input.sku);
      return fails(v.status === 'Error' && v.error ? [v.error.code] : []);
    }
    case 'Link SKU': {
      const v = assessLink(db, stored.input);
      return fails(v.kind === 'fail' ? [v.error.code] : []);
    }
  }
}
