/**
 * A full disk under the dashboard, through the built binary on a small tmpfs:
 * an action whose journal line cannot be written is refused and undone (never
 * saved later), and once there is room again the next one is journaled, saved,
 * and the only one in the file.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { hasJournal } from '../../src/db/index.js';
import { cli, haveTmux, RecordedTerminal } from './support.js';

let dir: string;
let mnt: string;
let mounted = false;
let term: RecordedTerminal | undefined;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'alogs-full-'));
  mnt = path.join(dir, 'mnt');
  fs.mkdirSync(mnt);
  mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=16m', 'tmpfs', mnt]).status === 0;
});
afterEach(() => term?.stop());
afterAll(() => {
  if (mounted) spawnSync('umount', ['-l', mnt]);
  fs.rmSync(dir, { recursive: true, force: true });
});

const sql = (file: string, q: string) => execFileSync('sqlite3', [file, q], { encoding: 'utf8' }).trim();

/** Fills the file system to the last byte. */
function fill(): string {
  const filler = path.join(mnt, 'filler');
  spawnSync('dd', ['if=/dev/zero', `of=${filler}`, 'bs=64k'], { stdio: 'ignore' });
  return filler;
}

describe.runIf(haveTmux())('a full disk under the dashboard', () => {
  it('refuses the action whose journal line cannot be written, and saves the next one once there is room', async (ctx) => {
    if (!mounted) ctx.skip(); // mounting a tmpfs needs root
    const file = path.join(mnt, 's.db');
    const made = cli(['demo', '--out', path.join(dir, 's.db'), '--transactions', '3000', '--seed', '13']);
    expect(made.code).toBe(0);
    fs.copyFileSync(path.join(dir, 's.db'), file);
    term = new RecordedTerminal(100, 30, dir);
    term.startCli([file, '--actor', 'e2e-full']);
    await term.waitFor(/row 1 of \d+/);
    term.keys('e');
    const ref = /^› (\d{3}-\d{7}-\d{7})/m.exec(await term.waitForRowsOf('Filters: Show Errors Only'))![1]!;
    // The integrity check runs before the first change: let it finish while there is room.
    term.keys('o');
    await term.waitFor('Mark as Resolved');
    term.keys('Escape');
    await term.waitFor((s) => !s.includes('Mark as Resolved'));

    const filler = fill();
    term.keys('o');
    await term.waitFor('Mark as Resolved');
    term.keys('Down', 'Enter');
    await term.waitFor(/not done: its journal line could not be written \(the disk is full\); nothing changed/);
    expect(hasJournal(file)).toBe(false);
    expect(term.screen()).toMatch(new RegExp(`^› ${ref} .*\\bNo\\b`, 'm'));

    fs.rmSync(filler);
    term.keys('o');
    await term.waitFor('Mark as Resolved');
    term.keys('Down', 'Enter');
    await term.waitFor(`Marked order ${ref} as resolved`);
    const end = Date.now() + 15_000;
    while (Date.now() < end && sql(file, `SELECT resolved FROM orders WHERE order_ref = '${ref}'`) !== '1')
      await new Promise((r) => setTimeout(r, 100));
    term.keys('q');
    await term.waitFor('[exited 0]');
    expect(sql(file, `SELECT resolved FROM orders WHERE order_ref = '${ref}'`)).toBe('1');
    expect(sql(file, "SELECT COUNT(*) FROM audit_log WHERE actor = 'e2e-full'")).toBe('1');
    expect(hasJournal(file)).toBe(false);
    expect(sql(file, 'PRAGMA integrity_check')).toBe('ok');
  });
});
