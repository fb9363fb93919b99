import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { journalPath, openSnapshot, readJournal } from '../../src/db/index.js';
import { DurableActions, recoverJournal } from '../../src/triage/durable.js';
import { count } from '../fixtures.js';
import { triageSnapshot } from './seed.js';

let dir: string;
let file: string;
beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'alogs-journal-'));
  file = path.join(dir, 's.db');
  const snap = await triageSnapshot();
  snap.saveAs(file);
  snap.close();
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
    expect(readJournal(file)!.entries).toEqual([{ seq: 1, at: '2026-11-27T10:00:00Z', actor: 'ops-kim', tab: 'errors', action: 'resolve', ids: [1] }]);
    expect((await durable.save()).ok).toBe(true);
    expect(fs.existsSync(journalPath(file))).toBe(false);
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
    expect(fs.existsSync(journalPath(file))).toBe(false);
    expect(await resolvedOnDisk('SELECT resolved FROM errors WHERE id = 1')).toBe(1);
    expect(await resolvedOnDisk("SELECT COUNT(*) FROM audit_log WHERE actor = 'ops-kim'")).toBe(2);
  });

  it('does not apply twice what the file already holds (crash after the save, before the journal went)', async () => {
    const db = await openSnapshot(file);
    const durable = new DurableActions(db, ctx);
    durable.act('orders', 'rerun', [1]);
    const journal = fs.readFileSync(journalPath(file));
    await durable.save();
    db.close();
    fs.writeFileSync(journalPath(file), journal); // the journal survived the crash
    const reopened = await openSnapshot(file);
    const txBefore = count(reopened, 'SELECT COUNT(*) FROM transactions');
    expect(recoverJournal(reopened).applied).toBe(0);
    expect(count(reopened, 'SELECT COUNT(*) FROM transactions')).toBe(txBefore);
    expect(fs.existsSync(journalPath(file))).toBe(false);
    reopened.close();
  });

  it('never overwrites a file changed on disk: keeps the actions, says so, and replays them on request', async () => {
    const db = await openSnapshot(file);
    const durable = new DurableActions(db, ctx);
    durable.act('errors', 'resolve', [1]);
    // Someone else saves the snapshot meanwhile.
    const other = await openSnapshot(file);
    other.run("UPDATE items SET description = 'changed elsewhere' WHERE sku = 'WID-100'");
    other.save();
    other.close();
    const theirs = fs.readFileSync(file);
    const report = await durable.save();
    expect(report.ok).toBe(false);
    expect(report.message).toMatch(/changed on disk.*amazon-logs replay/);
    expect(durable.act('errors', 'resolve', [2]).message).toMatch(/kept in the journal, not saved/);
    db.close();
    expect(fs.readFileSync(file).equals(theirs)).toBe(true);
    expect(readJournal(file)!.entries).toHaveLength(2);

    const reopened = await openSnapshot(file);
    const refused = recoverJournal(reopened);
    expect(refused.applied).toBe(0);
    expect(refused.message).toMatch(/changed since; `amazon-logs replay s.db` applies them/);
    expect(count(reopened, 'SELECT resolved FROM errors WHERE id = 1')).toBe(0);
    const replayed = recoverJournal(reopened, true);
    expect(replayed.applied).toBe(2);
    reopened.close();
    expect(await resolvedOnDisk('SELECT COUNT(*) FROM errors WHERE id IN (1, 2) AND resolved = 1')).toBe(2);
    expect(await resolvedOnDisk("SELECT COUNT(*) FROM items WHERE description = 'changed elsewhere'")).toBe(1);
  });

  it('ignores a torn last line (an append the crash cut short was never acknowledged)', async () => {
    const db = await openSnapshot(file);
    new DurableActions(db, ctx).act('errors', 'resolve', [1]);
    db.close();
    fs.appendFileSync(journalPath(file), '{"seq":2,"at":"2026-11-27T10:00:00Z","act');
    expect(readJournal(file)!.entries.map((e) => e.seq)).toEqual([1]);
  });
});
