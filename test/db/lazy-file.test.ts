/**
 * The snapshot read a block at a time (src/db/lazy-file.ts): queries read only
 * the blocks they need and answer as the whole file in memory does; writes,
 * growth and saves give the file sqlite3 expects, writing only changed blocks;
 * a file changed on disk is never read further; and a sql.js that treats its
 * file otherwise is caught at open, which then reads the whole file.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { SqlJsStatic } from 'sql.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FileChangedError, openSnapshot, snapshotFromBytes, type Snapshot } from '../../src/db/index.js';
import type { LazyFile } from '../../src/db/lazy-file.js';
import { getDetail, listRows, NO_FILTERS, runAction } from '../../src/triage/index.js';
import { cli } from '../cli/run-cli.js';
import { descriptorsOn } from '../safety/support.js';

const BLOCK = 65536;
let dir: string;
let demo: string;
let n = 0;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'alogs-lazy-'));
  demo = path.join(dir, 'demo.db');
  const made = cli(['demo', '--out', demo, '--transactions', '8000', '--seed', '3']);
  if (made.code !== 0) throw new Error(made.stderr);
}, 120_000);
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** A fresh copy of the demo snapshot. */
function copy(): string {
  const file = path.join(dir, `work-${++n}.db`);
  fs.copyFileSync(demo, file);
  return file;
}

const sqlite = (file: string, sql: string) => execFileSync('sqlite3', [file, sql]).toString().trim();

/** How many 64 KiB blocks differ between two files (a longer file's extra blocks count). */
function blocksDiffering(a: Buffer, b: Buffer): number {
  let differing = 0;
  for (let at = 0; at < Math.max(a.length, b.length); at += BLOCK) {
    if (!a.subarray(at, at + BLOCK).equals(b.subarray(at, at + BLOCK))) differing++;
  }
  return differing;
}

describe('a snapshot read a block at a time', () => {
  it('reads only the blocks its queries need, and answers as the whole file in memory does', async () => {
    const file = copy();
    const lazy = await openSnapshot(file, { readOnly: true });
    const whole = await snapshotFromBytes(fs.readFileSync(file));
    try {
      const asked = (db: Snapshot) => ({
        logs: listRows(db, 'logs', NO_FILTERS, 0, 5),
        inventory: listRows(db, 'inventory', NO_FILTERS, 0, 5),
        detail: getDetail(db, 'orders', 500),
      });
      expect(asked(lazy)).toEqual(asked(whole));
      const reads = lazy.blocksRead!;
      expect(reads.blocks).toBeGreaterThan(100);
      expect(reads.read).toBeLessThan(reads.blocks / 4);
      expect(reads.wholeAccesses).toBe(0);
    } finally {
      lazy.close();
      whole.close();
    }
  });

  it('saves by writing only the changed blocks over a copy of the file: sqlite3 reads the change, the rest is byte for byte the same', async () => {
    const file = copy();
    fs.chmodSync(file, 0o640);
    const before = fs.readFileSync(file);
    const ino = fs.statSync(file).ino;
    const snap = await openSnapshot(file);
    const id = Number(
      snap.value("SELECT id FROM errors WHERE resolved = 0 AND severity = 'error' ORDER BY id LIMIT 1"),
    );
    expect(snap.savesChangedBlocksOnly).toBe(true);
    runAction(snap, 'errors', 'resolve', [id], { actor: 'lazy-test' });
    snap.close();
    const after = fs.readFileSync(file);
    // A new file renamed into place, with the old one's permissions.
    expect(fs.statSync(file).ino).not.toBe(ino);
    expect(fs.statSync(file).mode & 0o777).toBe(0o640);
    expect(sqlite(file, 'PRAGMA integrity_check')).toBe('ok');
    expect(sqlite(file, `SELECT resolved FROM errors WHERE id = ${id}`)).toBe('1');
    expect(sqlite(file, "SELECT COUNT(*) FROM audit_log WHERE actor = 'lazy-test'")).toBe('1');
    const changed = blocksDiffering(before, after);
    expect(changed).toBeGreaterThan(0);
    expect(changed).toBeLessThan(Math.ceil(before.length / BLOCK) / 10);
    expect(fs.readdirSync(dir).filter((f) => f.startsWith(`.${path.basename(file)}`))).toEqual([]);
  });

  it('a write into a block never read reads it first: the rest of that block stays as it was', async () => {
    const file = copy();
    const neighbours = (f: string) =>
      sqlite(f, 'SELECT * FROM transactions WHERE id BETWEEN 5990 AND 6010 AND id <> 6000');
    const around = neighbours(file);
    const snap = await openSnapshot(file);
    const blocksBefore = snap.blocksRead!.read;
    snap.run("UPDATE transactions SET message = 'rewritten here' WHERE id = 6000");
    expect(snap.blocksRead!.read).toBeGreaterThan(blocksBefore);
    snap.save();
    snap.close();
    expect(sqlite(file, 'PRAGMA integrity_check')).toBe('ok');
    expect(sqlite(file, 'SELECT message FROM transactions WHERE id = 6000')).toBe('rewritten here');
    expect(neighbours(file)).toBe(around);
  });

  it('grows without sql.js copying the file, and saves the new pages', async () => {
    const file = copy();
    const size = fs.statSync(file).size;
    const snap = await openSnapshot(file);
    snap.transaction(() => {
      for (let i = 0; i < 3000; i++)
        snap.run(
          'INSERT INTO audit_log(at, actor, action, target_table, target_id, detail) VALUES (?, ?, ?, ?, ?, ?)',
          ['2026-11-30T00:00:00Z', 'grower', 'note', 'errors', i, 'x'.repeat(1000)],
        );
    });
    expect(snap.blocksRead!.wholeAccesses).toBe(0);
    expect(snap.savesChangedBlocksOnly).toBe(true);
    snap.save();
    snap.close();
    expect(fs.statSync(file).size).toBeGreaterThan(size + 3_000_000);
    expect(sqlite(file, 'PRAGMA integrity_check')).toBe('ok');
    expect(sqlite(file, "SELECT COUNT(*) FROM audit_log WHERE actor = 'grower'")).toBe('3000');
  });

  it('after a save, blocks not read yet come from the new file, and the next save builds on it', async () => {
    const file = copy();
    const snap = await openSnapshot(file);
    snap.run("UPDATE settings SET value = 'first' WHERE key = 'default_customer'");
    snap.save();
    // Rows far from the first change, never read before the save.
    expect(snap.value('SELECT COUNT(*) FROM transactions WHERE id BETWEEN 7000 AND 7100')).toBe(101);
    snap.run("UPDATE transactions SET message = 'second' WHERE id = 7050");
    snap.save();
    snap.close();
    expect(sqlite(file, 'PRAGMA integrity_check')).toBe('ok');
    expect(sqlite(file, "SELECT value FROM settings WHERE key = 'default_customer'")).toBe('first');
    expect(sqlite(file, 'SELECT message FROM transactions WHERE id = 7050')).toBe('second');
  });

  it('keeps the file a save replaced until let go (freeing a big one holds up every fsync), then closes it off the thread; and its own at close', async () => {
    const file = copy();
    const snap = await openSnapshot(file);
    expect(await descriptorsOn(file)).toEqual([file]);
    snap.run("UPDATE settings SET value = 'saved' WHERE key = 'default_customer'");
    await snap.saveInBackground();
    expect(await descriptorsOn(file)).toEqual([file, `${file} (deleted)`]);
    snap.releaseReplacedFiles();
    expect(await descriptorsOn(file, [file])).toEqual([file]);
    snap.run("UPDATE settings SET value = 'saved again' WHERE key = 'default_customer'");
    await snap.saveInBackground();
    snap.close();
    expect(await descriptorsOn(file, [])).toEqual([]);
    expect(sqlite(file, "SELECT value FROM settings WHERE key = 'default_customer'")).toBe('saved again');
  });

  it('a save in the background copies the file and fsyncs the copy in processes at the lowest CPU priority, and saves without them when they fail', async () => {
    // Stand-ins for cat and sync, first in PATH: each runs the real one, then logs its name and its own nice value.
    const bin = fs.mkdtempSync(path.join(dir, 'bin-'));
    const log = path.join(bin, 'log');
    const standIn = (name: string, fail: boolean) =>
      fs.writeFileSync(
        path.join(bin, name),
        fail
          ? '#!/bin/sh\nexit 1\n'
          : `#!/bin/sh\n${execFileSync('sh', ['-c', `command -v ${name}`])
              .toString()
              .trim()} "$@"; rc=$?\n` + `echo "${name} $(cut -d' ' -f19 /proc/$$/stat)" >> ${log}\nexit $rc\n`,
        { mode: 0o755 },
      );
    const saveWith = async (fail: boolean, value: string) => {
      standIn('cat', fail);
      standIn('sync', fail);
      const file = copy();
      const snap = await openSnapshot(file);
      snap.run('UPDATE settings SET value = ? WHERE key = ?', [value, 'default_customer']);
      const before = process.env.PATH;
      process.env.PATH = `${bin}:${before}`;
      try {
        await snap.saveInBackground();
      } finally {
        process.env.PATH = before;
        snap.close();
      }
      expect(sqlite(file, 'PRAGMA integrity_check')).toBe('ok');
      expect(sqlite(file, "SELECT value FROM settings WHERE key = 'default_customer'")).toBe(value);
    };
    await saveWith(false, 'copied by cat');
    expect(fs.readFileSync(log, 'utf8')).toBe('cat 19\nsync 19\n');
    await saveWith(true, 'copied in process');
  });

  it('when sql.js rewrites its whole file (VACUUM), the next save writes the whole database', async () => {
    const file = copy();
    const rows = sqlite(file, 'SELECT COUNT(*) FROM transactions');
    const snap = await openSnapshot(file);
    snap.run('DELETE FROM outbox');
    snap.exec('VACUUM');
    expect(snap.savesChangedBlocksOnly).toBe(false);
    snap.save();
    snap.close();
    expect(sqlite(file, 'PRAGMA integrity_check')).toBe('ok');
    expect(sqlite(file, 'SELECT COUNT(*) FROM transactions')).toBe(rows);
    expect(sqlite(file, 'SELECT COUNT(*) FROM outbox')).toBe('0');
  });
});

describe('a file that changes on disk while it is read', () => {
  it('is read no further: the next read that needs the file throws FileChangedError, and a save is refused', async () => {
    const file = copy();
    const snap = await openSnapshot(file);
    expect(listRows(snap, 'logs', NO_FILTERS, 0, 3)).toHaveLength(3);
    sqlite(file, "UPDATE settings SET value = 'theirs' WHERE key = 'default_customer'");
    const theirs = fs.readFileSync(file);
    expect(() => snap.checkDisk()).toThrow(FileChangedError);
    expect(() => snap.value('SELECT COUNT(*) FROM outbox')).toThrow(
      /changed on disk since it was opened \(another program wrote to it\)/,
    );
    expect(() => snap.value('SELECT COUNT(*) FROM outbox')).toThrow(FileChangedError);
    expect(() => snap.save()).toThrow(/changed on disk/);
    snap.close();
    expect(fs.readFileSync(file).equals(theirs)).toBe(true);
  });

  it('a save that a producer writes after at once is done, and says so: the change is there once, and the next read names the producer', async () => {
    const file = copy();
    const db = await openSnapshot(file);
    const id = Number(db.value('SELECT id FROM errors WHERE resolved = 0 ORDER BY id LIMIT 1'));
    runAction(db, 'errors', 'resolve', [id], { actor: 'ops', save: false });
    const rename = fs.renameSync;
    // The producer commits between the save's rename and its look at the file it put in place.
    fs.renameSync = (from: fs.PathLike, to: fs.PathLike) => {
      rename(from, to);
      if (path.basename(String(to)) === path.basename(file))
        sqlite(file, "INSERT INTO meta(key, value) VALUES ('producer', 'after the save')");
    };
    try {
      expect(() => db.save()).not.toThrow();
    } finally {
      fs.renameSync = rename;
    }
    expect(sqlite(file, `SELECT resolved FROM errors WHERE id = ${id}`)).toBe('1');
    expect(sqlite(file, "SELECT COUNT(*) FROM audit_log WHERE actor = 'ops'")).toBe('1');
    expect(sqlite(file, "SELECT value FROM meta WHERE key = 'producer'")).toBe('after the save');
    expect(() => db.checkDisk()).toThrow(FileChangedError);
    db.close();
  });

  it('a producer that grows the file between the open taking its size and reading its header: read again, not "truncated"', async () => {
    const file = copy();
    const open = fs.openSync;
    let opens = 0;
    // The second open of the file reads its header: the producer commits a page-adding change just before.
    fs.openSync = ((p: fs.PathLike, ...rest: unknown[]) => {
      if (String(p) === file && ++opens === 2)
        sqlite(file, "INSERT INTO meta(key, value) VALUES ('producer', hex(zeroblob(200000)))");
      return (open as (...a: unknown[]) => number)(p, ...rest);
    }) as typeof fs.openSync;
    let db: Snapshot;
    try {
      db = await openSnapshot(file, { readOnly: true });
    } finally {
      fs.openSync = open;
    }
    expect(opens).toBeGreaterThan(2);
    expect(String(db.value("SELECT length(value) FROM meta WHERE key = 'producer'"))).toBe('400000');
    db.close();
  });

  it('notices another file renamed into its place at the next check (each request and save), and reads no further', async () => {
    const file = copy();
    const snap = await openSnapshot(file);
    const other = `${file}.other`;
    fs.copyFileSync(demo, other);
    fs.renameSync(other, file);
    expect(() => snap.checkDisk()).toThrow(/another file was put in its place/);
    expect(() => snap.value('SELECT COUNT(*) FROM outbox')).toThrow(FileChangedError);
    expect(() => snap.save()).toThrow(/changed on disk/);
    snap.close();
  });
});

describe('a sql.js that treats its in-memory file otherwise', () => {
  /** sql.js copying what it is given when it builds the database (the array's own bytes, here all zero). */
  const copying = (SQL: SqlJsStatic, file: LazyFile) => new SQL.Database(new Uint8Array(file.size));
  /** sql.js keeping the file but reading its pages some other way than `subarray` (here: zeros). */
  const readingAround = (SQL: SqlJsStatic, file: LazyFile) => {
    const other: object = new Proxy(file, {
      get(target, key) {
        if (key === 'slice') return (start: number, end: number) => (target.slice(start, end), other);
        if (key === 'subarray') return (start: number, end: number) => new Uint8Array(end - start);
        const value = Reflect.get(target, key, target);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    return new SQL.Database(other as Uint8Array);
  };

  it.each([
    ['copies the file it is given', copying],
    ['reads pages another way', readingAround],
  ])('%s: caught at open, the whole file is read instead, and one line says so', async (_name, databaseOver) => {
    const file = copy();
    const notices: string[] = [];
    const snap = await openSnapshot(file, { databaseOver, onNotice: (line) => notices.push(line) });
    try {
      expect(notices).toHaveLength(1);
      expect(notices[0]).toMatch(
        /^.*work-\d+\.db: sql\.js [\d.]+ does not read its in-memory file as 1\.16\.0 does \(.+\); the whole file was read instead/,
      );
      expect(notices[0]).not.toMatch(/\n/);
      expect(snap.blocksRead).toBeUndefined();
      expect(snap.value('SELECT COUNT(*) FROM transactions')).toBe(8000);
      const id = Number(
        snap.value("SELECT id FROM errors WHERE resolved = 0 AND severity = 'error' ORDER BY id LIMIT 1"),
      );
      runAction(snap, 'errors', 'resolve', [id], { actor: 'fallback' });
    } finally {
      snap.close();
    }
    expect(sqlite(file, 'PRAGMA integrity_check')).toBe('ok');
    expect(sqlite(file, "SELECT COUNT(*) FROM audit_log WHERE actor = 'fallback'")).toBe('1');
  });

  it('sql.js as installed reads through the lazy file (no notice)', async () => {
    const notices: string[] = [];
    const snap = await openSnapshot(copy(), { readOnly: true, onNotice: (line) => notices.push(line) });
    expect(notices).toEqual([]);
    expect(snap.blocksRead).toBeDefined();
    snap.close();
  });
});
