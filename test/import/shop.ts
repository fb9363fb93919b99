/** The seller of the Amazon fixtures in test/fixtures/amazon: settings, ship methods and SKU links, as a producer would write them. */
import fs from 'node:fs';
import path from 'node:path';
import { createSnapshot, type Snapshot } from '../../src/db/index.js';
import type { SourceFile } from '../../src/import/index.js';

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
