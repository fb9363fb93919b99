/** Inventory Sync and Inventory Update runs: quantities sent to Amazon, and their re-runs. */
import { runInventory } from '../engine/index.js';
import type { RunResult, SyncType, TransientCode } from '../engine/domain.js';
import { ADJUSTMENT_REASONS } from './catalog.js';
import { DAY, HOUR, MINUTE } from './clock.js';
import { requestLink } from './links.js';
import { addUnlinkedListing, discontinueItem } from './products.js';
import { planRerun, retryTransient } from './rerun-plans.js';
import { SHIP_STORE, type Item, type Listing, type World } from './world.js';

export type InventoryType = 'Inventory Sync' | 'Inventory Update';

/** Share of fresh inventory runs per scenario; 'ok' fills the rest. */
export const INVENTORY_SCENARIOS = {
  ok: 0,
  unlinked: 0.008,
  inactiveItem: 0.005,
  negative: 0.006,
  unreadable: 0.002,
  quota: 0.015,
  timeout: 0.01,
} as const;
export type InventoryScenario = keyof typeof INVENTORY_SCENARIOS;

function sendOnce(
  w: World,
  type: InventoryType,
  listing: Listing,
  reason: string,
  opts: { syncType?: SyncType; rerunOf?: number; fault?: TransientCode } = {},
): RunResult {
  const result = runInventory(w.db, type, { sku: listing.amazonSku, reason }, w.run(opts));
  if (result.status === 'Success') w.markSent(listing);
  return result;
}

/** A stock movement in the ERP, named as the Inventory tab shows it; keeps available >= 0. */
function adjust(w: World, item: Item): string {
  const r = w.rng;
  const s = w.stock(item);
  if (!s) return 'Stock adjustment';
  const available = s.onHand - s.committed;
  // Purchase orders are placed when stock runs low; other movements happen any time.
  const reason =
    available < 48 && r.chance(0.7) ? 'Received PO' : r.pick(ADJUSTMENT_REASONS.filter((a) => a !== 'Received PO'));
  let delta: number;
  switch (reason) {
    case 'Received PO':
      w.receive(item, r.int(4, 40) * 6);
      return `Received ${w.shapes.purchaseOrder()}`;
    case 'Transfer from WEST':
      delta = r.int(1, 6) * 6;
      break;
    case 'Customer return restocked':
      delta = r.int(1, 2);
      break;
    case 'Adjustment: damaged':
      delta = -r.int(1, 2);
      break;
    default:
      delta = r.chance(0.5) ? r.int(1, 4) : -r.int(1, 4);
  }
  if (available + delta < 0) delta = r.int(1, 3);
  w.setOnHand(item, s.onHand + delta);
  return reason;
}

/** A healthy merchant listing, or none when the catalogue has none. */
function healthy(w: World, type: InventoryType): { listing: Listing; changed: boolean } | undefined {
  if (type === 'Inventory Sync' && w.rng.chance(0.85)) {
    const listing = w.takeDirty();
    if (listing) return { listing, changed: true };
  }
  const listing = w.healthyListing('MFN');
  return listing && { listing, changed: false };
}

function rerunOf(w: World, type: InventoryType, listing: Listing, reason: string) {
  return (rerunOf: number, syncType: SyncType): RunResult => sendOnce(w, type, listing, reason, { syncType, rerunOf });
}

export function freshInventory(w: World, type: InventoryType, scenario: InventoryScenario): RunResult {
  const r = w.rng;
  if (scenario === 'unlinked') {
    const listing = w.fromPool(w.unlinked, (l) => l.linkedTo === null) ?? addUnlinkedListing(w);
    if (listing) return follow(w, type, listing, sendOnce(w, type, listing, defaultReason(type)), defaultReason(type));
    scenario = 'ok';
  }
  if (scenario === 'inactiveItem') {
    const item = (w.rng.chance(0.7) ? w.fromPool(w.inactiveItems, (i) => !i.active) : undefined) ?? discontinueItem(w);
    const listing = item?.listings.find((l) => l.linkedTo === item.sku && l.channel === 'MFN');
    if (listing) return follow(w, type, listing, sendOnce(w, type, listing, defaultReason(type)), defaultReason(type));
    scenario = 'ok';
  }
  if (scenario === 'negative') {
    const overCommitted = overCommit(w);
    if (overCommitted) {
      const reason = type === 'Inventory Sync' ? 'Scheduled sync' : overCommitted.reason;
      return follow(w, type, overCommitted.listing, sendOnce(w, type, overCommitted.listing, reason), reason);
    }
    scenario = 'ok';
  }

  const pick = healthy(w, type);
  if (!pick) throw new Error('demo catalogue has no healthy listing to sync');
  const listing = pick.listing;
  if (scenario === 'unreadable') {
    // A hand-made import into the ERP left text in a stock count; the rule refuses to read it as 0.
    const s = w.stock(listing.item);
    if (s) {
      w.db.run(`UPDATE stock SET on_hand = 'n/a' WHERE item_sku = ? AND store = ?`, [listing.item.sku, SHIP_STORE]);
      const result = sendOnce(w, type, listing, defaultReason(type));
      planRerun(w, type, result.transactionId, {
        chance: 0.9,
        delay: [HOUR, DAY],
        syncType: 'Manual',
        fix: () => w.setOnHand(listing.item, w.stock(listing.item)!.onHand),
        rerun: rerunOf(w, type, listing, defaultReason(type)),
      });
      return result;
    }
  }
  const fault: TransientCode | undefined =
    scenario === 'quota' ? 'API_QUOTA' : scenario === 'timeout' ? 'NET_TIMEOUT' : undefined;
  let reason = 'Scheduled sync';
  // An update follows a movement in the ERP; a faulted run must carry a new quantity to fail on sending.
  if (type === 'Inventory Update') reason = adjust(w, listing.item);
  // Most scheduled syncs find something moved (returns, counts); the rest are skipped as identical.
  else if (fault || (!pick.changed && r.chance(0.75))) adjust(w, listing.item);
  return follow(w, type, listing, sendOnce(w, type, listing, reason, fault ? { fault } : {}), reason);
}

function defaultReason(type: InventoryType): string {
  return type === 'Inventory Sync' ? 'Scheduled sync' : 'Stock adjustment';
}

/**
 * Makes an item over-committed: a cycle count or damage finds fewer units on hand than open
 * orders have reserved. Undefined when no item has open commitments.
 */
function overCommit(w: World): { listing: Listing; reason: string } | undefined {
  for (let tries = 0; tries < 20; tries++) {
    const listing = w.healthyListing('MFN');
    if (!listing) return undefined;
    const s = w.stock(listing.item);
    if (!s || s.committed < 1) continue;
    const short = w.rng.int(1, Math.min(3, s.committed));
    w.setOnHand(listing.item, s.committed - short);
    return { listing, reason: w.rng.chance(0.5) ? 'Adjustment: cycle count' : 'Adjustment: damaged' };
  }
  return undefined;
}

/** Plans what a failed run leads to, from the code the engine gave it. */
function follow(w: World, type: InventoryType, listing: Listing, result: RunResult, reason: string): RunResult {
  if (result.status !== 'Error') return result;
  const code = result.errors.find((e) => e.severity === 'error')?.code;
  const rerun = rerunOf(w, type, listing, reason);
  const r = w.rng;
  switch (code) {
    case 'API_QUOTA':
    case 'NET_TIMEOUT':
      retryTransient(w, type, result.transactionId, rerun);
      break;
    case 'LNK_NO_ASIN':
      if (r.chance(0.6)) {
        requestLink(w, listing, () =>
          planRerun(w, type, result.transactionId, {
            chance: 1,
            delay: [10 * MINUTE, 3 * HOUR],
            syncType: 'Manual',
            rerun,
          }),
        );
      }
      break;
    case 'INV_NEGATIVE_QTY':
      // Goods are received (or the count corrected) and the quantity sent again.
      planRerun(w, type, result.transactionId, {
        chance: 0.75,
        delay: [HOUR, 3 * DAY],
        syncType: 'Manual',
        retryFirst: 0.1,
        fix: () => {
          const s = w.stock(listing.item);
          if (s && s.onHand < s.committed) w.receive(listing.item, s.committed - s.onHand + r.int(2, 20) * 6);
        },
        rerun,
      });
      break;
    case 'INV_ITEM_INACTIVE':
      planRerun(w, type, result.transactionId, {
        // Discontinued items mostly stay so; sometimes one was switched off by mistake.
        chance: 0.15,
        delay: [2 * HOUR, 4 * DAY],
        syncType: 'Manual',
        fix: () => !listing.item.active && w.setActive(listing.item, true),
        rerun,
      });
      break;
  }
  return result;
}
