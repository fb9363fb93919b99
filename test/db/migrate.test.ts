import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSnapshot, openSnapshot, SCHEMA_VERSION, snapshotFromBytes, SnapshotError } from '../../src/db/index.js';
import {
  applyMigrations,
  MIGRATIONS,
  MigrationGapError,
  planMigrations,
  type Migration,
} from '../../src/db/migrate.js';

/**
 * The mechanics are tested from a made-up version 0: the released version-1
 * format (test/fixtures/schema-v1.sql, frozen) without orders.buyer_name and
 * without the outbox table, migrated by V0_TO_V1 and then by the shipped steps.
 */
const V0_TO_V1: Migration = {
  from: 0,
  description: 'buyer names on orders, and the outbox',
  sql: `ALTER TABLE orders ADD COLUMN buyer_name TEXT NOT NULL DEFAULT '';
        CREATE TABLE outbox (id INTEGER PRIMARY KEY, created_at TEXT, feed_type TEXT NOT NULL, payload TEXT NOT NULL, transaction_id INTEGER);`,
};

const STEPS = [V0_TO_V1, ...MIGRATIONS];

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'alogs-migrate-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

/** A version-0 file made by the sqlite3 program, with one order in it. */
function writeV0(file: string): Buffer {
  const v0 = fs
    .readFileSync('test/fixtures/schema-v1.sql', 'utf8')
    .replace(/,([^\n]*)\n\s*buyer_name[^\n]*\n/, '$1\n')
    .replace(/CREATE TABLE IF NOT EXISTS outbox \([^;]*\);/, '')
    .replace("VALUES ('schema_version', '1')", "VALUES ('schema_version', '0')");
  expect(v0).not.toContain('buyer_name');
  execFileSync('sqlite3', [file], {
    input: `${v0}\nINSERT INTO orders(order_ref, status) VALUES ('112-0000001-0000001', 'Error');`,
  });
  return fs.readFileSync(file);
}

function names(): string[] {
  return fs.readdirSync(dir).sort();
}

describe('migrating an older schema_version', () => {
  it('ships the step from version 1 (the first released format) to 2', () => {
    expect(SCHEMA_VERSION).toBe(2);
    expect(MIGRATIONS.map((m) => m.from)).toEqual([1]);
  });

  it('plans the steps in order and names the missing one', () => {
    const steps = [2, 0, 1].map((from) => ({ from, description: `step ${from}`, sql: '' }));
    expect(planMigrations(0, 3, steps).map((s) => s.from)).toEqual([0, 1, 2]);
    expect(planMigrations(3, 3, steps)).toEqual([]);
    expect(() => planMigrations(0, 3, steps.slice(1))).toThrow(MigrationGapError);
    expect(() => planMigrations(0, 3, steps.slice(1))).toThrow('no migration from schema_version 2');
    expect(() => planMigrations(0, 3, [steps[0]!, steps[2]!])).toThrow(
      'no migration from schema_version 0 (needed to go from 0 to 3)',
    );
  });

  it('applies every step in one transaction: a failing step leaves nothing of the earlier ones', async () => {
    const snap = await createSnapshot();
    snap.run("UPDATE meta SET value = '0' WHERE key = 'schema_version'");
    const good: Migration = { from: 0, description: 'a table', sql: 'CREATE TABLE added (x);' };
    const bad: Migration = { from: 1, description: 'a broken step', sql: 'ALTER TABLE nowhere ADD COLUMN y;' };
    expect(() => applyMigrations(snap, [good, bad])).toThrow(
      /step from schema_version 1 to 2 \(a broken step\) failed: no such table: nowhere/,
    );
    expect(snap.value("SELECT COUNT(*) FROM sqlite_master WHERE name = 'added'")).toBe(0);
    expect(snap.value("SELECT value FROM meta WHERE key = 'schema_version'")).toBe('0');
    applyMigrations(snap, [good, { ...bad, sql: 'CREATE TABLE also (y);' }]);
    expect(snap.value("SELECT value FROM meta WHERE key = 'schema_version'")).toBe('2');
    snap.close();
  });

  it('migrates a writable file on open, after keeping the old file as FILE.v0.bak', async () => {
    const file = path.join(dir, 's.db');
    const original = writeV0(file);
    const notices: string[] = [];
    const snap = await openSnapshot(file, { migrations: STEPS, onNotice: (l) => notices.push(l) });
    expect(snap.value("SELECT value FROM meta WHERE key = 'schema_version'")).toBe('2');
    expect(snap.value('SELECT buyer_name FROM orders')).toBe('');
    snap.close();
    expect(notices).toEqual([
      `${file}: migrated from schema_version 0 to 2; the previous file is kept as ${file}.v0.bak`,
    ]);
    expect(names()).toEqual(['s.db', 's.db.v0.bak']);
    expect(fs.readFileSync(`${file}.v0.bak`).equals(original)).toBe(true);
    // The file on disk is now version 2: it opens without any migration, and sqlite3 finds it sound.
    const again = await openSnapshot(file, { quickCheck: true });
    expect(again.value('SELECT order_ref FROM orders')).toBe('112-0000001-0000001');
    again.close();
    expect(execFileSync('sqlite3', [file, 'PRAGMA integrity_check;']).toString().trim()).toBe('ok');
  });

  it('never overwrites an earlier backup: a second migration of a version-0 file is kept as FILE.v0.1.bak', async () => {
    const file = path.join(dir, 's.db');
    writeV0(file);
    (await openSnapshot(file, { migrations: STEPS })).close();
    const firstBackup = fs.readFileSync(`${file}.v0.bak`);
    fs.rmSync(file);
    const second = writeV0(file);
    (await openSnapshot(file, { migrations: STEPS })).close();
    expect(names()).toEqual(['s.db', 's.db.v0.1.bak', 's.db.v0.bak']);
    expect(fs.readFileSync(`${file}.v0.bak`).equals(firstBackup)).toBe(true);
    expect(fs.readFileSync(`${file}.v0.1.bak`).equals(second)).toBe(true);
  });

  it('opened read-only, migrates in memory only: the file stays byte-for-byte version 0 and no backup is written', async () => {
    const file = path.join(dir, 's.db');
    const original = writeV0(file);
    const mtime = fs.statSync(file).mtimeMs;
    const notices: string[] = [];
    const snap = await openSnapshot(file, { readOnly: true, migrations: STEPS, onNotice: (l) => notices.push(l) });
    expect(snap.value('SELECT buyer_name FROM orders')).toBe('');
    expect(snap.readOnlyReason).toBe('opened with --read-only');
    snap.close();
    expect(notices).toEqual([
      `${file}: has schema_version 0, read through a migration to 2 in memory only (read-only: opened with --read-only); the file is unchanged`,
    ]);
    expect(names()).toEqual(['s.db']);
    expect(fs.readFileSync(file).equals(original)).toBe(true);
    expect(fs.statSync(file).mtimeMs).toBe(mtime);
  });

  it('a step that fails writes nothing: no backup, the file unchanged, one line saying which step', async () => {
    const file = path.join(dir, 's.db');
    const original = writeV0(file);
    const broken: Migration = { ...V0_TO_V1, sql: `${V0_TO_V1.sql} ALTER TABLE orders ADD COLUMN buyer_name TEXT;` };
    const err = await openSnapshot(file, { migrations: [broken, ...MIGRATIONS] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SnapshotError);
    expect((err as Error).message).toBe(
      `${file}: cannot be migrated to schema_version 2: the step from schema_version 0 to 1 (buyer names on orders, and the outbox) failed: duplicate column name: buyer_name; nothing was written`,
    );
    expect(names()).toEqual(['s.db']);
    expect(fs.readFileSync(file).equals(original)).toBe(true);
  });

  it('refuses a version no migration reaches, and (in production) any version older than 1', async () => {
    const file = path.join(dir, 's.db');
    const original = writeV0(file);
    await expect(openSnapshot(file)).rejects.toThrow(
      `${file}: has schema_version 0, older than this tool (2) can migrate: no migration from schema_version 0 (needed to go from 0 to 2)`,
    );
    expect(fs.readFileSync(file).equals(original)).toBe(true);
  });

  it('checks the migrated result like any file: a migration that forgets a table is refused, nothing written', async () => {
    const file = path.join(dir, 's.db');
    const original = writeV0(file);
    const partial: Migration = {
      ...V0_TO_V1,
      sql: "ALTER TABLE orders ADD COLUMN buyer_name TEXT NOT NULL DEFAULT '';",
    };
    await expect(openSnapshot(file, { migrations: [partial, ...MIGRATIONS] })).rejects.toThrow(
      `${file}: is not a complete amazon-app-logs snapshot: missing tables outbox`,
    );
    expect(names()).toEqual(['s.db']);
    expect(fs.readFileSync(file).equals(original)).toBe(true);
  });

  it('bytes without a file behind them are migrated in memory', async () => {
    const bytes = writeV0(path.join(dir, 's.db'));
    const snap = await snapshotFromBytes(new Uint8Array(bytes), 'upload', STEPS);
    expect(snap.value("SELECT value FROM meta WHERE key = 'schema_version'")).toBe('2');
    snap.close();
  });
});
