import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasJournal, openSnapshot, SnapshotError } from '../../src/db/index.js';
import { NO_FILTERS } from '../../src/triage/index.js';
import { openWorkerSource } from '../../src/triage/worker-source.js';
import { startWaitingThread } from '../../src/triage/database-thread.js';
import { pathToFileURL } from 'node:url';
import { count, triageSnapshotAt } from '../fixtures.js';
import { cli } from '../cli/run-cli.js';
import { corruptLeaf } from '../safety/support.js';
import { DurableActions } from '../../src/triage/durable.js';

// The worker runs compiled code (npm test builds first).
const SCRIPT = new URL('../../dist/triage/worker.js', import.meta.url);
let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'alogs-worker-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const snapshotFile = (name: string) => triageSnapshotAt(path.join(dir, name));

describe('the database thread', () => {
  it('answers queries, acknowledges an action once journaled, then saves it into the file', async () => {
    const file = await snapshotFile('a.db');
    const source = await openWorkerSource({ file, readOnly: false, actor: 'ops-lee' }, { script: SCRIPT });
    expect(await source.count('orders', NO_FILTERS)).toBe(3);
    expect((await source.rows('orders', NO_FILTERS, 0, 2)).map((r) => r.cells.order_ref)).toEqual([
      '114-0000003-0000003',
      '113-0000002-0000002',
    ]);
    expect(await source.openErrorCounts()).toEqual({ orders: 1, inventory: 1, logs: 2, errors: 2 });
    const saved = source.nextSave();
    const outcome = await source.act('errors', 'resolve', [1]);
    expect(outcome.message).toBe('Marked error 1 as resolved with 1 error');
    expect(hasJournal(file)).toBe(true);
    expect(await saved).toMatchObject({ ok: true });
    expect(hasJournal(file)).toBe(false);
    const snap = await openSnapshot(file);
    expect(count(snap, 'SELECT resolved FROM errors WHERE id = 1')).toBe(1);
    expect(count(snap, "SELECT COUNT(*) FROM audit_log WHERE actor = 'ops-lee'")).toBe(1);
    snap.close();
    expect(await source.count('errors', { ...NO_FILTERS, hideResolved: true })).toBe(2);
    await source.close();
  });

  it('saves in a pause of the requests, not while someone is still paging through the result', async () => {
    const file = await snapshotFile('pause.db');
    const source = await openWorkerSource({ file, readOnly: false, actor: 'ops' }, { script: SCRIPT });
    await source.health();
    let saved = false;
    const save = source.nextSave().then(() => (saved = true));
    await source.act('errors', 'resolve', [1]);
    // Paging on for 2 s, a request every 100 ms: no pause of a quarter of a second, so no save yet.
    const until = Date.now() + 2000;
    while (Date.now() < until) {
      await source.rows('logs', NO_FILTERS, 0, 5);
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(saved).toBe(false);
    expect(hasJournal(file)).toBe(true);
    await save; // the pause comes
    expect(hasJournal(file)).toBe(false);
    await source.close();
  });

  it("builds the search index a producer's file lacks, in the background; keyword answers stay the same", async () => {
    const file = await snapshotFile('fts.db');
    const source = await openWorkerSource({ file, readOnly: false, actor: 'ops' }, { script: SCRIPT });
    const keyword = { ...NO_FILTERS, keyword: 'AMZ-GHOST' };
    const before = await source.rows('logs', keyword, 0, 10);
    expect(await source.health()).toMatchObject({ damaged: undefined, integrity: 'unchecked', searchReady: true });
    expect(await source.rows('logs', keyword, 0, 10)).toEqual(before);
    expect(before.map((r) => r.cells.ref)).toEqual(['112-0000001-0000001']);
    await source.close();
  });

  it('builds the missing search index in memory for a read-only snapshot too, and never writes the file', async () => {
    const file = await snapshotFile('fts-ro.db');
    const before = fs.readFileSync(file);
    const source = await openWorkerSource({ file, readOnly: true, actor: 'ops' }, { script: SCRIPT });
    const keyword = { ...NO_FILTERS, keyword: 'AMZ-GHOST' };
    const scanned = await source.rows('logs', keyword, 0, 10);
    expect((await source.health()).searchReady).toBe(true);
    expect(await source.rows('logs', keyword, 0, 10)).toEqual(scanned);
    expect(scanned.map((r) => r.cells.ref)).toEqual(['112-0000001-0000001']);
    await source.close();
    expect(fs.readFileSync(file).equals(before)).toBe(true);
    expect(fs.readdirSync(path.dirname(file)).filter((f) => f.startsWith('fts-ro'))).toEqual(['fts-ro.db']);
  });

  it('refuses actions on a read-only snapshot and never writes it', async () => {
    const file = await snapshotFile('b.db');
    const before = fs.readFileSync(file);
    const source = await openWorkerSource({ file, readOnly: true, actor: 'x' }, { script: SCRIPT });
    expect(source.readOnlyReason).toMatch(/--read-only/);
    const outcome = await source.act('errors', 'resolve', [1]);
    expect(outcome.ok).toBe(false);
    expect(outcome.message).toMatch(/read-only/);
    await source.flush();
    await source.close();
    expect(fs.readFileSync(file).equals(before)).toBe(true);
    expect(hasJournal(file)).toBe(false);
  });

  it('opens the file on a thread started ahead, before the file was known, and hands that thread out once', async () => {
    const file = await snapshotFile('ahead.db');
    const waiting = startWaitingThread(SCRIPT);
    const source = await openWorkerSource({ file, readOnly: true, actor: 'x' }, { script: SCRIPT, waiting });
    expect(source.startedAhead).toBe(true);
    expect(await source.count('orders', NO_FILTERS)).toBe(3);
    expect(waiting.claim({ file, readOnly: true, actor: 'x' })).toBeUndefined();
    await source.close();
  });

  it('starts a fresh thread when the one started ahead failed while waiting', async () => {
    const file = await snapshotFile('ahead-failed.db');
    const broken = path.join(dir, 'broken-worker.mjs');
    fs.writeFileSync(broken, 'throw new Error("cannot load");\n');
    const waiting = startWaitingThread(pathToFileURL(broken));
    await new Promise((r) => setTimeout(r, 1000));
    const source = await openWorkerSource({ file, readOnly: true, actor: 'x' }, { script: SCRIPT, waiting });
    expect(source.startedAhead).toBe(false);
    expect(await source.count('orders', NO_FILTERS)).toBe(3);
    await source.close();
  });

  it('rejects a file that is not a snapshot with a SnapshotError', async () => {
    const file = path.join(dir, 'text.db');
    fs.writeFileSync(file, 'hello');
    await expect(openWorkerSource({ file, readOnly: false, actor: 'x' }, { script: SCRIPT })).rejects.toBeInstanceOf(
      SnapshotError,
    );
  });

  it('merges actions onto a file changed on disk before they were saved: read anew, re-applied once, saved, the screen told', async () => {
    const file = await snapshotFile('c.db');
    const source = await openWorkerSource({ file, readOnly: false, actor: 'ops-lee' }, { script: SCRIPT });
    await source.count('orders', NO_FILTERS);
    const states: unknown[] = [];
    source.onStatus!((status) => states.push(status));
    const saved = source.nextSave();
    await source.act('errors', 'resolve', [1]);
    // A teammate saves the file after the action, before its save (which waits for a pause).
    const other = await openSnapshot(file);
    other.run("UPDATE settings SET value = '0' WHERE key = 'auto_process'");
    other.save();
    other.close();
    expect(await saved).toMatchObject({
      ok: true,
      text: expect.stringMatching(/^merged with changes made elsewhere: 1 action\(s\) of this session re-applied/),
    });
    expect(states).toContainEqual({ merged: expect.stringMatching(/^merged with changes made elsewhere/) });
    expect(hasJournal(file)).toBe(false);
    // The screen reads the merged file: the action and the teammate's change both there.
    expect(await source.count('errors', { ...NO_FILTERS, hideResolved: true })).toBe(2);
    await source.close();
    const snap = await openSnapshot(file);
    expect(count(snap, 'SELECT resolved FROM errors WHERE id = 1')).toBe(1);
    expect(count(snap, "SELECT COUNT(*) FROM audit_log WHERE actor = 'ops-lee'")).toBe(1);
    expect(snap.value("SELECT value FROM settings WHERE key = 'auto_process'")).toBe('0');
    snap.close();
    expect(cli(['replay', file]).stdout).toMatch(/no unsaved actions/);
  });

  it('stops reading a file that changed on disk: says so, refuses actions and reads, and reopens it with the new version', async () => {
    const file = await snapshotFile('d.db');
    const source = await openWorkerSource({ file, readOnly: false, actor: 'ops' }, { script: SCRIPT });
    const states: unknown[] = [];
    source.onStatus!((status) => states.push(status));
    expect(await source.count('orders', NO_FILTERS)).toBe(3);
    const other = await openSnapshot(file);
    other.run("DELETE FROM orders WHERE order_ref = '114-0000003-0000003'");
    other.save();
    other.close();
    const before = fs.readFileSync(file);
    await expect(source.count('orders', NO_FILTERS)).rejects.toThrow(
      /d\.db changed on disk \(another file was put in its place\)/,
    );
    expect(states).toEqual([
      { stale: 'd.db changed on disk (another file was put in its place): actions are refused' },
    ]);
    const outcome = await source.act('errors', 'resolve', [1]);
    expect(outcome).toMatchObject({
      ok: false,
      message: expect.stringMatching(/changed on disk.*actions are refused/),
    });
    expect(hasJournal(file)).toBe(false);
    const opened = await source.reopen!();
    expect(opened.readOnlyReason).toBeUndefined();
    expect(await source.count('orders', NO_FILTERS)).toBe(2);
    await source.close();
    expect(fs.readFileSync(file).equals(before)).toBe(true);
  });
});

describe('the integrity check', () => {
  it('runs before the first change, not at open: browsing alone never reads the whole file', async () => {
    const file = path.join(dir, 'browse.db');
    expect(cli(['demo', '--out', file, '--transactions', '4000', '--seed', '6']).code).toBe(0);
    const source = await openWorkerSource({ file, readOnly: false, actor: 'ops' }, { script: SCRIPT });
    const statuses: unknown[] = [];
    source.onStatus!((s) => statuses.push(s));
    for (const tab of ['orders', 'inventory', 'logs', 'errors'] as const) await source.rows(tab, NO_FILTERS, 0, 20);
    const browsed = await source.health();
    expect(browsed.integrity).toBe('unchecked');
    expect(browsed.residency!.loaded).toBeLessThan(browsed.residency!.total / 2);
    const errorId = (await source.rows('errors', { ...NO_FILTERS, hideResolved: true }, 0, 1))[0]!.id;
    expect((await source.act('errors', 'resolve', [errorId])).ok).toBe(true);
    expect((await source.health()).integrity).toBe('sound');
    // The status line said what the check reads while it ran.
    expect(statuses).toContainEqual({
      background: expect.stringMatching(/^checking browse\.db before its first change \(reads all \d+ MB\)…$/),
    });
    expect(statuses.at(-1)).toEqual({ background: undefined });
    await source.close();
  });

  it('refuses actions on a damaged file, which still browses', async () => {
    const file = path.join(dir, 'damaged-browse.db');
    expect(cli(['demo', '--out', file, '--transactions', '300', '--seed', '4']).code).toBe(0);
    corruptLeaf(file);
    const before = fs.readFileSync(file);
    const source = await openWorkerSource({ file, readOnly: false, actor: 'ops' }, { script: SCRIPT });
    const orders = await source.rows('orders', NO_FILTERS, 0, 3);
    expect(orders).toHaveLength(3);
    const outcome = await source.act('orders', 'resolve', [orders[0]!.id]);
    expect(outcome).toMatchObject({
      ok: false,
      message: expect.stringMatching(/^the file is damaged \(PRAGMA quick_check reports .*\); actions are refused$/),
    });
    expect((await source.health()).integrity).toBe('damaged');
    await source.close();
    expect(fs.readFileSync(file).equals(before)).toBe(true);
    expect(hasJournal(file)).toBe(false);
  });
});

describe('unsaved actions on a damaged file', () => {
  it('are not re-applied (that would rewrite it); the opening notice says why', async () => {
    const file = path.join(dir, 'damaged.db');
    expect(cli(['demo', '--out', file, '--transactions', '300', '--seed', '4']).code).toBe(0);
    const snap = await openSnapshot(file);
    const errorId = Number(snap.value("SELECT id FROM errors WHERE resolved = 0 AND severity = 'error' LIMIT 1"));
    new DurableActions(snap, { actor: 'ops' }).act('errors', 'resolve', [errorId]); // journaled, never saved: a crash
    snap.close();
    corruptLeaf(file);
    const before = fs.readFileSync(file);
    const source = await openWorkerSource({ file, readOnly: false, actor: 'ops' }, { script: SCRIPT });
    expect(source.openingNotice).toMatch(/not re-applied: the file is damaged \(PRAGMA quick_check/);
    expect((await source.act('errors', 'resolve', [errorId])).message).toMatch(/damaged.*actions are refused/);
    await source.close();
    expect(fs.readFileSync(file).equals(before)).toBe(true);
    expect(hasJournal(file)).toBe(true);
  });
});
