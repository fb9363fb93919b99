/** New ERP items and Amazon listings, as the seller adds them before and during the demo. */
import { BRANDS, PRODUCT_FAMILIES } from './catalog.js';
import { type Item, type Listing, SHIP_STORE, type World } from './world.js';

const INSERT_ITEM = 'INSERT INTO items(sku, description, active) VALUES (?, ?, ?)';
const INSERT_STOCK = 'INSERT INTO stock(item_sku, store, on_hand, committed) VALUES (?, ?, ?, 0)';
const INSERT_LINK = 'INSERT INTO sku_links(amazon_sku, item_sku, asin, linked_at) VALUES (?, ?, ?, ?)';
const RELINK = 'UPDATE sku_links SET item_sku = ? WHERE amazon_sku = ?';

/** Creates an ERP item (and its ship-store stock when stocked); the Amazon title is kept for its listings. */
export function addItem(w: World, opts: { active?: boolean; stocked?: boolean; onHand?: number } = {}): Item {
  const r = w.rng;
  const family = r.pick(PRODUCT_FAMILIES);
  const noun = r.pick(family.nouns);
  const adjective = r.pick(family.adjectives);
  const variant = r.chance(0.6) ? r.pick(family.variants) : null;
  const sku = w.shapes.itemSku(family.prefix, variant ? variant[1] : null);
  const description = `${adjective} ${noun}${variant ? `, ${variant[0]}` : ''}`;
  const cents = r.pick([0.99, 0.95, 0.49]);
  const item: Item = {
    sku,
    description,
    brand: r.pick(BRANDS),
    family,
    price: r.int(family.price[0], family.price[1]) + cents,
    active: opts.active ?? true,
    stocked: opts.stocked ?? true,
    listings: [],
  };
  w.db.run(INSERT_ITEM, [sku, description, item.active ? 1 : 0]);
  if (item.stocked) w.db.run(INSERT_STOCK, [sku, SHIP_STORE, opts.onHand ?? r.int(2, 40) * 6]);
  if (!item.active) w.inactiveItems.push(item);
  if (!item.stocked) w.unstockedItems.push(item);
  w.items.push(item);
  return item;
}

/** A listing of the item on Amazon; it reaches the ERP only once linked. */
export function addListing(w: World, item: Item, channel: 'MFN' | 'AFN'): Listing {
  const r = w.rng;
  const listing: Listing = {
    amazonSku: channel === 'AFN' ? w.shapes.fbaSku(item.sku) : w.shapes.sellerSku(item.sku),
    asin: w.shapes.asin(),
    title: `${item.brand} ${item.description}`,
    item,
    channel,
    // Amazon prices drift a little from the ERP list price.
    price: Math.max(1.99, Math.round((item.price + r.pick([0, 0, 0, 1, -1, 2])) * 100) / 100),
    linkedTo: null,
    linkQueued: false,
    waitingForLink: [],
  };
  item.listings.push(listing);
  return listing;
}

/** Records a link the engine made (or one that predates the demo) in the model. */
export function noteLinked(w: World, listing: Listing, itemSku: string): void {
  listing.linkedTo = itemSku;
  if (itemSku !== listing.item.sku) w.retired.push(listing);
  else (listing.channel === 'MFN' ? w.mfn : w.afn).push(listing);
  const waiting = listing.waitingForLink.splice(0);
  for (const rerun of waiting) rerun();
}

/** A link made before the demo's window (setup only: later links go through the engine). */
export function linkBeforeWindow(w: World, listing: Listing, itemSku: string, linkedAt: string): void {
  w.db.run(INSERT_LINK, [listing.amazonSku, itemSku, listing.asin, linkedAt]);
  noteLinked(w, listing, itemSku);
}

/** The seller points a link at the item's current number again (edited by hand in the app). */
export function relink(w: World, listing: Listing): void {
  w.db.run(RELINK, [listing.item.sku, listing.amazonSku]);
  listing.linkedTo = listing.item.sku;
  (listing.channel === 'MFN' ? w.mfn : w.afn).push(listing);
}

/** A listing of a healthy item that is on Amazon but not linked yet. */
export function addUnlinkedListing(w: World): Listing | undefined {
  const base = w.healthyListing('MFN');
  if (!base) return undefined;
  const listing = addListing(w, base.item, 'MFN');
  w.unlinked.push(listing);
  return listing;
}

/** Discontinues a healthy item in the ERP while Amazon still sells it. */
export function discontinueItem(w: World): Item | undefined {
  const base = w.healthyListing('MFN');
  if (!base) return undefined;
  w.setActive(base.item, false);
  return base.item;
}
