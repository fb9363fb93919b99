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
import { hasJournal } from '../../src/db/index.js';
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

/** The dashboard's process: found by its --actor, which only it has. */
function pidOf(actor: string): number {
  return Number(execFileSync('pgrep', ['-f', '-n', '--', `--actor ${actor}`], { encoding: 'utf8' }).trim());
}

async function until(check: () => boolean, what: string, ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 2));
  }
}

describe.runIf(haveTmux())('a dashboard and a command on one file', () => {
  it("merges the dashboard's acknowledged action onto the file the command saved: both land, once", async () => {
    const [mine, theirs] = sql('SELECT order_ref FROM orders WHERE resolved = 0 ORDER BY order_ref LIMIT 2').split(
      '\n',
    );
    term = new RecordedTerminal(100, 30, dir);
    term.startCli([file, '--actor', 'e2e-dash']);
    await term.waitFor(/row 1 of \d+/);
    term.keys('/');
    term.type(mine!);
    term.keys('Enter');
    await term.waitFor(new RegExp(`^› ${mine}`, 'm'));
    term.keys('o');
    await term.waitFor('Mark as Resolved');
    term.keys('Down', 'Enter');
    // The action is acknowledged once its journal line is on disk; the save follows a pause later.
    await until(() => hasJournal(file), 'the journal line');
    const dash = pidOf('e2e-dash');
    process.kill(dash, 'SIGSTOP');
    try {
      expect(hasJournal(file)).toBe(true);
      expect(sql(`SELECT resolved FROM orders WHERE order_ref = '${mine}'`)).toBe('0');
      const command = cli(['resolve', 'orders', theirs!, '--db', file, '--actor', 'e2e-cli']);
      expect(command.code).toBe(0);
    } finally {
      process.kill(dash, 'SIGCONT');
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
    ).toBe('e2e-cli 1\ne2e-dash 1');
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
  t.startCli([file, '--actor', actor]);
  await t.waitFor(/row 1 of \d+/);
  t.keys('/');
  t.type(ref);
  t.keys('Enter');
  await t.waitFor(new RegExp(`^› ${ref}`, 'm'));
  t.keys('o');
  await t.waitFor('Mark as Resolved');
  t.keys('Down', 'Enter');
  await acknowledged();
}

describe.runIf(haveTmux())('two dashboards on one file', () => {
  it('each acknowledged action lands once: the second save merges onto the first', async () => {
    const [a, b] = sql('SELECT order_ref FROM orders WHERE resolved = 0 ORDER BY order_ref LIMIT 2 OFFSET 4').split(
      '\n',
    );
    term = new RecordedTerminal(100, 30, dir);
    other = new RecordedTerminal(100, 30, dir);
    // Stopped as soon as its journal line is written, before its save (a quarter of a second later) can start.
    await resolveInDashboard(term, 'e2e-anna', a!, () => until(() => hasJournal(file), "Anna's journal line"));
    // Anna's dashboard stops before its save; Ben acts and saves meanwhile.
    const anna = pidOf('e2e-anna');
    process.kill(anna, 'SIGSTOP');
    try {
      await resolveInDashboard(other!, 'e2e-ben', b!, () => other!.waitFor(`Marked order ${b} as resolved`));
      await until(() => sql(`SELECT resolved FROM orders WHERE order_ref = '${b}'`) === '1', "Ben's save", 30_000);
      expect(sql(`SELECT resolved FROM orders WHERE order_ref = '${a}'`)).toBe('0');
      expect(hasJournal(file)).toBe(true); // Anna's, untouched by Ben's save
    } finally {
      process.kill(anna, 'SIGCONT');
    }
    await term.waitFor('merged with changes made elsewhere', 45_000); // a loaded machine: the save waits for a pause in the requests (at most 15 s)
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
