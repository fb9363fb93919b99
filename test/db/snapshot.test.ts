import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSnapshot, openSnapshot, SnapshotError } from '../../src/db/index.js';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'alogs-db-'));
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

async function writeSnapshot(file: string): Promise<void> {
  const snap = await createSnapshot();
  snap.run('INSERT INTO items(sku, description) VALUES (?, ?)', ['WID-1', 'Widget']);
  snap.saveAs(file);
  snap.close();
}

describe('snapshot file', () => {
  it('round-trips through an atomic save and reopens', async () => {
    const file = path.join(dir, 's.db');
    await writeSnapshot(file);
    const snap = await openSnapshot(file, { quickCheck: true });
    expect(snap.value('SELECT description FROM items WHERE sku = ?', ['WID-1'])).toBe('Widget');
    snap.run('UPDATE items SET active = 0 WHERE sku = ?', ['WID-1']);
    snap.save();
    snap.close();
    const again = await openSnapshot(file);
    expect(again.value('SELECT active FROM items')).toBe(0);
    again.close();
    expect(fs.readdirSync(dir)).toEqual(['s.db']);
  });

  it('rolls back a transaction that throws', async () => {
    const snap = await createSnapshot();
    expect(() =>
      snap.transaction(() => {
        snap.run("INSERT INTO items(sku) VALUES ('A')");
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(snap.value('SELECT COUNT(*) FROM items')).toBe(0);
    snap.close();
  });

  it('opens a snapshot written by the sqlite3 program from data/schema.sql', async () => {
    const file = path.join(dir, 'native.db');
    execFileSync('sqlite3', [file], {
      input: fs.readFileSync('data/schema.sql', 'utf8') + "\nINSERT INTO items(sku) VALUES ('N-1');",
    });
    const snap = await openSnapshot(file, { quickCheck: true });
    expect(snap.value('SELECT COUNT(*) FROM items')).toBe(1);
    snap.save();
    snap.close();
    const check = execFileSync('sqlite3', [file, 'PRAGMA integrity_check;']).toString().trim();
    expect(check).toBe('ok');
  });

  it('refuses to overwrite a file that changed on disk since it was opened', async () => {
    const file = path.join(dir, 's.db');
    await writeSnapshot(file);
    const snap = await openSnapshot(file);
    await writeSnapshot(file); // someone else saves in between
    const before = fs.readFileSync(file);
    snap.run("INSERT INTO items(sku) VALUES ('MINE')");
    expect(() => snap.save()).toThrow(/changed on disk/);
    expect(fs.readFileSync(file).equals(before)).toBe(true);
    snap.close();
  });

  it.each([
    ['missing path', (f: string) => f, /no such file/],
    ['directory', (f: string) => (fs.mkdirSync(f), f), /is a directory/],
    ['empty file', (f: string) => (fs.writeFileSync(f, ''), f), /is empty/],
    ['text file', (f: string) => (fs.writeFileSync(f, 'hello\n'), f), /not a SQLite database/],
  ])('rejects a %s with one clear line', async (_name, make, pattern) => {
    const file = make(path.join(dir, 'bad.db'));
    const err = await openSnapshot(file).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SnapshotError);
    expect((err as Error).message).toMatch(pattern);
    expect((err as Error).message).not.toContain('\n');
  });

  it("names the missing tables of another application's database", async () => {
    const file = path.join(dir, 'other.db');
    execFileSync('sqlite3', [file], {
      input: fs.readFileSync('data/schema.sql', 'utf8') + '\nDROP TABLE outbox; DROP TABLE audit_log;',
    });
    await expect(openSnapshot(file)).rejects.toThrow(/missing tables audit_log, outbox/);
  });

  it('refuses a newer schema_version', async () => {
    const file = path.join(dir, 'new.db');
    execFileSync('sqlite3', [file], {
      input:
        fs.readFileSync('data/schema.sql', 'utf8') + "\nUPDATE meta SET value = '99' WHERE key = 'schema_version';",
    });
    await expect(openSnapshot(file)).rejects.toThrow(/schema_version 99, newer/);
  });

  it('opens read-only when a -wal file lies beside it, and refuses to save', async () => {
    const file = path.join(dir, 's.db');
    await writeSnapshot(file);
    fs.writeFileSync(file + '-wal', '');
    const snap = await openSnapshot(file);
    expect(snap.readOnlyReason).toMatch(/-wal/);
    expect(() => snap.save()).toThrow(/read-only/);
    snap.close();
  });
});
