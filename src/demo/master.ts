/** The seller's set-up when the demo's window opens: settings, items, stock, links, ship methods. */
import { SHIP_METHODS } from './catalog.js';
import { DAY, iso } from './clock.js';
import { addItem, addListing, linkBeforeWindow } from './products.js';
import { SHIP_STORE, type World } from './world.js';
import { DEMO_GENERATOR } from '../db/index.js';

const INSERT_META = 'INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)';
const INSERT_SETTING = 'INSERT OR REPLACE INTO settings(key, value) VALUES (?, ?)';
const INSERT_SHIP_METHOD = 'INSERT INTO ship_methods(service_level, ship_via) VALUES (?, ?)';
const INSERT_OTHER_STOCK = 'INSERT INTO stock(item_sku, store, on_hand, committed) VALUES (?, ?, ?, 0)';

/** The ERP item the settings name as default SKU (unused while use_default_sku is off). */
export const DEFAULT_ITEM = 'AMZ-MISC';

export interface MasterOptions {
  seed: number;
  transactions: number;
  startMs: number;
  endMs: number;
  /** ERP items to create up front. */
  items: number;
}

export function seedMasterData(w: World, o: MasterOptions): void {
  const r = w.rng;
  const db = w.db;
  db.run(INSERT_META, ['generator', `${DEMO_GENERATOR} (seed ${o.seed}, ${o.transactions} transactions)`]);
  db.run(INSERT_META, ['created_at', iso(o.endMs)]);

  const settings: [string, string][] = [
    ['auto_process', '1'],
    ['drop_as', 'sales_order'],
    ['drop_as_afn', 'invoice'],
    ['ship_store', SHIP_STORE],
    ['default_customer', 'AMAZON-US'],
    // Off: an unknown Amazon SKU must stop the order rather than sell a placeholder item.
    ['use_default_sku', '0'],
    ['default_sku', DEFAULT_ITEM],
    ['integration_start_date', iso(o.startMs)],
    ['send_fulfillments', '1'],
  ];
  for (const [key, value] of settings) db.run(INSERT_SETTING, [key, value]);
  for (const [level, via] of SHIP_METHODS) db.run(INSERT_SHIP_METHOD, [level, via]);
  db.run('INSERT INTO items(sku, description, active) VALUES (?, ?, 1)', [DEFAULT_ITEM, 'Miscellaneous Amazon item']);

  // Links made in the weeks before the window opened.
  const linkedAt = (): string => iso(o.startMs - r.int(1, 120) * DAY + r.int(0, DAY / 1000 - 1) * 1000);
  for (let i = 0; i < o.items; i++) {
    const roll = r.next();
    // A few items are discontinued, a few are new and not received in the ship store yet.
    const active = !(roll < 0.04);
    const stocked = !(roll >= 0.04 && roll < 0.07);
    const item = addItem(w, { active, stocked });
    if (stocked && r.chance(0.3)) db.run(INSERT_OTHER_STOCK, [item.sku, 'WEST', r.int(0, 30) * 6]);

    const mfn = addListing(w, item, 'MFN');
    if (r.chance(0.06)) w.unlinked.push(mfn);
    else linkBeforeWindow(w, mfn, item.sku, linkedAt());
    if (r.chance(0.45)) linkBeforeWindow(w, addListing(w, item, 'AFN'), item.sku, linkedAt());
    if (r.chance(0.1)) linkBeforeWindow(w, addListing(w, item, 'MFN'), item.sku, linkedAt());
    // The ERP renumbered some items; a link still points at the old number.
    if (r.chance(0.03))
      linkBeforeWindow(w, addListing(w, item, 'MFN'), w.shapes.retiredItemSku(item.family.prefix), linkedAt());
  }
}
