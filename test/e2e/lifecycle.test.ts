import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cli } from '../cli/run-cli.js';
import { LIFECYCLE_ROWS } from '../fixtures/lifecycle.js';
import { haveTmux, RecordedTerminal } from '../safety/support.js';

let dir: string;
let file: string;
let term: RecordedTerminal | undefined;
const sql = (q: string) => execFileSync('sqlite3', [file, q]).toString().trim();

/** The producer's file after the schedule ran twice: six orders failing, one dropped order whose confirmation fails. */
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'alogs-e2e-life-'));
  file = path.join(dir, 'produced.db');
  execFileSync('sqlite3', [file], { input: fs.readFileSync('data/schema.sql', 'utf8') + LIFECYCLE_ROWS });
  sql("UPDATE settings SET value = '1' WHERE key = 'auto_process'");
  cli(['process', '--db', file]);
  sql(`INSERT INTO transactions(type, entity_type, direction, order_ref, import_date, status, payload) VALUES
    ('Fulfillment Update', 'Fulfillment', 'Xoro to Amazon', '111-0000009-0000009', '2026-11-04T11:00:00Z', 'Pending', '{"order_ref":"111-0000009-0000009"}'),
    ('Fulfillment Update', 'Fulfillment', 'Xoro to Amazon', '111-0000010-0000010', '2026-11-04T11:00:00Z', 'Pending', '{"order_ref":"111-0000010-0000010"}');`);
  cli(['process', '--db', file]);
});
afterEach(() => term?.stop());
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe.runIf(haveTmux())('the error lifecycle in the dashboard, in a real terminal', () => {
  it('counts problems, re-runs 10 errors of 6 orders as 6, maps the service level in place, and asks before re-running a success', async () => {
    term = new RecordedTerminal(120, 30, dir);
    term.startCli([file, '--actor', 'e2e-life']);
    // Six failed imports and one dropped order whose confirmation fails are open.
    await term.waitFor(/\[1 Orders 7 open\]/);
    term.keys('h');
    await term.waitFor('Filters: Hide Resolved Exports');
    const open = await term.waitFor(/row 1 of 8\b/);
    expect(open).toMatch(/111-0000010-0000010 .* Dropped/);
    expect(open).toMatch(/111-0000011-0000011 .* Pending +waiting \d+d/);

    // The Errors tab, open errors of orders 1-6: ten errors of six problems.
    term.keys('4');
    await term.waitFor(/\[4 Errors 11 open\]/);
    term.keys('h');
    await term.waitFor('Filters: Hide Resolved Exports');
    term.keys('f');
    await term.waitFor('Filters for Errors');
    term.keys('Down');
    await term.waitFor(/› Order ref/);
    term.type('111-000000');
    term.keys('Enter');
    await term.waitFor(/row 1 of 10\b/);
    term.keys('*');
    await term.waitFor('10 marked errors');
    term.keys('o', '1');
    await term.waitFor('Re-Run 10 marked errors? y runs it');
    term.keys('y');
    await term.waitFor(
      'Re-ran 6 problems (10 errors): 0 succeeded, 6 still failing (ORD_SHIP_SERVICE_UNMAPPED x6, ORD_SKU_UNLINKED x4)',
    );
    await term.waitFor(/\[4 Errors 11 open\]/);
    // Each problem had two attempts now.
    expect(await term.waitFor(/row 1 of 10\b/)).toMatch(/ORD_SHIP_SERVICE_UNM\S* .* No +2 /);

    // Map the service level from one of its errors, then re-run what failed on it.
    term.keys('c');
    await term.waitFor('Filters: none');
    term.keys('f');
    await term.waitFor('Filters for Errors');
    term.type('ORD_SHIP_SERVICE_UNMAPPED');
    term.keys('Enter');
    await term.waitFor(/row 1 of 12\b/);
    term.keys('h');
    await term.waitFor(/row 1 of 6\b/);
    term.keys('o');
    await term.waitFor('Fix: Map ship service… service level FreeEconomy (not mapped yet)');
    term.keys('4');
    await term.waitFor('ERP ship-via code:');
    term.type('GROUND');
    term.keys('Enter');
    await term.waitFor('Ship service mapped FreeEconomy to GROUND; 6 open problems failed on it');
    await term.waitFor('Re-Run the 6 open problems that failed on FreeEconomy? y runs it');
    term.keys('y');
    await term.waitFor('Re-ran 6 transactions: 2 succeeded, 4 still failing (ORD_SKU_UNLINKED x4)');

    // A dropped order: Re-Run asks first, and n leaves it.
    term.keys('1', 'c');
    await term.waitFor('Filters: none');
    term.keys('/');
    term.type('111-0000009');
    term.keys('Enter');
    await term.waitFor(/› 111-0000009-0000009 .* Dropped/);
    term.keys('o', '1');
    await term.waitFor('order 111-0000009-0000009 already succeeded: Re-Run anyway? y runs it');
    term.keys('n');
    await term.waitFor('Filters: Keyword');

    term.keys('i');
    await term.waitFor(/auto_process +1 +'1': the schedule imports new orders itself/);
    term.keys('Escape', 'q');
    await term.waitFor(/in the journal/);
    term.keys('y');
    await term.waitFor('[exited 0]');

    expect(sql("SELECT COUNT(*) FROM audit_log WHERE actor = 'e2e-life' AND action = 'rerun'")).toBe('12');
    expect(sql("SELECT COUNT(*) FROM audit_log WHERE actor = 'e2e-life' AND action = 'map-ship-service'")).toBe('1');
    expect(sql("SELECT ship_via FROM ship_methods WHERE service_level = 'FreeEconomy'")).toBe('GROUND');
    expect(
      sql("SELECT COUNT(*) FROM transactions WHERE order_ref = '111-0000009-0000009' AND type = 'Order Import'"),
    ).toBe('1');
    expect(sql("SELECT COUNT(*) FROM errors WHERE resolved = 0 AND severity = 'error'")).toBe('5');
  });

  it("Process now runs a Pending order at a user's request when auto_process is 0", async () => {
    const waiting = path.join(dir, 'waiting.db');
    execFileSync('sqlite3', [waiting], { input: fs.readFileSync('data/schema.sql', 'utf8') + LIFECYCLE_ROWS });
    term = new RecordedTerminal(120, 30, dir);
    term.startCli([waiting, '--actor', 'e2e-life']);
    await term.waitFor(/› 111-0000012-0000012 .* Pending +waiting/);
    term.keys('o');
    await term.waitFor('5. Process now');
    term.keys('5');
    await term.waitFor('Processed order 111-0000012-0000012: dropped as SO-000001');
    // Actions are in the journal, not yet in the file: q says so and asks (y writes them and quits).
    term.keys('q');
    await term.waitFor(/in the journal/);
    term.keys('y');
    await term.waitFor('[exited 0]');
    // The queued run was processed in its own row, by hand.
    expect(
      execFileSync('sqlite3', [waiting, "SELECT status || ' ' || sync_type FROM transactions"]).toString().trim(),
    ).toBe('Success Manual');
  });
});
