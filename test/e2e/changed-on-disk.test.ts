/**
 * The dashboard reads its file as the screen needs it, for as long as it runs:
 * when another program writes the file meanwhile, the built binary in a real
 * terminal says so, refuses actions, shows nothing of the new version until R
 * reopens it, and never writes the file.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { hasJournal } from '../../src/db/index.js';
import { cli } from '../cli/run-cli.js';
import { haveTmux, RecordedTerminal } from '../safety/support.js';

let dir: string;
let file: string;
let term: RecordedTerminal | undefined;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'alogs-e2e-changed-'));
  file = path.join(dir, 'demo.db');
  const made = cli(['demo', '--out', file, '--transactions', '3000', '--seed', '8']);
  if (made.code !== 0) throw new Error(made.stderr);
});
afterEach(() => term?.stop());
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const NEW_REF = '999-0000000-0000001';

describe.runIf(haveTmux())('a file another program writes while the dashboard shows it', () => {
  it('is named as changed on disk at the next key, actions are refused, and R shows the new version', async () => {
    term = new RecordedTerminal(100, 30, dir);
    term.startCli([file, '--actor', 'e2e-changed']);
    const first = await term.waitFor(/row 1 of \d+/);
    const newest = /^› (\d{3}-\d{7}-\d{7})/m.exec(first)![1]!;

    // Another program writes in place: the newest order gets another order number.
    execFileSync('sqlite3', [file, `UPDATE orders SET order_ref = '${NEW_REF}' WHERE order_ref = '${newest}'`]);
    const theirs = fs.readFileSync(file);

    term.keys('2');
    const stale = await term.waitFor('CHANGED ON DISK');
    expect(stale).toMatch(
      /✗ demo\.db changed on disk \(another program wrote to it\): actions are refused; R reopens it/,
    );
    expect(stale).toContain('R reopen');

    term.keys('1');
    await term.waitFor('[1 Orders');
    term.keys('o');
    await term.waitFor(/✗ .*changed on disk.*R reopens it/);
    expect(term.screen()).not.toContain('Mark as Resolved');
    // Nothing of the new version is shown before reopening.
    expect(term.screen()).not.toContain(NEW_REF);

    term.keys('R');
    await term.waitFor('Reopened');
    const reopened = await term.waitFor(NEW_REF);
    expect(reopened).not.toContain('CHANGED ON DISK');

    term.keys('q');
    await term.waitFor('[exited 0]');
    expect(fs.readFileSync(file).equals(theirs)).toBe(true);
    expect(hasJournal(file)).toBe(false);
  });
});
