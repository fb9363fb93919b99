import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LIFECYCLE_ROWS as ROWS } from '../fixtures/lifecycle.js';
import { cli } from './run-cli.js';

let dir: string;
let file: string;
const sql = (q: string) => execFileSync('sqlite3', [file, q]).toString().trim();
const csvIds = (stdout: string) =>
  stdout
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => Number(l.split(',')[0]));
const run = (args: string[]) => cli([...args, '--db', file]);

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'alogs-lifecycle-'));
  file = path.join(dir, 'produced.db');
  execFileSync('sqlite3', [file], { input: fs.readFileSync('data/schema.sql', 'utf8') + ROWS });
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('the error lifecycle from the command line, on a snapshot written by sqlite3', () => {
  it('settings are shown read-only; process with auto_process 0 leaves every order Pending', () => {
    const settings = run(['settings']);
    expect(settings.code, settings.stderr).toBe(0);
    expect(settings.stdout).toMatch(/^auto_process +0 +'1': the schedule imports new orders itself/m);
    expect(settings.stdout).toMatch(/^default_sku +- +ERP item for unlinked Amazon SKUs .*\(not set: none\)$/m);
    const before = fs.readFileSync(file);
    expect(JSON.parse(run(['settings', '--format', 'json']).stdout)).toContainEqual({
      key: 'ship_store',
      value: 'MAIN',
      meaning: expect.any(String),
    });
    expect(fs.readFileSync(file).equals(before)).toBe(true);

    const waiting = run(['process', '--actor', 'scheduler']);
    expect(waiting.code, waiting.stderr).toBe(0);
    expect(waiting.stdout.trim()).toBe(
      "Nothing to process; 12 orders wait for a user (auto_process is '0'; Process now in the dashboard)",
    );
    expect(sql("SELECT COUNT(*) FROM orders WHERE status = 'Pending'")).toBe('12');
    expect(sql('SELECT COUNT(*) FROM transactions')).toBe('1');
  });

  it('process with auto_process 1 runs the queued run in its row, imports the rest, and skips the canceled and the pre-start order', () => {
    sql("UPDATE settings SET value = '1' WHERE key = 'auto_process'");
    const r = run(['process', '--actor', 'scheduler']);
    expect(r.stdout.trim()).toBe(
      'Processed 12 runs: 5 succeeded, 6 still failing (ORD_SHIP_SERVICE_UNMAPPED x6, ORD_SKU_UNLINKED x4), 1 still pending on Amazon',
    );
    expect(r.code).toBe(1);
    // The queued row was processed in place, keeping its import date.
    expect(
      sql("SELECT status || ' ' || import_date || ' ' || (start_date IS NOT NULL) FROM transactions WHERE id = 1"),
    ).toBe('Success 2026-11-03T13:05:00Z 1');
    expect(sql("SELECT COUNT(*) FROM audit_log WHERE action = 'process' AND actor = 'scheduler'")).toBe('12');
    const skipped = run(['list', 'orders', '--status', 'skipped', '--format', 'csv']);
    expect(csvIds(skipped.stdout).sort()).toEqual([7, 8]);
    expect(sql('SELECT skip_reason FROM orders WHERE id IN (7, 8) ORDER BY id')).toBe(
      'canceled on Amazon\npurchased before the integration start date (2026-01-01 00:00:00)',
    );
    // A skipped order is resolved: not open, not among the errors.
    expect(csvIds(run(['list', 'orders', '--hide-resolved', '--format', 'csv']).stdout).sort((a, b) => a - b)).toEqual([
      1, 2, 3, 4, 5, 6, 11,
    ]);
  });

  it('refuses a status the tab does not have, naming the ones it has (exit 2)', () => {
    for (const bad of ['Bogus', 'error']) {
      const r = run(['list', bad === 'error' ? 'inventory' : 'orders', '--status', bad]);
      expect(r.code).toBe(bad === 'error' ? 0 : 2);
      if (bad === 'Bogus')
        expect(r.stderr.trim()).toBe(
          'amazon-logs: unknown status "Bogus" for the orders tab (one of: Pending, Dropped, Error, Skipped)',
        );
    }
    expect(run(['list', 'errors', '--status', 'Error']).stderr.trim()).toBe(
      'amazon-logs: the errors tab has no status filter',
    );
  });

  it('five re-runs of one failing order leave one open error for its problem', () => {
    for (let i = 0; i < 5; i++) expect(run(['rerun', 'orders', '1', '--actor', 'anna']).code).toBe(1);
    const open = run([
      'list',
      'errors',
      '--order',
      '111-0000001-0000001',
      '--hide-resolved',
      '--errors-only',
      '--format',
      'csv',
    ]);
    expect(csvIds(open.stdout)).toHaveLength(1);
    expect(sql("SELECT COUNT(*) FROM errors WHERE order_ref = '111-0000001-0000001'")).toBe('6');
    expect(sql("SELECT COUNT(*) FROM audit_log WHERE action = 'rerun' AND actor = 'anna'")).toBe('5');
    // The table counts the attempts of the problem.
    const table = run(['list', 'errors', '--order', '111-0000001-0000001', '--hide-resolved']);
    expect(table.stdout).toMatch(/ORD_SHIP_SERVICE_UNMAPPED .* No +6 /);
  });

  it('a bulk re-run of 10 errors of 6 orders runs 6 and counts problems', () => {
    const picked = csvIds(run(['list', 'errors', '--hide-resolved', '--errors-only', '--format', 'csv']).stdout);
    expect(picked).toHaveLength(10);
    const before = Number(sql('SELECT COUNT(*) FROM transactions'));
    const r = run(['rerun', 'errors', '--hide-resolved', '--errors-only', '--actor', 'anna']);
    expect(r.stdout.trim()).toBe(
      'Re-ran 6 problems (10 errors): 0 succeeded, 6 still failing (ORD_SHIP_SERVICE_UNMAPPED x6, ORD_SKU_UNLINKED x4)',
    );
    expect(r.code).toBe(1);
    expect(Number(sql('SELECT COUNT(*) FROM transactions')) - before).toBe(6);
    expect(csvIds(run(['list', 'errors', '--hide-resolved', '--errors-only', '--format', 'csv']).stdout)).toHaveLength(
      10,
    );
  });

  it('a failed shipment confirmation keeps its dropped order open; a confirmed shipment is never sent twice', () => {
    sql(`INSERT INTO transactions(type, entity_type, direction, order_ref, import_date, status, payload) VALUES
      ('Fulfillment Update', 'Fulfillment', 'Xoro to Amazon', '111-0000009-0000009', '2026-11-04T11:00:00Z', 'Pending', '{"order_ref":"111-0000009-0000009"}'),
      ('Fulfillment Update', 'Fulfillment', 'Xoro to Amazon', '111-0000010-0000010', '2026-11-04T11:00:00Z', 'Pending', '{"order_ref":"111-0000010-0000010"}');`);
    const r = run(['process']);
    expect(r.stdout).toMatch(
      /^Processed 3 runs: 1 succeeded, 1 still failing \(FUL_MISSING_FIELD x1\), 1 still pending on Amazon$/m,
    );
    expect(sql("SELECT COUNT(*) FROM outbox WHERE feed_type = 'SHIPMENT_CONFIRMATION'")).toBe('1');
    // Order 10 is dropped but its confirmation fails: open, under Hide Resolved and Show Errors Only.
    expect(sql("SELECT status || ' ' || resolved FROM orders WHERE id = 10")).toBe('Dropped 0');
    expect(csvIds(run(['list', 'orders', '--hide-resolved', '--errors-only', '--format', 'csv']).stdout)).toContain(10);
    const confirmed = sql("SELECT id FROM transactions WHERE type = 'Fulfillment Update' AND status = 'Success'");
    for (let i = 0; i < 3; i++) {
      const again = run(['rerun', 'logs', confirmed]);
      expect(again.code).toBe(0);
      expect(again.stdout).toContain(
        'nothing to do: shipment 1Z999AA10123456784 already confirmed to Amazon by transaction',
      );
    }
    expect(sql("SELECT COUNT(*) FROM outbox WHERE feed_type = 'SHIPMENT_CONFIRMATION'")).toBe('1');
    expect(sql("SELECT COUNT(*) FROM errors WHERE code = 'FUL_DUPLICATE' AND severity = 'info'")).toBe('3');
  });

  it('"would pass now" equals what a re-run then does, row by row', { timeout: 180_000 }, () => {
    const mapped = run(['map-ship-service', 'FreeEconomy', 'GROUND', '--actor', 'anna']);
    expect(mapped.code, mapped.stderr).toBe(0);
    expect(mapped.stdout.trim()).toBe('Ship service mapped FreeEconomy to GROUND');
    expect(mapped.stderr).toMatch(
      /^amazon-logs: 6 open problem\(s\) that failed on FreeEconomy; re-run them with: amazon-logs rerun logs( \d+){6}\n$/,
    );
    const open = JSON.parse(run(['list', 'errors', '--hide-resolved', '--errors-only', '--format', 'json']).stdout) as {
      id: number;
      transaction_id: number;
    }[];
    const passing = new Set(
      (JSON.parse(run(['list', 'errors', '--would-pass', '--format', 'json']).stdout) as { id: number }[]).map(
        (e) => e.id,
      ),
    );
    // Orders 1 and 6 only lacked the mapping; 2-5 still have an unlinked SKU; 10 still lacks a tracking number.
    expect(open.filter((e) => passing.has(e.id)).map((e) => e.transaction_id)).toHaveLength(2);
    const byTransaction = new Map<number, boolean>();
    for (const e of open)
      byTransaction.set(e.transaction_id, passing.has(e.id) || (byTransaction.get(e.transaction_id) ?? false));
    expect(byTransaction.size).toBeGreaterThan(5);
    for (const [tx, predicted] of byTransaction) {
      const rerun = run(['rerun', 'logs', String(tx)]);
      expect(rerun.code === 0, `transaction ${tx}: predicted ${predicted ? 'pass' : 'fail'}, got ${rerun.stdout}`).toBe(
        predicted,
      );
    }
  });

  it('links the SKU from the command line, then re-runs what failed on it', () => {
    const refused = run(['link-sku', 'AMZ-1', 'ERP-2']);
    expect(refused.stderr.trim()).toBe(
      'amazon-logs: AMZ-1 is linked to ERP-1; pass --relink to link it to ERP-2 instead',
    );
    expect(refused.code).toBe(2);
    const unknownItem = run(['link-sku', 'AMZ-1', 'ERP-2', '--relink']);
    expect(unknownItem.stderr.trim()).toBe('amazon-logs: no ERP item "ERP-2"');
    expect(unknownItem.code).toBe(2);
    expect(sql("SELECT item_sku FROM sku_links WHERE amazon_sku = 'AMZ-1'")).toBe('ERP-1');
    const linked = run(['link-sku', 'AMZ-X', 'ERP-1', '--rerun', '--actor', 'anna']);
    expect(linked.stdout).toMatch(
      /^Linked AMZ-X to ERP-1 \(transaction \d+\)\nRe-ran 4 transactions: 4 succeeded, 0 still failing\n$/,
    );
    expect(linked.code).toBe(0);
    expect(sql("SELECT COUNT(*) FROM orders WHERE status = 'Dropped'")).toBe('9');
    expect(sql("SELECT COUNT(*) FROM errors WHERE resolved = 0 AND severity = 'error'")).toBe('1');
    expect(sql('PRAGMA integrity_check;')).toBe('ok');
  });
});
