/** The pictures and the columns left out, in a real 80x24 terminal, against what `amazon-logs stats` prints. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cli } from '../cli/run-cli.js';
import { haveTmux, RecordedTerminal as Terminal } from '../safety/support.js';

let dir: string;
let file: string;
let term: Terminal | undefined;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'alogs-glance-'));
  file = path.join(dir, 'demo.db');
  const made = cli(['demo', '--out', file, '--transactions', '600', '--seed', '4']);
  if (made.code !== 0) throw new Error(made.stderr);
});
afterEach(() => term?.stop());
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

interface Stats {
  days: { day: string; rows: number; failed: number }[];
}
const stats = (...args: string[]): Stats =>
  JSON.parse(cli(['stats', ...args, '--db', file, '--format', 'json']).stdout) as Stats;

describe.runIf(haveTmux())('at a glance, in a real terminal', () => {
  it('draws the Errors and Logs pictures with the figures stats prints, and the columns left out under the table', async () => {
    term = new Terminal(80, 24);
    term.startCli([file]);
    await term.waitFor(/row 1 of \d+/);
    term.keys('4');
    const errors = stats('errors').days.map((d) => d.rows);
    const line = (await term.waitFor(/^New errors\/day +\d+ /m)).split('\n')[2]!;
    expect(line).toMatch(
      new RegExp(`^New errors/day +${errors[0]} .{30} ${errors.at(-1)} +(peak ${Math.max(...errors)} on|none)`),
    );
    // The selected error's Tries, Tx and Severity (and Resolved, which whole codes leave no room for at 80), on the line under the table.
    expect(term.screen().split('\n')[19]).toMatch(
      /^ {2}(Resolved (Yes|No) · )?Tries \d+ · Tx \d+ · Severity (error|warning|info)/,
    );

    term.keys('h');
    await term.waitFor('Filters: Hide Resolved Exports');
    const open = stats('errors', '--hide-resolved').days.map((d) => d.rows);
    await term.waitFor((s) =>
      new RegExp(`^New errors/day +${open[0]} .{30} ${open.at(-1)} +(peak ${Math.max(...open)} on|none)`, 'm').test(s),
    );

    term.keys('3');
    const logs = stats('logs').days;
    const screen = await term.waitFor(/^Failed\/day +\d+ /m);
    const [total, failed] = screen.split('\n').slice(2, 4);
    expect(total).toMatch(new RegExp(`^Transactions/day +${logs[0]!.rows} .{30} ${logs.at(-1)!.rows} `));
    expect(failed).toMatch(new RegExp(`^Failed/day +${logs[0]!.failed} .{30} ${logs.at(-1)!.failed} `));
    expect(screen.split('\n')[4]).toMatch(/^ {2}Import Date UTC▼ +Type +Order ref \/ SKU +Status +Message/);
    // The article's other five columns, for the selected transaction, on the two lines under the table.
    const strip = screen.split('\n').slice(18, 20).join('\n');
    expect(strip).toMatch(
      /^ {2}(Start Date UTC \d{4}-\d\d-\d\d \d\d:\d\d:\d\d · End Date UTC \d{4}-\d\d-\d\d \d\d:\d\d:\d\d|Entity Type)/,
    );
    expect(strip).toMatch(
      /Entity Type (Order|Inventory|Fulfillment|SKU)( · |\n {2})Resolved (Yes|No) · Sync Type (Auto|Manual) *$/,
    );

    term.keys('E');
    const groups = await term.waitFor(/Open errors by cause: \d+ groups?/);
    expect(groups.split('\n')[3]).toMatch(/^ {2}Errors +Code +Pattern +14 days +Last seen +Pass/);
    term.keys('Escape', 'q');
    await term.waitFor('[exited 0]');
  });

  it('draws in ASCII where the locale is not UTF-8', async () => {
    term = new Terminal(80, 24);
    term.startCli([file], { LANG: 'C', LC_ALL: '', LC_CTYPE: '' });
    await term.waitFor(/row 1 of \d+/);
    term.keys('4');
    const line = (await term.waitFor(/^New errors\/day +\d+ /m)).split('\n')[2]!;
    expect(line).toMatch(/^New errors\/day +\d+ [ .:\-=+*#@]{30} \d+ /);
    expect(line).not.toMatch(/[▁▂▃▄▅▆▇█]/);
    term.keys('q');
    await term.waitFor('[exited 0]');
  });
});
