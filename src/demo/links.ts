/** Link SKU runs: the seller links new Amazon listings to ERP items, and fixes unlinked ones. */
import { runLinkSku } from '../engine/index.js';
import type { LinkSkuPayload, RunResult, SyncType } from '../engine/domain.js';
import { DAY, HOUR, MINUTE } from './clock.js';
import { addItem, addListing, noteLinked } from './products.js';
import { planRerun, retryTransient } from './rerun-plans.js';
import type { Listing, World } from './world.js';

/** Share of fresh Link SKU runs per scenario; 'newListing' fills the rest. */
export const LINK_SCENARIOS = {
  newListing: 0,
  newItem: 0.25,
  unknownItem: 0.1,
  conflict: 0.08,
  quota: 0.02,
  timeout: 0.02,
} as const;
export type LinkScenario = keyof typeof LINK_SCENARIOS;

function linkOnce(
  w: World,
  listing: Listing,
  input: LinkSkuPayload,
  opts: { syncType?: SyncType; rerunOf?: number; fault?: 'API_QUOTA' | 'NET_TIMEOUT' } = {},
): RunResult {
  const result = runLinkSku(w.db, input, w.run(opts));
  if (result.status === 'Success' && listing.linkedTo === null) noteLinked(w, listing, input.item_sku);
  return result;
}

function inputFor(listing: Listing, itemSku = listing.item.sku): LinkSkuPayload {
  return { amazon_sku: listing.amazonSku, item_sku: itemSku, asin: listing.asin };
}

/**
 * A failure that needs the listing linked: queues one link request (a user's, in a later
 * Link SKU slot) and calls `then` once the link exists.
 */
export function requestLink(w: World, listing: Listing, then: () => void): void {
  if (listing.linkedTo !== null) {
    then();
    return;
  }
  listing.waitingForLink.push(then);
  if (listing.linkQueued) return;
  listing.linkQueued = true;
  w.later('Link SKU', w.rng.int(HOUR, 2 * DAY), () => {
    const result = linkOnce(w, listing, inputFor(listing));
    if (result.status !== 'Success') listing.linkQueued = false;
  });
}

/** A typo in the ERP item number: a dropped or swapped character. */
function mistype(w: World, sku: string): string {
  const i = w.rng.int(1, sku.length - 2);
  return w.rng.chance(0.5)
    ? sku.slice(0, i) + sku.slice(i + 1)
    : sku.slice(0, i) + sku[i + 1] + sku[i] + sku.slice(i + 2);
}

export function freshLinkSku(w: World, scenario: LinkScenario): RunResult {
  const r = w.rng;
  if (scenario === 'conflict') {
    // Someone links an already linked listing to a different item.
    const linked = w.healthyListing('MFN');
    const other = w.healthyListing('MFN');
    if (linked && other && other.item !== linked.item) {
      return runLinkSku(w.db, inputFor(linked, other.item.sku), w.run());
    }
    scenario = 'newListing';
  }

  let listing: Listing;
  if (scenario === 'newItem') {
    // A new product: created in the ERP, listed on Amazon, received into the ship store a few days later.
    const item = addItem(w, { stocked: false });
    listing = addListing(w, item, 'MFN');
    w.erp(r.int(1, 5) * DAY, () => w.receive(item, r.int(4, 20) * 6));
  } else {
    const base = w.healthyListing('MFN');
    if (!base) throw new Error('demo catalogue has no healthy listing to extend');
    listing = addListing(w, base.item, r.chance(0.7) ? 'MFN' : 'AFN');
  }

  if (scenario === 'unknownItem') {
    const failed = linkOnce(w, listing, inputFor(listing, mistype(w, listing.item.sku)));
    if (failed.status === 'Error') {
      // The user corrects the item number and sends the request again.
      planRerun(w, 'Link SKU', failed.transactionId, {
        chance: 0.6,
        delay: [15 * MINUTE, 2 * DAY],
        syncType: 'Manual',
        rerun: (rerunOf, syncType) => linkOnce(w, listing, inputFor(listing), { syncType, rerunOf }),
      });
    }
    return failed;
  }
  const fault = scenario === 'quota' ? 'API_QUOTA' : scenario === 'timeout' ? 'NET_TIMEOUT' : undefined;
  const result = linkOnce(w, listing, inputFor(listing), fault ? { fault } : {});
  if (fault && result.status === 'Error') {
    retryTransient(w, 'Link SKU', result.transactionId, (rerunOf, syncType) =>
      linkOnce(w, listing, inputFor(listing), { syncType, rerunOf }),
    );
  }
  return result;
}
