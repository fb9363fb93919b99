import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hasJournal, journalPath, openSnapshot, readJournal, saveLockPath, thisProcess } from '../../src/db/index.js';
import { DurableActions, recoverJournal } from '../../src/triage/durable.js';
import { count, triageSnapshotAt } from '../fixtures.js';

let dir: string;
let file: string;
beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'alogs-journal-'));
  file = await triageSnapshotAt(path.join(dir, 's.db'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const ctx = { actor: 'ops-kim', now: () => '2026-11-27T10:00:00Z' };
const resolvedOnDisk = async (sql: string) => {
  const snap = await openSnapshot(file);
  try {
    return count(snap, sql);
  } finally {
    snap.close();
  }
};

describe('write-ahead journal of actions', () => {
  it('acknowledges an action once journaled; the save writes it into the file and drops the journal', async () => {
    const db = await openSnapshot(file);
    const durable = new DurableActions(db, ctx);
    const before = fs.readFileSync(file);
    const outcome = durable.act('errors', 'resolve', [1]);
    expect(outcome.ok).toBe(true);
    expect(fs.readFileSync(file).equals(before)).toBe(true);
    expect(readJournal(file)!.entries).toEqual([
      { seq: 1, at: '2026-11-27T10:00:00Z', actor: 'ops-kim', tab: 'errors', action: 'resolve', ids: [1] },
    ]);
    expect((await durable.save()).ok).toBe(true);
    expect(hasJournal(file)).toBe(false);
    db.close();
    expect(await resolvedOnDisk('SELECT resolved FROM errors WHERE id = 1')).toBe(1);
  });

  it('an action taken while the file is being written stays in the journal until a save holds it', async () => {
    const db = await openSnapshot(file);
    const durable = new DurableActions(db, ctx);
    durable.act('errors', 'resolve', [1]);
    const saving = durable.save();
    durable.act('errors', 'resolve', [2]); // arrives while the bytes are written
    expect((await saving).ok).toBe(true);
    expect(durable.unsaved).toBe(1);
    expect(readJournal(file)!.entries.map((e) => e.ids)).toEqual([[1], [2]]);
    expect(await resolvedOnDisk('SELECT resolved FROM errors WHERE id = 1')).toBe(1);
    expect(await resolvedOnDisk('SELECT resolved FROM errors WHERE id = 2')).toBe(0);
    // A crash now re-applies only the second: the file says it holds the first.
    const reopened = await openSnapshot(file);
    expect(recoverJournal(reopened).applied).toBe(1);
    reopened.close();
    expect(await resolvedOnDisk('SELECT resolved FROM errors WHERE id = 2')).toBe(1);
    expect(await resolvedOnDisk("SELECT COUNT(*) FROM audit_log WHERE actor = 'ops-kim'")).toBe(2);
    db.close();
  });

  it('re-applies journaled actions after a crash before the save, once', async () => {
    const db = await openSnapshot(file);
    const durable = new DurableActions(db, ctx);
    durable.act('errors', 'resolve', [1]);
    durable.act('orders', 'rerun', [1]);
    db.close(); // the process dies here: nothing saved
    const reopened = await openSnapshot(file);
    const txBefore = count(reopened, 'SELECT COUNT(*) FROM transactions');
    const recovery = recoverJournal(reopened);
    expect(recovery.applied).toBe(2);
    expect(recovery.message).toMatch(/re-applied 2 unsaved action/);
    expect(count(reopened, 'SELECT COUNT(*) FROM transactions')).toBe(txBefore + 1);
    reopened.close();
    expect(hasJournal(file)).toBe(false);
    expect(await resolvedOnDisk('SELECT resolved FROM errors WHERE id = 1')).toBe(1);
    expect(await resolvedOnDisk("SELECT COUNT(*) FROM audit_log WHERE actor = 'ops-kim'")).toBe(2);
  });

  it('does not apply twice what the file already holds (crash after the save, before the journal went)', async () => {
    const db = await openSnapshot(file);
    const durable = new DurableActions(db, ctx);
    durable.act('orders', 'rerun', [1]);
    const journal = fs.readFileSync(journalPath(file, durable.session));
    await durable.save();
    db.close();
    fs.writeFileSync(journalPath(file, durable.session), journal); // the journal survived the crash
    const reopened = await openSnapshot(file);
    const txBefore = count(reopened, 'SELECT COUNT(*) FROM transactions');
    expect(recoverJournal(reopened).applied).toBe(0);
    expect(count(reopened, 'SELECT COUNT(*) FROM transactions')).toBe(txBefore);
    expect(hasJournal(file)).toBe(false);
    reopened.close();
  });

  it('never overwrites a file changed on disk: reads it anew and merges the actions onto it, once', async () => {
    const db = await openSnapshot(file);
    const durable = new DurableActions(db, ctx);
    durable.act('errors', 'resolve', [1]);
    // A teammate saves the snapshot meanwhile.
    const other = await openSnapshot(file);
    other.run("UPDATE items SET description = 'changed elsewhere' WHERE sku = 'WID-100'");
    other.save();
    other.close();
    const theirs = fs.readFileSync(file);
    const report = await durable.save();
    expect(report).toMatchObject({ ok: false, changedOnDisk: true });
    expect(fs.readFileSync(file).equals(theirs)).toBe(true);
    expect(readJournal(file)!.entries).toHaveLength(1);
    db.close();

    const reread = await openSnapshot(file);
    const merged = recoverJournal(reread, durable.session);
    expect(merged).toMatchObject({ merged: 1, applied: 0 });
    expect(merged.message).toMatch(/^merged with changes made elsewhere: 1 action\(s\) of this session re-applied/);
    durable.continueWith(reread);
    expect(hasJournal(file)).toBe(false);
    expect(durable.act('errors', 'resolve', [2]).ok).toBe(true);
    expect((await durable.save()).ok).toBe(true);
    reread.close();
    expect(await resolvedOnDisk('SELECT COUNT(*) FROM errors WHERE id IN (1, 2) AND resolved = 1')).toBe(2);
    expect(await resolvedOnDisk("SELECT COUNT(*) FROM items WHERE description = 'changed elsewhere'")).toBe(1);
    expect(await resolvedOnDisk("SELECT COUNT(*) FROM audit_log WHERE actor = 'ops-kim'")).toBe(2);
  });

  it("two sessions on one file: each keeps its own journal, neither deletes the other's, no action lost or doubled", async () => {
    const dbA = await openSnapshot(file);
    const dbB = await openSnapshot(file);
    const a = new DurableActions(dbA, { ...ctx, actor: 'ops-a' });
    const b = new DurableActions(dbB, { ...ctx, actor: 'ops-b' });
    a.act('errors', 'resolve', [1]);
    b.act('errors', 'resolve', [2]);
    b.act('orders', 'rerun', [1]);
    expect(readJournal(file, a.session)!.entries).toHaveLength(1);
    expect(readJournal(file, b.session)!.entries).toHaveLength(2);
    expect((await a.save()).ok).toBe(true);
    expect(readJournal(file, a.session)).toBeUndefined();
    expect(readJournal(file, b.session)!.entries).toHaveLength(2); // A's save left B's journal alone
    const bSave = await b.save();
    expect(bSave.changedOnDisk).toBe(true);
    dbB.close();
    const reread = await openSnapshot(file);
    const txBefore = count(reread, 'SELECT COUNT(*) FROM transactions');
    expect(recoverJournal(reread, b.session)).toMatchObject({ merged: 2, applied: 0 });
    b.continueWith(reread);
    // A crash between B's merged save and the journal's removal, then another open: nothing twice.
    expect(recoverJournal(reread).applied).toBe(0);
    expect(count(reread, 'SELECT COUNT(*) FROM transactions')).toBe(txBefore + 1);
    reread.close();
    dbA.close();
    expect(await resolvedOnDisk('SELECT COUNT(*) FROM errors WHERE id IN (1, 2) AND resolved = 1')).toBe(2);
    expect(await resolvedOnDisk("SELECT COUNT(*) FROM audit_log WHERE actor IN ('ops-a', 'ops-b')")).toBe(3);
  });

  it("leaves the journal of a teammate's running session to it (owned by a live process)", async () => {
    const db = await openSnapshot(file);
    const durable = new DurableActions(db, ctx);
    durable.act('errors', 'resolve', [1]);
    db.close();
    // The same journal as if written by another process that is still running (this test's parent).
    const p = journalPath(file, durable.session);
    const [header, ...rest] = fs.readFileSync(p, 'utf8').trim().split('\n');
    const parent = { ...thisProcess(), pid: process.ppid, started: '' };
    fs.writeFileSync(p, [JSON.stringify({ ...JSON.parse(header!), owner: parent }), ...rest].join('\n') + '\n');
    const reopened = await openSnapshot(file);
    expect(recoverJournal(reopened)).toMatchObject({ applied: 0, live: 1 });
    expect(fs.existsSync(p)).toBe(true);
    // Once that process is gone (a pid no process has), its journal is recovered.
    fs.writeFileSync(
      p,
      [JSON.stringify({ ...JSON.parse(header!), owner: { ...parent, pid: 2 ** 22 + 12345 } }), ...rest].join('\n') +
        '\n',
    );
    expect(recoverJournal(reopened)).toMatchObject({ applied: 1, live: 0 });
    reopened.close();
  });

  it('an action whose journal line cannot be written is refused and undone, and never saved later', async () => {
    const db = await openSnapshot(file);
    const durable = new DurableActions(db, ctx);
    fs.mkdirSync(journalPath(file, durable.session)); // the append fails as it would on a full disk
    const refused = durable.act('errors', 'resolve', [1]);
    expect(refused.ok).toBe(false);
    expect(refused.message).toMatch(/not done: its journal line could not be written.*nothing changed/);
    expect(count(db, 'SELECT resolved FROM errors WHERE id = 1')).toBe(0);
    expect(durable.unsaved).toBe(0);
    fs.rmdirSync(journalPath(file, durable.session));
    expect(durable.act('errors', 'resolve', [2]).ok).toBe(true);
    expect(readJournal(file, durable.session)!.entries.map((e) => [e.seq, e.ids])).toEqual([[1, [2]]]);
    expect((await durable.save()).ok).toBe(true);
    db.close();
    expect(await resolvedOnDisk('SELECT resolved FROM errors WHERE id = 1')).toBe(0);
    expect(await resolvedOnDisk('SELECT resolved FROM errors WHERE id = 2')).toBe(1);
  });

  it("a save waits for another process's save of the same file, and takes over a lock its dead holder left", async () => {
    const db = await openSnapshot(file);
    const durable = new DurableActions(db, ctx);
    durable.act('errors', 'resolve', [1]);
    fs.writeFileSync(saveLockPath(file), JSON.stringify({ ...thisProcess(), pid: process.ppid, started: '' }));
    const saving = durable.save();
    await new Promise((r) => setTimeout(r, 300));
    expect(await resolvedOnDisk('SELECT resolved FROM errors WHERE id = 1')).toBe(0); // still waiting
    fs.rmSync(saveLockPath(file));
    expect((await saving).ok).toBe(true);
    expect(await resolvedOnDisk('SELECT resolved FROM errors WHERE id = 1')).toBe(1);
    durable.act('errors', 'resolve', [2]);
    fs.writeFileSync(saveLockPath(file), JSON.stringify({ ...thisProcess(), pid: 2 ** 22 + 12345 }));
    expect((await durable.save()).ok).toBe(true);
    expect(fs.existsSync(saveLockPath(file))).toBe(false);
    db.close();
  });

  it('after a crash and an edit elsewhere, the next open applies the kept actions onto the edited file, and later saves keep them', async () => {
    const db = await openSnapshot(file);
    new DurableActions(db, ctx).act('errors', 'resolve', [1]);
    db.close(); // the process dies: nothing saved
    const other = await openSnapshot(file);
    other.run("UPDATE items SET description = 'changed elsewhere' WHERE sku = 'WID-100'");
    other.save();
    other.close();
    const reopened = await openSnapshot(file);
    expect(recoverJournal(reopened)).toMatchObject({ applied: 1 });
    const next = new DurableActions(reopened, ctx);
    next.act('errors', 'resolve', [2]);
    expect((await next.save()).ok).toBe(true);
    reopened.close();
    expect(hasJournal(file)).toBe(false);
    expect(await resolvedOnDisk('SELECT COUNT(*) FROM errors WHERE id IN (1, 2) AND resolved = 1')).toBe(2);
    expect(await resolvedOnDisk("SELECT COUNT(*) FROM items WHERE description = 'changed elsewhere'")).toBe(1);
  });

  it('ignores a torn last line (an append the crash cut short was never acknowledged)', async () => {
    const db = await openSnapshot(file);
    new DurableActions(db, ctx).act('errors', 'resolve', [1]);
    db.close();
    fs.appendFileSync(readJournal(file)!.path, '{"seq":2,"at":"2026-11-27T10:00:00Z","act');
    expect(readJournal(file)!.entries.map((e) => e.seq)).toEqual([1]);
  });
});
