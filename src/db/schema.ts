import fs from 'node:fs';
import { packagePath } from './paths.js';
import { loadSqlJs } from './sqljs.js';

/** The schema_version this tool reads and writes. */
export const SCHEMA_VERSION = 2;

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
  'listings',
] as const;

let schemaSql: string | undefined;

/** data/schema.sql, the snapshot format's definition (same relative place from src/ and dist/). */
export function schemaScript(): string {
  schemaSql ??= fs.readFileSync(packagePath('data/schema.sql'), 'utf8');
  return schemaSql;
}

let columnsOfSchema: Promise<ReadonlyMap<string, readonly string[]>> | undefined;

/** The columns of each required table, as data/schema.sql creates them. */
export function schemaColumns(): Promise<ReadonlyMap<string, readonly string[]>> {
  columnsOfSchema ??= loadSqlJs().then((SQL) => {
    const db = new SQL.Database();
    try {
      // Only the tables: the indexes, triggers and search tables would cost memory and time at every open for nothing here.
      db.exec(tableStatements());
      const stmt = db.prepare('SELECT name FROM pragma_table_info(?)');
      const map = new Map<string, string[]>();
      for (const table of REQUIRED_TABLES) {
        stmt.bind([table]);
        const names: string[] = [];
        while (stmt.step()) names.push(String(stmt.get()[0]));
        stmt.reset();
        map.set(table, names);
      }
      stmt.free();
      return map;
    } finally {
      db.close();
    }
  });
  return columnsOfSchema;
}

/** The CREATE TABLE statements of data/schema.sql. */
function tableStatements(): string {
  return schemaScript()
    .replace(/--[^\n]*/g, '')
    .split(';')
    .map((stmt) => stmt.trim())
    .filter((stmt) => /^CREATE TABLE\b/i.test(stmt))
    .join(';\n');
}
