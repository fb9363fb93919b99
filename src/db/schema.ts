import fs from 'node:fs';
import { packagePath } from './paths.js';

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

let columnsOfSchema: ReadonlyMap<string, readonly string[]> | undefined;

/**
 * The columns of each table data/schema.sql creates, read from its CREATE
 * TABLE statements: each definition between the parentheses that is not a
 * table constraint starts with its column's name. (Asking SQLite, by creating
 * the tables in an empty database, cost 50-100 ms at every open: the first
 * statement sql.js runs pays for much of its start-up.) test/db/schema.test.ts
 * compares this with what SQLite says of the same statements.
 */
export function schemaColumns(): ReadonlyMap<string, readonly string[]> {
  if (columnsOfSchema) return columnsOfSchema;
  const created = new Map(
    tableStatements().map((stmt) => {
      const name = /^CREATE TABLE(?: IF NOT EXISTS)?\s+(\w+)/i.exec(stmt)?.[1];
      if (!name) throw new Error(`data/schema.sql: cannot read the table name of: ${stmt.slice(0, 60)}`);
      const body = stmt.slice(stmt.indexOf('(') + 1, stmt.lastIndexOf(')'));
      const columns = topLevelParts(body)
        .map((part) => part.trim())
        .filter((part) => part !== '' && !/^(PRIMARY|UNIQUE|CHECK|FOREIGN|CONSTRAINT)\b/i.test(part))
        .map((part) => /^(\w+)/.exec(part)?.[1] ?? '');
      if (columns.some((c) => c === ''))
        throw new Error(`data/schema.sql: a column of ${name} has a name this reader does not know`);
      return [name, columns] as const;
    }),
  );
  columnsOfSchema = new Map(REQUIRED_TABLES.map((table) => [table, created.get(table) ?? []]));
  return columnsOfSchema;
}

/** The comma-separated parts of a CREATE TABLE's body, commas inside parentheses or quotes left alone. */
function topLevelParts(body: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quote: string | undefined;
  let part = '';
  for (const ch of body) {
    if (quote) {
      if (ch === quote) quote = undefined;
    } else if (ch === "'" || ch === '"') quote = ch;
    else if (ch === '(') depth++;
    else if (ch === ')') depth--;
    else if (ch === ',' && depth === 0) {
      parts.push(part);
      part = '';
      continue;
    }
    part += ch;
  }
  parts.push(part);
  return parts;
}

/** The CREATE TABLE statements of data/schema.sql, without their comments. */
export function tableStatements(): string[] {
  return schemaScript()
    .replace(/--[^\n]*/g, '')
    .split(';')
    .map((stmt) => stmt.trim())
    .filter((stmt) => /^CREATE TABLE\b/i.test(stmt));
}
