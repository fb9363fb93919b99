/**
 * Teammates on one file, through the built binary: a dashboard whose
 * acknowledged action is not saved yet when a command saves the same file
 * merges its action onto the new version (the screen says so), and neither
 * change is lost or doubled. Several commands saving one file at once all land.
 */
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { hasJournal, journalPath, saveLockPath } from '../../src/db/index.js';
import { stampOf } from '../../src/db/stamp.js';
import { CLI, cli, haveTmux, RecordedTerminal } from './support.js';

let dir: string;
let file: string;
let term: RecordedTerminal | undefined;
let other: RecordedTerminal | undefined;
const sql = (q: string) => execFileSync('sqlite3', [file, q], { encoding: 'utf8' }).trim();

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'alogs-teammates-'));
  file = path.join(dir, 'shared.db');
  const made = cli(['demo', '--out', file, '--transactions', '3000', '--seed', '9']);
  if (made.code !== 0) throw new Error(made.stderr);
});
afterEach(() => {
  term?.stop();
  other?.stop();
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/**
 * Holds the lock every save of ours takes (as a teammate's save in progress
 * would): the dashboards' saves wait for it, so the test decides what happens
 * between an action and its save.
 */
function holdLock(): void {
  fs.writeFileSync(saveLockPath(file), JSON.stringify({ pid: process.pid, host: os.hostname(), started: '' }));
}
function releaseLock(): void {
  fs.rmSync(saveLockPath(file), { force: true });
}

async function until(check: () => boolean, what: string, ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 2));
  }
}

describe.runIf(haveTmux())('a dashboard and another program on one file', () => {
  it("merges the dashboard's acknowledged action onto the file another program saved: both land, once", async () => {
    const [mine, theirs] = sql('SELECT order_ref FROM orders WHERE resolved = 0 ORDER BY order_ref LIMIT 2').split(
      '\n',
    );
    term = new RecordedTerminal(100, 30, dir);
    await offerResolve(term, 'e2e-dash', mine!);
    holdLock();
    term.keys('Down', 'Enter');
    // The action is acknowledged once its journal line is on disk; its save waits for the lock this test holds.
    await until(() => hasJournal(file), 'the journal line');
    try {
      expect(sql(`SELECT resolved FROM orders WHERE order_ref = '${mine}'`)).toBe('0');
      // Another program saves the file meanwhile.
      sql(`UPDATE orders SET resolved = 1 WHERE order_ref = '${theirs}'`);
    } finally {
      releaseLock();
    }
    await term.waitFor('merged with changes made elsewhere', 45_000); // a loaded machine: the save waits for a pause in the requests (at most 15 s)
    await until(() => !hasJournal(file), 'the journal to go', 30_000);
    term.keys('q');
    await term.waitFor('[exited 0]');
    expect(
      sql(
        `SELECT order_ref || ' ' || resolved FROM orders WHERE order_ref IN ('${mine}', '${theirs}') ORDER BY order_ref`,
      ),
    ).toBe(`${mine} 1\n${theirs} 1`);
    expect(
      sql("SELECT actor || ' ' || COUNT(*) FROM audit_log WHERE actor LIKE 'e2e-%' GROUP BY actor ORDER BY actor"),
    ).toBe('e2e-dash 1');
    expect(sql('PRAGMA integrity_check')).toBe('ok');
  });
});

/** Starts a dashboard on the file and marks the order `ref` resolved; returns once `acknowledged` does. */
async function resolveInDashboard(
  t: RecordedTerminal,
  actor: string,
  ref: string,
  acknowledged: () => Promise<unknown>,
): Promise<void> {
  await offerResolve(t, actor, ref);
  t.keys('Down', 'Enter');
  await acknowledged();
}

/** Opens the dashboard as `actor` (`opened` waits for what its start says), finds order `ref` and opens its options. */
async function offerResolve(
  t: RecordedTerminal,
  actor: string,
  ref: string,
  opened: () => Promise<unknown> = async () => {},
): Promise<void> {
  t.startCli([file, '--actor', actor]);
  await opened();
  await t.waitFor(/row 1 of \d+/);
  t.keys('/');
  t.type(ref);
  t.keys('Enter');
  await t.waitFor(new RegExp(`^› ${ref}`, 'm'));
  t.keys('o');
  await t.waitFor('Mark as Resolved');
}

describe.runIf(haveTmux())('two dashboards on one file', () => {
  it('each acknowledged action lands once: the second save merges onto the first', async () => {
    const [a, b] = sql('SELECT order_ref FROM orders WHERE resolved = 0 ORDER BY order_ref LIMIT 2 OFFSET 4').split(
      '\n',
    );
    term = new RecordedTerminal(100, 30, dir);
    other = new RecordedTerminal(100, 30, dir);
    // Both act while a save of ours is in progress (the lock held): both saves wait, then run one after the other.
    holdLock();
    try {
      await resolveInDashboard(term, 'e2e-anna', a!, () => term!.waitFor(`Marked order ${a} as resolved`));
      await resolveInDashboard(other!, 'e2e-ben', b!, () => other!.waitFor(`Marked order ${b} as resolved`));
      expect(sql(`SELECT COUNT(*) FROM orders WHERE order_ref IN ('${a}', '${b}') AND resolved = 1`)).toBe('0');
    } finally {
      releaseLock();
    }
    // The second save finds the first one's file: it merges onto it, and says so.
    const merged = (s: string) => s.includes('merged with changes made elsewhere');
    const end = Date.now() + 45_000;
    while (!merged(term.screen()) && !merged(other.screen()) && Date.now() < end)
      await new Promise((r) => setTimeout(r, 100));
    expect(merged(term.screen()) || merged(other.screen())).toBe(true);
    await until(() => !hasJournal(file), 'the journals to go', 30_000);
    for (const t of [term, other]) {
      t.keys('q');
      await t.waitFor('[exited 0]');
    }
    expect(
      sql(`SELECT order_ref || ' ' || resolved FROM orders WHERE order_ref IN ('${a}', '${b}') ORDER BY order_ref`),
    ).toBe(`${a} 1\n${b} 1`);
    expect(
      sql(
        "SELECT actor || ' ' || COUNT(*) FROM audit_log WHERE actor IN ('e2e-anna', 'e2e-ben') GROUP BY actor ORDER BY actor",
      ),
    ).toBe('e2e-anna 1\ne2e-ben 1');
  });
});

describe.runIf(haveTmux())('after a crash and an edit elsewhere', () => {
  it("the next dashboard applies the dead session's actions onto the edited file, and its own later saves keep them", async () => {
    const [dead, mine] = sql(
      "SELECT order_ref FROM orders WHERE status = 'Error' AND resolved = 0 ORDER BY purchase_date DESC, id DESC LIMIT 2",
    ).split('\n');
    const deadId = sql(`SELECT id FROM orders WHERE order_ref = '${dead}'`);
    // What a killed dashboard left: its journal, its process gone.
    const session = 'dead0123beef';
    const header = {
      session,
      base: stampOf(file),
      file: path.basename(file),
      owner: { pid: 2 ** 22 + 777, host: os.hostname(), started: '' },
    };
    const entry = {
      seq: 1,
      at: '2026-11-27T10:00:00Z',
      actor: 'e2e-crashed',
      tab: 'orders',
      action: 'resolve',
      ids: [Number(deadId)],
    };
    fs.writeFileSync(journalPath(file, session), `${JSON.stringify(header)}\n${JSON.stringify(entry)}\n`);
    // Someone else edits the file meanwhile.
    sql("UPDATE settings SET value = '0' WHERE key = 'auto_process'");
    term = new RecordedTerminal(100, 30, dir);
    const t = term;
    await offerResolve(t, 'e2e-next', mine!, () =>
      t.waitFor(/re-applied 1 unsaved action\(s\) from an interrupted session and saved them/, 30_000),
    );
    t.keys('Down', 'Enter');
    await t.waitFor(`Marked order ${mine} as resolved`);
    await until(() => !hasJournal(file), 'the journals to go', 30_000);
    term.keys('q');
    await term.waitFor('[exited 0]');
    expect(
      sql(
        `SELECT order_ref || ' ' || resolved FROM orders WHERE order_ref IN ('${dead}', '${mine}') ORDER BY order_ref`,
      ),
    ).toBe([`${dead} 1`, `${mine} 1`].sort().join('\n'));
    expect(sql("SELECT value FROM settings WHERE key = 'auto_process'")).toBe('0');
    expect(
      sql(
        "SELECT actor || ' ' || COUNT(*) FROM audit_log WHERE actor IN ('e2e-crashed', 'e2e-next') GROUP BY actor ORDER BY actor",
      ),
    ).toBe('e2e-crashed 1\ne2e-next 1');
  });
});

describe('commands saving one file at once', () => {
  it('all land: each waits for the one in progress, none is refused and none overwrites another', async () => {
    const refs = sql('SELECT order_ref FROM orders WHERE resolved = 0 ORDER BY order_ref DESC LIMIT 6').split('\n');
    const runs = refs.map(
      (ref, i) =>
        new Promise<number | null>((resolve) => {
          const child = spawn(
            process.execPath,
            [CLI, 'resolve', 'orders', ref, '--db', file, '--actor', `e2e-many-${i}`],
            { stdio: 'ignore' },
          );
          child.on('exit', (code) => resolve(code));
        }),
    );
    const codes = await Promise.all(runs);
    // Each command holds the save lock from its read to its save: the others wait their turn, none is refused.
    expect(codes).toEqual(refs.map(() => 0));
    const landed = refs;
    const resolved = sql(
      `SELECT order_ref FROM orders WHERE resolved = 1 AND order_ref IN (${refs.map((r) => `'${r}'`).join(',')}) ORDER BY order_ref DESC`,
    );
    expect(resolved.split('\n').filter(Boolean)).toEqual(landed);
    expect(Number(sql("SELECT COUNT(*) FROM audit_log WHERE actor LIKE 'e2e-many-%'"))).toBe(landed.length);
    expect(fs.readdirSync(dir).filter((n) => n.endsWith('.save-lock') || n.endsWith('.tmp'))).toEqual([]);
  });
});
