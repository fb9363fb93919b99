import fs from 'node:fs';

/** The schema_version this tool reads and writes. */
export const SCHEMA_VERSION = 1;

/** Tables a snapshot must have: the fixed names of data/schema.sql. */
export const REQUIRED_TABLES = [
  'meta',
  'settings',
  'items',
  'sku_links',
  'stock',
  'orders',
  'order_lines',
  'documents',
  'shipments',
  'ship_methods',
  'transactions',
  'inventory_log',
  'errors',
  'audit_log',
  'outbox',
] as const;

let schemaSql: string | undefined;

/** data/schema.sql, the snapshot format's definition (same relative place from src/ and dist/). */
export function schemaScript(): string {
  schemaSql ??= fs.readFileSync(new URL('../../data/schema.sql', import.meta.url), 'utf8');
  return schemaSql;
}
