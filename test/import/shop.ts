/** The seller of the Amazon fixtures in test/fixtures/amazon: settings, ship methods and SKU links, as a producer would write them. */
import fs from 'node:fs';
import path from 'node:path';
import { createSnapshot, type Snapshot } from '../../src/db/index.js';
import type { SourceFile } from '../../src/import/import-files.js';

export const FIXTURES = path.resolve('test/fixtures/amazon');

/** Rows a producer adds to data/schema.sql; the ERP items come from erp-items.csv. */
export const SHOP_SQL = `
INSERT INTO settings(key, value) VALUES ('auto_process', '1'), ('drop_as', 'sales_order'), ('drop_as_afn', 'invoice'),
  ('ship_store', 'MAIN'), ('use_default_sku', '0'), ('integration_start_date', '2026-01-01T00:00:00Z'), ('send_fulfillments', '1');
INSERT INTO ship_methods(service_level, ship_via) VALUES ('Standard', 'UPS-GROUND'), ('Expedited', 'UPS-2DAY');
INSERT INTO sku_links(amazon_sku, item_sku, asin, linked_at) VALUES
  ('AMZ-LAMP', 'LAMP-100', 'B07XJ8C8F5', '2026-01-05T10:00:00Z'), ('FBA-LAMP', 'LAMP-100', 'B07XJ8C8F5', '2026-01-05T10:00:00Z'),
  ('AMZ-MUG', 'MUG-200', 'B08ABCDEF1', '2026-01-05T10:00:00Z'), ('AMZ-KETTLE', 'KETTLE-300', 'B01KETTLE3', '2026-01-05T10:00:00Z');
`;

export async function shopSnapshot(): Promise<Snapshot> {
  const snap = await createSnapshot();
  snap.exec(SHOP_SQL);
  return snap;
}

export function fixture(name: string): string {
  return path.join(FIXTURES, name);
}

/** A fixture file as the importer reads it, named as the user would name it. */
export function source(name: string): SourceFile {
  return { name, bytes: fs.readFileSync(fixture(name)) };
}

/** A file made in the test, as the importer reads it. */
export function textSource(name: string, text: string | Uint8Array): SourceFile {
  return { name, bytes: typeof text === 'string' ? new TextEncoder().encode(text) : text };
}

/** How the engine judges each imported order, from the fixtures and the shop's settings, links and items. */
export const JUDGED: [ref: string, status: string, code: string | null][] = [
  ['114-3941689-8772232', 'Dropped', null], // lamp and mug, both linked and stocked
  ['902-3159896-1390916', 'Pending', 'ORD_STILL_PENDING'], // Amazon's Pending example: no address yet
  ['111-8823547-2201745', 'Dropped', null], // AFN: an invoice
  ['112-5550196-3318806', 'Skipped', null], // canceled on Amazon
  ['113-2876104-6653929', 'Error', 'ORD_SKU_UNLINKED'], // AMZ-SHADE is listed but not linked
  ['112-7730412-9035521', 'Error', 'ORD_SHIP_SERVICE_UNMAPPED'], // FreeEconomy
  ['113-6209184-4432917', 'Dropped', null], // report, fulfilled by Amazon
  ['114-8302716-1125530', 'Pending', 'ORD_STILL_PENDING'], // report, Pending
  ['112-4412987-6620831', 'Error', 'ORD_SKU_INACTIVE'], // the kettle's item is inactive
  ['111-9077264-3348810', 'Skipped', null], // report, Cancelled
  ['114-2218830-9907415', 'Skipped', null], // bought before the integration start date
  ['112-1183920-5531276', 'Dropped', null], // Windows-1252 report, Expedited to Canada
  ['114-5093387-2211907', 'Dropped', null], // Windows-1252 report, "Shipped - Delivered to Buyer", AFN
  ['113-7781920-4410023', 'Error', 'ORD_ADDRESS_MISSING'], // empty ship-state
];
