import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cli } from '../cli/run-cli.js';
import { haveTmux, RecordedTerminal } from './support.js';

/**
 * No single value can stall a screen or a command: a producer's row with a 1 MB
 * message, a buyer name of half a million combining marks, a 1 MB SKU.
 */
let dir: string;
let file: string;
let term: RecordedTerminal | undefined;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'alogs-huge-'));
  file = path.join(dir, 'huge.db');
  const made = cli(['demo', '--out', file, '--transactions', '300', '--seed', '2']);
  if (made.code !== 0) throw new Error(made.stderr);
  execFileSync('sqlite3', [file], {
    input: `UPDATE transactions SET message = 'Huge: ' || replace(hex(zeroblob(500000)), '0', 'x') || ' the end' WHERE id = (SELECT max(id) FROM transactions);
            UPDATE orders SET buyer_name = replace(hex(zeroblob(250000)), '00', char(769)) WHERE id = (SELECT max(id) FROM orders);
            UPDATE errors SET sku = replace(hex(zeroblob(500000)), '0', 'S') WHERE id = (SELECT max(id) FROM errors);`,
  });
});
afterEach(() => term?.stop());
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('a value of a megabyte', () => {
  it('list prints a bounded table at once, and json the whole value', () => {
    for (const tab of ['logs', 'orders', 'errors']) {
      const started = Date.now();
      const r = cli(['list', tab, '--db', file, '--limit', '5']);
      expect(r.code, r.stderr).toBe(0);
      expect(Date.now() - started).toBeLessThan(30_000);
      for (const line of r.stdout.split('\n')) expect(line.length).toBeLessThan(2000);
    }
    const json = JSON.parse(cli(['list', 'logs', '--db', file, '--limit', '1', '--format', 'json']).stdout) as {
      message: string;
    }[];
    expect(json[0]!.message).toHaveLength('Huge: '.length + 1_000_000 + ' the end'.length);
  });

  it.runIf(haveTmux())('the dashboard draws it cut, opens it capped, and quits on q', async () => {
    term = new RecordedTerminal(100, 30, dir);
    term.startCli([file]);
    await term.waitFor(/row 1 of \d+/);
    term.keys('3');
    await term.waitFor(/› .*Huge: xxxx/);
    term.keys('Enter');
    // The message is capped: a few hundred lines to scroll, not thirteen thousand.
    const opened = await term.waitFor(/ Transaction \d+: .* lines 1-\d+ of (\d+)/);
    expect(Number(/ lines 1-\d+ of (\d+)/.exec(opened)![1])).toBeLessThan(1000);
    term.keys('G');
    await term.waitFor(/more characters\)/);
    term.keys('Escape', '4');
    await term.waitFor(/\[4 Errors/);
    await term.waitFor(/SSSSSSS…/);
    term.keys('q');
    await term.waitFor('[exited 0]');
  });
});
