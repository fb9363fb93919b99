/**
 * The database host in process (the thread runs the same code): it opens the
 * file, answers requests typed by its API, and errors cross to the caller as
 * the class that was thrown.
 */
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  FileChangedError,
  openSnapshot,
  ReadOnlyError,
  SnapshotChangedError,
  WriterBusyError,
} from '../../src/db/index.js';
import { EXIT } from '../../src/user-error.js';
import { readApi } from '../../src/triage/api.js';
import { ColumnValues, LISTED_COLUMNS } from '../../src/triage/column-values.js';
import { createDatabaseHost, type HostReply } from '../../src/triage/host.js';
import { NO_FILTERS, type ExpectedView } from '../../src/triage/triage-types.js';
import { fromWire, toWire } from '../../src/triage/wire-errors.js';
import type { Notice } from '../../src/triage/worker-protocol.js';
import { triageSnapshotAt } from '../fixtures.js';
import { cli } from '../cli/run-cli.js';
import { descriptorsOn } from '../safety/support.js';

let dir: string;
let file: string;
beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'alogs-host-'));
  file = await triageSnapshotAt(path.join(dir, 'h.db'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('the database host', () => {
  it('opens, answers typed requests, and sends a changed file as a FileChangedError', async () => {
    const notices: Notice[] = [];
    const host = createDatabaseHost({ file, readOnly: true, actor: 'ops' }, (n) => notices.push(n));
    await host.start();
    expect(notices[0]).toMatchObject({ kind: 'ready', readOnlyReason: 'opened with --read-only' });
    expect(await host.api.count('orders', NO_FILTERS)).toBe(3);
    const reply: HostReply = await host.handle({ id: 7, method: 'ids', args: ['orders', NO_FILTERS] });
    expect(reply).toEqual({ kind: 'reply', id: 7, ok: true, value: [3, 2, 1] });

    const refused = await host.handle({ id: 8, method: 'act', args: ['errors', 'resolve', [1]] });
    expect(refused).toMatchObject({
      ok: true,
      value: { ok: false, message: 'read-only: opened with --read-only; actions are disabled' },
    });

    const other = await openSnapshot(file);
    other.run('DELETE FROM orders WHERE id = 3');
    other.save();
    other.close();
    const failed = await host.handle({ id: 9, method: 'count', args: ['orders', NO_FILTERS] });
    expect(failed.ok).toBe(false);
    const err = fromWire((failed as Extract<HostReply, { ok: false }>).error);
    expect(err).toBeInstanceOf(FileChangedError);
    expect(err.message).toMatch(/h\.db changed on disk \(another file was put in its place\)/);
    expect(notices).toContainEqual({ kind: 'stale', text: expect.stringMatching(/changed on disk/) });
  });
});

describe('errors between threads', () => {
  it.each([
    ['FileChangedError', new FileChangedError('/x/a.db', 'another program wrote to it'), FileChangedError],
    ['WriterBusyError', new WriterBusyError('/x/a.db', 'sqlite3 (pid 5) has a.db open for writing'), WriterBusyError],
    ['ReadOnlyError', new ReadOnlyError('opened with --read-only'), ReadOnlyError],
  ])('a %s arrives as its own class, with its message, fields and exit status', (_name, thrown, cls) => {
    const wire = JSON.parse(JSON.stringify(toWire(thrown)));
    const back = fromWire(wire);
    expect(back).toBeInstanceOf(cls);
    expect(back.message).toBe(thrown.message);
    expect(back.name).toBe(thrown.name);
    expect((back as { exitCode?: number }).exitCode).toBe(EXIT.refused);
    if (thrown instanceof FileChangedError) {
      expect(back).toBeInstanceOf(SnapshotChangedError);
      expect((back as FileChangedError).what).toBe('another program wrote to it');
      expect((back as FileChangedError).file).toBe('/x/a.db');
    }
  });

  it('anything else arrives as an Error with its message', () => {
    const back = fromWire(toWire(new TypeError('x is not a function')));
    expect(back).toBeInstanceOf(Error);
    expect(back.message).toBe('x is not a function');
  });
});

describe('pictures asked for one after another', () => {
  it('an older picture still being computed stops at its next day, undefined; the newest is whole', async () => {
    const db = await openSnapshot(file, { readOnly: true });
    try {
      const api = readApi(() => db, dir);
      const older = api.daily('logs', NO_FILTERS, 30);
      const newer = api.daily('errors', NO_FILTERS, 30);
      expect(await older).toBeUndefined();
      const figures = await newer;
      expect(figures?.days).toHaveLength(30);
      expect(await api.daily('logs', NO_FILTERS, 30)).toMatchObject({ tab: 'logs', days: expect.any(Array) });
    } finally {
      db.close();
    }
  });
});

/** A writable host on a copy of the snapshot named `name`, with the notices it posts. */
async function hostOnCopy(name: string) {
  const mine = path.join(dir, name);
  fs.copyFileSync(file, mine);
  const notices: Notice[] = [];
  const host = createDatabaseHost({ file: mine, readOnly: false, actor: 'ops' }, (n) => notices.push(n));
  await host.start();
  return { mine, notices, host };
}

describe('a merge that cannot save yet', () => {
  it('keeps the actions unsaved and merges again once the producer is gone; the file ends with them', async () => {
    const { mine, notices, host } = await hostOnCopy('merge.db');
    const sql = (query: string) =>
      execFileSync('sqlite3', ['-cmd', '.timeout 5000', mine, query], { encoding: 'utf8' }).trim();
    const errorId = Number(sql('SELECT min(id) FROM errors WHERE resolved = 0'));
    // A producer has the file open for writing: no save may replace it meanwhile.
    const producer = spawn('bash', ['-c', 'exec 3<>"$0"; echo ready; exec sleep 60 <&3', mine], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    try {
      await new Promise((resolve) => producer.stdout!.once('data', resolve));
      const outcome = await host.api.act('errors', 'resolve', [errorId]);
      expect(outcome.ok).toBe(true);
      // A teammate's change in place: our save finds the file changed and merges onto it.
      sql("INSERT INTO meta(key, value) VALUES ('teammate', 'was here')");
      await waitFor(() => notices.some((n) => n.kind === 'saved' && !n.ok), 20_000);
      expect(notices.filter((n) => n.kind === 'merged')).toEqual([]);
      expect(sql(`SELECT resolved FROM errors WHERE id = ${errorId}`)).toBe('0');
      expect(
        fs.readdirSync(dir).filter((f) => f.startsWith('merge.db.') && f.endsWith('.pending-actions')),
      ).toHaveLength(1);
    } finally {
      producer.kill('SIGKILL');
    }
    // The retry merges again: the teammate's change and the action are both in the file.
    await waitFor(() => sql(`SELECT resolved FROM errors WHERE id = ${errorId}`) === '1', 30_000).catch((e) => {
      console.log(JSON.stringify(notices, null, 1));
      throw e;
    });
    expect(sql("SELECT value FROM meta WHERE key = 'teammate'")).toBe('was here');
    await waitFor(
      () => !fs.readdirSync(dir).some((f) => f.startsWith('merge.db.') && f.endsWith('.pending-actions')),
      10_000,
    );
    expect(notices).toContainEqual(expect.objectContaining({ kind: 'merged' }));
  }, 60_000);
});

describe('after a save', () => {
  it('lets go of the version it replaced once no request came for a second, not before', async () => {
    const { mine, notices, host } = await hostOnCopy('release.db');
    const errorId = Number(
      execFileSync('sqlite3', [mine, 'SELECT min(id) FROM errors WHERE resolved = 0'], { encoding: 'utf8' }),
    );
    expect((await host.api.act('errors', 'resolve', [errorId])).ok).toBe(true);
    await waitFor(() => notices.some((n) => n.kind === 'saved'), 20_000);
    expect(await descriptorsOn(mine)).toEqual([mine, `${mine} (deleted)`]);
    expect(await descriptorsOn(mine, [mine])).toEqual([mine]);
  }, 30_000);

  it('while requests keep coming, keeps one replaced version at most: the next save lets go of the one before', async () => {
    const { mine, notices, host } = await hostOnCopy('busy.db');
    let id = 0;
    let asking = true;
    // A screen that asks every 0.4 s: time for a save to start (0.25 s of quiet), never a second of quiet.
    const keys = (async () => {
      while (asking) {
        await host.handle({ id: ++id, method: 'count', args: ['errors', NO_FILTERS] });
        await new Promise((r) => setTimeout(r, 400));
      }
    })();
    try {
      const open = execFileSync('sqlite3', [mine, 'SELECT id FROM errors WHERE resolved = 0 ORDER BY id LIMIT 3'], {
        encoding: 'utf8',
      })
        .trim()
        .split('\n')
        .map(Number);
      for (const [i, errorId] of open.entries()) {
        expect((await host.api.act('errors', 'resolve', [errorId])).ok).toBe(true);
        await waitFor(() => notices.filter((n) => n.kind === 'saved').length === i + 1, 20_000);
        expect(await descriptorsOn(mine)).toEqual([mine, `${mine} (deleted)`]);
      }
    } finally {
      asking = false;
      await keys;
    }
  }, 60_000);
});

describe('reading ahead', () => {
  it('reads the views a key may show next while no request comes: showing one then reads nothing more from the file', async () => {
    const demo = path.join(dir, 'ahead.db');
    expect(cli(['demo', '--out', demo, '--transactions', '4000', '--seed', '6']).code).toBe(0);
    const views: ExpectedView[] = [
      { tab: 'errors', filters: { ...NO_FILTERS, hideResolved: true }, offset: 0, limit: 20 },
      { tab: 'inventory', filters: { ...NO_FILTERS, errorsOnly: true }, offset: 0, limit: 20 },
    ];
    /** A host on the demo showing its first screen; then what showing `views` reads from the file. */
    const readsToShow = async (expecting: boolean) => {
      const host = createDatabaseHost({ file: demo, readOnly: true, actor: 'ops' }, () => {});
      await host.start();
      let id = 0;
      const ask = async (...[method, args]: [string, unknown[]]) => {
        const reply = await host.handle({ id: ++id, method, args } as Parameters<typeof host.handle>[0]);
        if (!reply.ok) throw new Error(reply.error.message);
        return reply.value;
      };
      await ask('rows', ['orders', NO_FILTERS, 0, 20]);
      if (expecting) await ask('expect', [views]);
      // Health waits for the read ahead.
      const before = (await host.api.health()).blocksRead!;
      const shown = [];
      for (const v of views)
        shown.push(await ask('rows', [v.tab, v.filters, v.offset, v.limit]), await ask('count', [v.tab, v.filters]));
      return { reads: (await host.api.health()).blocksRead! - before, shown };
    };
    const cold = await readsToShow(false);
    const ahead = await readsToShow(true);
    expect(cold.reads).toBeGreaterThan(0);
    expect(ahead.reads).toBe(0);
    // The same answers either way.
    expect(ahead.shown).toEqual(cold.shown);
    expect((cold.shown[0] as unknown[]).length).toBe(20);
  }, 60_000);
});

/**
 * A read-only host on a fresh demo, started, with the lists of SKU values it
 * makes watched: the hosts of the tests before may still be listing theirs,
 * so this host's lists are the ones made from now on.
 */
async function watchedListing(name: string) {
  const demo = path.join(dir, name);
  expect(cli(['demo', '--out', demo, '--transactions', '3000', '--seed', '2']).code).toBe(0);
  const made = vi.spyOn(ColumnValues, 'of');
  const listSome = vi.spyOn(ColumnValues.prototype, 'listSome');
  const listLinks = vi.spyOn(ColumnValues.prototype, 'listLinks');
  const host = createDatabaseHost({ file: demo, readOnly: true, actor: 'ops' }, () => {});
  await host.start();
  const values = () => made.mock.results.map((r) => r.value as ColumnValues);
  return {
    host,
    values,
    /** This host's chunks so far: the column, and whether more were left. */
    chunks: () =>
      listSome.mock.calls
        .map(([col], i) => ({
          col,
          more: listSome.mock.results[i]!.value as boolean,
          by: listSome.mock.contexts[i],
          order: listSome.mock.invocationCallOrder[i]!,
        }))
        .filter((c) => values().includes(c.by as ColumnValues)),
    /** When this host's chunks of the SKU links were listed, in the order of all the calls spied on. */
    linkChunks: () =>
      listLinks.mock.invocationCallOrder.filter((_, i) =>
        values().includes(listLinks.mock.contexts[i] as ColumnValues),
      ),
    restore: () => {
      made.mockRestore();
      listSome.mockRestore();
      listLinks.mockRestore();
    },
  };
}

describe('the lists of SKU values', () => {
  it("are made a chunk at a time once the first screen is served and the thread is idle, the SKU links after Inventory's", async () => {
    const { host, values, chunks, linkChunks, restore } = await watchedListing('lists.db');
    try {
      expect((await host.handle({ id: 1, method: 'rows', args: ['inventory', NO_FILTERS, 0, 20] })).ok).toBe(true);
      // The request just came: nothing is listed before a quiet moment.
      expect(chunks()).toEqual([]);
      await host.api.health();
      const mine = new Set(values());
      expect(mine.size).toBe(1);
      const calls = chunks();
      expect([...new Set(calls.map((c) => c.col))]).toEqual([...LISTED_COLUMNS]);
      // Each column until its last chunk.
      for (const col of LISTED_COLUMNS) expect(calls.filter((c) => c.col === col).at(-1)!.more, col).toBe(false);
      // The SKU links, which Inventory's SKU# matches too, right after Inventory's column.
      const links = linkChunks();
      expect(links.length).toBeGreaterThan(0);
      const inventory = calls.filter((c) => c.col === 'inventory_log.sku').map((c) => c.order);
      const others = calls.filter((c) => c.col !== 'inventory_log.sku').map((c) => c.order);
      expect(Math.min(...links)).toBeGreaterThan(Math.max(...inventory));
      expect(Math.max(...links)).toBeLessThan(Math.min(...others));
      for (const col of LISTED_COLUMNS) expect([...mine][0]!.listedUpTo(col)).toBe(true);
    } finally {
      restore();
    }
  }, 60_000);

  it('are made between requests that keep coming, without waiting for the background work or a long pause', async () => {
    const { host, values, restore } = await watchedListing('lists-busy.db');
    try {
      // A request every 100 ms: never the pause the background work waits for (150 ms), nor 300 ms.
      for (let i = 0; i < 20; i++) {
        expect((await host.handle({ id: i + 1, method: 'rows', args: ['inventory', NO_FILTERS, 0, 20] })).ok).toBe(
          true,
        );
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(LISTED_COLUMNS.map((col) => values().at(-1)?.listedUpTo(col))).toEqual(LISTED_COLUMNS.map(() => true));
      expect(values().at(-1)?.linksListed()).toBe(true);
    } finally {
      restore();
    }
  }, 60_000);
});

describe('a filter form', () => {
  it("has the SKU values listed at once, its tab's first, while requests come that would hold the listing back", async () => {
    const { host, values, chunks, restore } = await watchedListing('lists-now.db');
    try {
      let id = 0;
      const ask = (tab: 'inventory' | 'logs') =>
        host.handle({ id: ++id, method: 'rows', args: [tab, NO_FILTERS, 0, 5] });
      expect((await ask('inventory')).ok).toBe(true);
      const listedAfter = async (prepare: boolean) => {
        if (prepare) expect((await host.handle({ id: ++id, method: 'prepareToFilter', args: ['logs'] })).ok).toBe(true);
        // Requests one after another for a second: never a quiet moment, which the listing waits for otherwise.
        for (let i = 0, until = performance.now() + 1000; performance.now() < until; i++) {
          await new Promise((r) => setImmediate(r));
          await ask(i % 2 ? 'inventory' : 'logs');
        }
        return LISTED_COLUMNS.map((col) => values().at(-1)?.listedUpTo(col));
      };
      expect(await listedAfter(false)).toEqual(LISTED_COLUMNS.map(() => undefined));
      expect(await listedAfter(true)).toEqual(LISTED_COLUMNS.map(() => true));
      // The form opened on Logs: its SKUs came first.
      const order = chunks().map((c) => c.col);
      expect(order[0]).toBe('transactions.sku');
      expect(new Set(order)).toEqual(new Set(LISTED_COLUMNS));
    } finally {
      restore();
    }
  }, 60_000);
});

describe('a save', () => {
  it('counts as activity: the views expected are read ahead only once it is done', async () => {
    const { mine, notices, host } = await hostOnCopy('save-ahead.db');
    // The first screen served, and the background work done (the search indexes this file lacks): it too waits for saves.
    expect((await host.handle({ id: 1, method: 'rows', args: ['errors', NO_FILTERS, 0, 20] })).ok).toBe(true);
    await host.api.health();
    const errorId = Number(
      execFileSync('sqlite3', [mine, 'SELECT min(id) FROM errors WHERE resolved = 0'], { encoding: 'utf8' }),
    );
    // The save's copy of the file waits until the test lets it go: a save of a big file, held in the middle.
    let letGo!: () => void;
    const held = new Promise<void>((resolve) => (letGo = resolve));
    let copying = false;
    const copyFile = fs.promises.copyFile;
    const spy = vi.spyOn(fs.promises, 'copyFile').mockImplementation(async (...args) => {
      copying = true;
      await held;
      return copyFile(...args);
    });
    try {
      expect((await host.api.act('errors', 'resolve', [errorId])).ok).toBe(true);
      await waitFor(() => copying, 10_000);
      const view: ExpectedView = {
        tab: 'inventory',
        filters: { ...NO_FILTERS, errorsOnly: true },
        offset: 0,
        limit: 20,
      };
      expect((await host.handle({ id: 2, method: 'expect', args: [[view]] })).ok).toBe(true);
      // Health answers once the read ahead is done; with no request for three of its pauses, only the save holds it.
      let answered = false;
      const health = host.api.health().then((h) => ((answered = true), h));
      await new Promise((r) => setTimeout(r, 1_000));
      expect(answered).toBe(false);
      letGo();
      await waitFor(() => notices.some((n) => n.kind === 'saved'), 20_000);
      expect(notices.find((n) => n.kind === 'saved')).toMatchObject({ ok: true });
      await health;
      expect(answered).toBe(true);
    } finally {
      letGo();
      spy.mockRestore();
    }
  }, 30_000);
});

async function waitFor(done: () => boolean, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!done()) {
    if (Date.now() > end) throw new Error(`not within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
