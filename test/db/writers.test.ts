/**
 * Telling that another program is writing a snapshot: SQLite's write lock in
 * /proc/locks, a process with the file open for writing, and an open that
 * meets a file changing under it reads the new version instead of calling it
 * damaged or blaming sql.js.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FileChangedError, liveWriter, openSnapshot, otherWriters, type Snapshot } from '../../src/db/index.js';
import { liveWriterAsync, otherWritersAsync, sqliteWriteInProgress } from '../../src/db/writers.js';
import { cli } from '../cli/run-cli.js';

let dir: string;
let file: string;
let child: ChildProcess | undefined;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'alogs-writers-'));
  file = path.join(dir, 's.db');
  expect(cli(['demo', '--out', file, '--transactions', '500', '--seed', '3']).code).toBe(0);
});
afterEach(() => {
  if (child?.pid !== undefined) {
    try {
      // A loop's group: the sqlite3 it runs right now goes with it, so nothing writes into the folder after the test.
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      child.kill('SIGKILL');
    }
  }
  child = undefined;
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true, maxRetries: 5 }));

/** A sqlite3 shell that has run `statements` and waits for more. */
async function shell(statements: string): Promise<ChildProcess> {
  const c = spawn('sqlite3', [file], { stdio: ['pipe', 'pipe', 'inherit'] });
  const ready = new Promise<void>((resolve) => c.stdout!.once('data', () => resolve()));
  c.stdin!.write(`${statements}\nSELECT 'ready';\n`);
  await ready;
  return c;
}

describe('another program writing the file', () => {
  it('a write transaction in progress is seen by its SQLite lock, and is gone at its commit', async () => {
    expect(sqliteWriteInProgress(file)).toBe(false);
    child = await shell("BEGIN IMMEDIATE; INSERT INTO meta(key, value) VALUES ('w', '1');");
    expect(sqliteWriteInProgress(file)).toBe(true);
    expect(liveWriter(file)).toMatch(/s\.db-journal lies beside it|holds SQLite's write lock/);
    child.stdin!.write('COMMIT;\n');
    const done = new Promise<void>((resolve) => child!.stdout!.once('data', () => resolve()));
    child.stdin!.write("SELECT 'committed';\n");
    await done;
    expect(sqliteWriteInProgress(file)).toBe(false);
  });

  it('a process with the file open for writing is named; one that only reads is not', async () => {
    child = await shell('SELECT COUNT(*) FROM orders;');
    expect(otherWriters(file)).toEqual([{ pid: child.pid, command: 'sqlite3' }]);
    expect(liveWriter(file)).toBe(`sqlite3 (pid ${child.pid}) has s.db open for writing`);
    child.kill('SIGKILL');
    child = spawn('sqlite3', ['-readonly', file], { stdio: ['pipe', 'pipe', 'inherit'] });
    const ready = new Promise<void>((resolve) => child!.stdout!.once('data', () => resolve()));
    child.stdin!.write("SELECT 'ready';\n");
    await ready;
    expect(otherWriters(file)).toEqual([]);
    expect(liveWriter(file)).toBeUndefined();
  });

  it("a background save's look at every process finds the same writer, and lets the thread's other work run in between", async () => {
    child = await shell('SELECT COUNT(*) FROM orders;');
    let turns = 0;
    let looking = true;
    const other = (async () => {
      while (looking) {
        await new Promise((resolve) => setImmediate(resolve));
        if (looking) turns++;
      }
    })();
    const found = await liveWriterAsync(file);
    looking = false;
    await other;
    expect(found).toBe(`sqlite3 (pid ${child.pid}) has s.db open for writing`);
    expect(await otherWritersAsync(file)).toEqual(otherWriters(file));
    // One turn per few dozen processes: the walk never held the thread for all of them at once.
    const processes = fs.readdirSync('/proc').filter((n) => /^\d+$/.test(n)).length;
    expect(turns).toBeGreaterThanOrEqual(Math.floor((processes - 1) / 32));
    expect(turns).toBeGreaterThan(0);
  });

  it('an open while a producer commits again and again reads one version: never damaged, never a fallback', async () => {
    const loop = spawn(
      'bash',
      [
        '-c',
        `for i in $(seq 1 200); do sqlite3 ${file} "INSERT INTO meta(key, value) VALUES ('loop-$i', 'x')" 2>/dev/null; done`,
      ],
      { stdio: 'ignore', detached: true },
    );
    child = loop;
    const notices: string[] = [];
    let opened = 0;
    let refused = 0;
    while (loop.exitCode === null && opened < 40) {
      let snap: Snapshot;
      try {
        snap = await openSnapshot(file, { onNotice: (l) => notices.push(l) });
      } catch (err) {
        // Commits back to back through every try of the open: it says the file keeps changing, never that it is damaged.
        if (!(err instanceof FileChangedError)) throw err;
        refused++;
        opened++;
        continue;
      }
      try {
        // One version: every row the count saw is there to be read.
        const n = Number(snap.value("SELECT COUNT(*) FROM meta WHERE key LIKE 'loop-%'"));
        expect(snap.all("SELECT key FROM meta WHERE key LIKE 'loop-%'")).toHaveLength(n);
      } catch (err) {
        // A commit after the open, before a block the query needs was read: refused as a change, never a mix.
        if (!(err instanceof FileChangedError)) throw err;
        refused++;
      } finally {
        closeAfterChange(snap);
      }
      opened++;
    }
    expect(opened - refused).toBeGreaterThan(5);
    expect(notices.filter((n) => /does not read its in-memory file/.test(n))).toEqual([]);
    execFileSync('sqlite3', [file, 'SELECT 1']);
  });
});

/** Closes a snapshot whose file may have changed under it (closing may read a block, and be refused). */
function closeAfterChange(snap: { close(): void }): void {
  try {
    snap.close();
  } catch (err) {
    if (!(err instanceof FileChangedError)) throw err;
  }
}
