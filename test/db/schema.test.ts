import { describe, expect, it } from 'vitest';
import { REQUIRED_TABLES, schemaColumns, tableStatements } from '../../src/db/schema.js';
import { loadSqlJs } from '../../src/db/sqljs.js';

describe("data/schema.sql's columns", () => {
  it('are read from its CREATE TABLE statements as SQLite reads them', async () => {
    const SQL = await loadSqlJs();
    const db = new SQL.Database();
    try {
      db.exec(tableStatements().join(';\n'));
      const sqlite = new Map(
        REQUIRED_TABLES.map((table) => [
          table,
          (db.exec(`SELECT name FROM pragma_table_info('${table}')`)[0]?.values ?? []).map((r) => String(r[0])),
        ]),
      );
      expect([...schemaColumns()]).toEqual([...sqlite]);
      expect([...schemaColumns().values()].every((columns) => columns.length > 1)).toBe(true);
    } finally {
      db.close();
    }
  });
});
