import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openSnapshot } from '../../src/db/index.js';
import { cli } from '../cli/run-cli.js';
import { haveTmux, RecordedTerminal as Terminal } from '../safety/support.js';

let dir: string;
let file: string;
let term: Terminal | undefined;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'alogs-e2e-'));
  file = path.join(dir, 'demo.db');
  const made = cli(['demo', '--out', file, '--transactions', '400', '--seed', '5']);
  if (made.code !== 0) throw new Error(made.stderr);
});
afterEach(() => term?.stop());
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** The line of the selected row (marked by ›). */
function selectedLine(screen: string): string {
  const line = screen.split('\n').find((l) => l.startsWith('›'));
  if (!line) throw new Error(`no selected row on screen:\n${screen}`);
  return line;
}

describe.runIf(haveTmux())('the dashboard in a real 80x24 terminal', () => {
  it('opens the demo, switches tabs, filters, toggles, resolves an order through the menu, quits; the file shows it', async () => {
    term = new Terminal(80, 24);
    term.startCli([file, '--actor', 'e2e-ops']);
    const first = await term.waitFor(/row 1 of \d+/);
    expect(first.split('\n')[0]).toMatch(/Orders \d+ open.*Inventory.*Logs.*Errors/);

    term.keys('4');
    await term.waitFor(/\[4 Errors \d+ open\]/);
    await term.waitFor('Code');
    term.keys('3');
    await term.waitFor(/\[3 Logs \d+ open\]/);

    // Keyword search on the Logs tab: every row shown is an inventory sync.
    term.keys('/');
    term.type('Inventory Sync');
    await term.waitFor('Keyword (Logs): Inventory Sync');
    term.keys('Enter');
    await term.waitFor('Keyword: "Inventory Sync"');
    const searched = await term.waitFor(/row 1 of (?!400\b)\d+/);
    const rows = searched.split('\n').filter((l) => /^[› ] \d{4}-\d{2}-\d{2} /.test(l));
    expect(rows.length).toBeGreaterThan(3);
    for (const r of rows) expect(r).toContain('Inventory Sync');

    term.keys('c');
    await term.waitFor('Filters: none');
    term.keys('h');
    await term.waitFor('Filters: Hide Resolved Exports');
    const hidden = await term.waitFor(/row 1 of (?!400\b)\d+/);
    expect(hidden).not.toMatch(/Success/);

    // Orders tab, errors only: pick the selected failed order and mark it resolved.
    term.keys('1');
    await term.waitFor(/\[1 Orders \d+ open\]/);
    term.keys('e');
    await term.waitForRowsOf('Filters: Show Errors Only');
    // An order with an error: a failed import, or a dropped order whose shipment confirmation fails.
    const before = selectedLine(await term.waitFor(/^› \d{3}-\d{7}-\d{7} .*(Error|Dropped) /m));
    const ref = /\d{3}-\d{7}-\d{7}/.exec(before)![0];
    expect(before).toMatch(/ No$/);
    const openBefore = Number(/\[1 Orders (\d+) open\]/.exec(term.screen())![1]);

    term.keys('o');
    await term.waitFor('Mark as Resolved');
    term.keys('Down', 'Enter');
    await term.waitFor(`Marked order ${ref} as resolved`);
    const after = await term.waitFor(`[1 Orders ${openBefore - 1} open]`);
    expect(after.split('\n')[0]).toContain('Orders');

    // Actions are in the journal, not yet in the file: q says so and asks (y writes them and quits).
    term.keys('q');
    await term.waitFor(/in the journal/);
    term.keys('y');
    await term.waitFor('[exited 0]');

    const snap = await openSnapshot(file);
    expect(snap.value('SELECT resolved FROM orders WHERE order_ref = ?', [ref])).toBe(1);
    expect(snap.get("SELECT actor, action, target_table FROM audit_log WHERE action = 'resolve'")).toEqual({
      actor: 'e2e-ops',
      action: 'resolve',
      target_table: 'orders',
    });
    snap.close();
  });

  it('says the terminal is too small below 80x24 and still quits on q', async () => {
    term = new Terminal(60, 20);
    term.startCli([file]);
    await term.waitFor(/too small/i);
    term.keys('q');
    await term.waitFor('[exited 0]');
  });

  it('opens the file on the database thread started ahead of the rest of the program', async () => {
    const state = path.join(dir, 'state');
    term = new Terminal(80, 24);
    term.startCli([file, '--read-only'], { AMAZON_LOGS_DEBUG: '1', XDG_STATE_HOME: state });
    await term.waitFor(/row 1 of \d+/);
    term.keys('q');
    await term.waitFor('[exited 0]');
    const log = fs.readFileSync(path.join(state, 'amazon-logs', 'debug.log'), 'utf8');
    expect(log).toMatch(/dashboard: opened .*demo\.db in \d+ ms on the database thread started ahead/);
  });

  it('reads the other tabs ahead while the first screen is read: a tab key then draws its rows at once, never "working…"', async () => {
    term = new Terminal(80, 24);
    term.startCli([file, '--read-only']);
    await term.waitForRowsOf('row 1 of');
    // The moment a person takes to read the first screen.
    await new Promise((r) => setTimeout(r, 2000));
    const before = term.raw().length;
    term.keys('2');
    const shown = await term.waitForRowsOf('[2 Inventory');
    await new Promise((r) => setTimeout(r, 300));
    expect(selectedLine(shown)).toMatch(/^› \d{4}-\d{2}-\d{2} /);
    const drawn = term.raw().subarray(before).toString('utf8');
    expect(drawn).toContain('Inventory');
    expect(drawn).not.toContain('working');
  });

  it('filters by part of a SKU, in any case, after the thread listed the SKU values: the rows sqlite3 finds', async () => {
    const [sku, count] = execFileSync(
      'sqlite3',
      [file, 'SELECT sku, COUNT(*) FROM inventory_log GROUP BY sku ORDER BY COUNT(*) DESC, sku LIMIT 1'],
      { encoding: 'utf8' },
    )
      .trim()
      .split('|');
    const part = sku!.slice(1, -1).toLowerCase();
    // The Inventory SKU# as documented: the SKU, or either side of its link, has the text (bound, not spliced in).
    const expected = Number(
      execFileSync(
        'sqlite3',
        [
          '-cmd',
          `.parameter set :part '%${part}%'`,
          file,
          `SELECT COUNT(*) FROM inventory_log WHERE sku LIKE :part
             OR sku IN (SELECT amazon_sku FROM sku_links WHERE item_sku LIKE :part)
             OR sku IN (SELECT item_sku FROM sku_links WHERE amazon_sku LIKE :part)`,
        ],
        { encoding: 'utf8' },
      ),
    );
    expect(expected).toBeGreaterThanOrEqual(Number(count));
    term = new Terminal(80, 24);
    term.startCli([file, '--read-only']);
    await term.waitForRowsOf('row 1 of');
    term.keys('2');
    await term.waitForRowsOf('[2 Inventory');
    // A pause (the thread lists the SKU values while nothing is asked), then the form, as a person fills it.
    await new Promise((r) => setTimeout(r, 1500));
    term.keys('f');
    await term.waitFor('SKU#');
    term.type(part);
    await term.waitFor(part);
    term.keys('Enter');
    const shown = await term.waitForRowsOf(`row 1 of ${expected}`);
    const rows = shown.split('\n').filter((l) => /^[› ] \d{4}-\d{2}-\d{2} /.test(l));
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows.filter((l) => !l.includes('…'))) expect(r.toLowerCase()).toContain(part);
  });

  it('ends at once with one line on a missing file: the thread started ahead keeps nothing running', async () => {
    term = new Terminal(80, 24);
    const started = Date.now();
    term.startCli([path.join(dir, 'missing.db')]);
    const screen = await term.waitFor('[exited 2]', 5000);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(screen).toMatch(/^amazon-logs: .*missing\.db/m);
  });
});
