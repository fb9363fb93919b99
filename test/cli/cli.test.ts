import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openSnapshot } from '../../src/db/index.js';
import { addLink, count, triageSnapshotAt } from '../fixtures.js';
import { cli } from './run-cli.js';

let dir: string;
let file: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'alogs-cli-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
beforeEach(async () => {
  file = await triageSnapshotAt(path.join(dir, `s-${Math.random().toString(36).slice(2)}.db`));
});

const oneLineError = (r: { code: number | null; stderr: string; stdout: string }) => {
  expect(r.code).toBe(2);
  expect(r.stdout).toBe('');
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
  expect(r.stderr).toMatch(/^amazon-logs: /);
  expect(r.stderr).not.toMatch(/\n\s+at /);
};

describe('amazon-logs CLI', () => {
  it('prints help and version', () => {
    const help = cli(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('amazon-logs list TAB');
    const version = cli(['--version']);
    expect(version.stdout.trim()).toBe(JSON.parse(fs.readFileSync('package.json', 'utf8')).version);
  });

  it('starts without a warning when NODE_EXTRA_CA_CERTS names a missing file (it opens no TLS connection)', () => {
    // Node 20 reads the certificates as it starts, before any of the program's code runs: the launcher drops the variable.
    const version = cli(['--version'], { NODE_EXTRA_CA_CERTS: path.join(dir, 'missing-ca.pem') });
    expect(version.code).toBe(0);
    expect(version.stderr).toBe('');
    expect(version.stdout.trim()).toBe(JSON.parse(fs.readFileSync('package.json', 'utf8')).version);
  });

  it('builds string-width (and its emoji regex) only for text beyond what it counts itself', async () => {
    const probe = { NODE_OPTIONS: `--import=${new URL('./emoji-regex-probe.mjs', import.meta.url).href}` };
    const plain = cli(['list', 'orders', '--db', file], probe);
    expect(plain.code, plain.stderr).toBe(0);
    expect(plain.stderr).toContain('emoji regexes built: 0');
    const snap = await openSnapshot(file);
    snap.run('UPDATE orders SET buyer_name = ? WHERE id = (SELECT MIN(id) FROM orders)', ['東京 🚀']);
    snap.save();
    snap.close();
    const wide = cli(['list', 'orders', '--db', file], probe);
    expect(wide.code, wide.stderr).toBe(0);
    expect(wide.stdout).toContain('東京 🚀');
    expect(wide.stderr).toContain('emoji regexes built: 1');
  });

  it('reports bad arguments as one line with exit status 2', () => {
    oneLineError(cli(['list', 'shipments', '--db', file]));
    oneLineError(cli(['list', 'orders', '--db', file, '--bogus']));
    oneLineError(cli(['list', 'logs', '--db', file, '--from', 'last tuesday']));
    oneLineError(cli(['list', 'logs', '--db', file, '--type', 'Refund']));
    oneLineError(cli(['list', 'orders', '--db', file, '--limit', '0']));
    oneLineError(cli(['show', 'orders', '999', '--db', file]));
    oneLineError(cli(['resolve', 'orders', '--db', file]));
    oneLineError(cli(['demo']));
  });

  it('refuses the demo dashboard without a terminal before writing the demo: one line, no file', () => {
    const cache = fs.mkdtempSync(path.join(dir, 'cache-'));
    oneLineError(cli(['demo'], { XDG_CACHE_HOME: cache }));
    expect(fs.readdirSync(cache)).toEqual([]);
    // --path needs no terminal: it writes the demo and prints its name.
    const named = cli(['demo', '--path'], { XDG_CACHE_HOME: cache });
    expect(named.code).toBe(0);
    expect(fs.existsSync(named.stdout.trim())).toBe(true);
  });

  it('reports a bad file as one line naming it, and leaves it unchanged', () => {
    const text = path.join(dir, 'notes.txt');
    fs.writeFileSync(text, 'not a database\n');
    const r = cli(['list', 'orders', '--db', text]);
    oneLineError(r);
    expect(r.stderr).toContain(text);
    expect(fs.readFileSync(text, 'utf8')).toBe('not a database\n');
    oneLineError(cli(['resolve', 'orders', '1', '--db', path.join(dir, 'missing.db')]));
  });

  it('lists a tab as a table with row ids, filtered', () => {
    const r = cli(['list', 'orders', '--db', file, '--hide-resolved']);
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^Id\s+Order#\s+Purchased\s+Status/);
    expect(r.stdout).toContain('112-0000001-0000001');
    expect(r.stdout).toContain('114-0000003-0000003');
    expect(r.stdout).not.toContain('113-0000002-0000002');
    expect(lines).toHaveLength(3);
    // The footer is a note: on stderr, out of a pipe's data.
    expect(r.stderr.trim()).toBe('(2 rows)');
  });

  it('lists as JSON and CSV with the same rows as the filter', () => {
    const json = JSON.parse(
      cli(['list', 'logs', '--db', file, '--type', 'inventory-sync', '--format', 'json']).stdout,
    ) as { sku: string }[];
    expect(json.map((r) => r.sku)).toEqual(['AMZ-BLUE', 'AMZ-RED']);
    const csv = cli(['list', 'errors', '--db', file, '--errors-only', '--format', 'csv']).stdout.trim().split('\n');
    expect(csv[0]).toBe('id,created_at,code,message,order_ref,sku,transaction_id,resolved,severity,superseded_by');
    expect(csv).toHaveLength(3);
    expect(csv[1]).toContain('INV_NEGATIVE_QTY');
  });

  it('shows a record with its errors and transactions', () => {
    const r = cli(['show', 'orders', '1', '--db', file]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Order 112-0000001-0000001');
    expect(r.stdout).toContain('ORD_SKU_UNLINKED');
    expect(r.stdout).toMatch(/AMZ-GHOST .*not linked/);
    const json = JSON.parse(cli(['show', 'errors', '1', '--db', file, '--format', 'json']).stdout) as {
      record: { code: string };
      payload: { AmazonOrderId: string };
    };
    expect(json.record.code).toBe('ORD_SKU_UNLINKED');
    expect(json.payload.AmazonOrderId).toBe('112-0000001-0000001');
  });

  it('resolves rows, saves the file, and records the actor', async () => {
    const r = cli(['resolve', 'errors', '1', '--db', file, '--actor', 'ops-bob']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Marked error 1 as resolved');
    const snap = await openSnapshot(file);
    expect(count(snap, 'SELECT resolved FROM errors WHERE id = 1')).toBe(1);
    expect(snap.get('SELECT actor, action, target_table, target_id FROM audit_log')).toEqual({
      actor: 'ops-bob',
      action: 'resolve',
      target_table: 'errors',
      target_id: 1,
    });
    snap.close();
  });

  it('leaves the file byte-for-byte unchanged when an action fails', () => {
    const before = fs.readFileSync(file);
    oneLineError(cli(['resolve', 'errors', '1', '999', '--db', file]));
    expect(fs.readFileSync(file).equals(before)).toBe(true);
    oneLineError(cli(['resolve', 'errors', '1', '--db', file, '--actor']));
    expect(fs.readFileSync(file).equals(before)).toBe(true);
  });

  it('re-runs an order: exit 1 while it still fails, 0 once the SKU is linked', async () => {
    const failing = cli(['rerun', 'orders', '1', '--db', file]);
    expect(failing.code).toBe(1);
    expect(failing.stdout).toContain('Re-run of order 112-0000001-0000001: still failing: ORD_SKU_UNLINKED');
    const snap = await openSnapshot(file);
    addLink(snap, 'AMZ-GHOST', 'WID-100');
    snap.save();
    snap.close();
    const fixed = cli(['rerun', 'orders', '1', '--db', file]);
    expect(fixed.stdout).toMatch(/Re-run of order 112-0000001-0000001: dropped as SO-\d{6}/);
    expect(fixed.code).toBe(0);
    const again = cli(['rerun', 'orders', '1', '--db', file]);
    expect(again.code).toBe(0);
    const after = await openSnapshot(file);
    expect(count(after, "SELECT COUNT(*) FROM documents WHERE order_ref = '112-0000001-0000001'")).toBe(1);
    expect(
      count(
        after,
        "SELECT COUNT(*) FROM errors WHERE order_ref = '112-0000001-0000001' AND resolved = 0 AND severity = 'error'",
      ),
    ).toBe(0);
    after.close();
  });

  it('refuses the dashboard without a terminal, pointing to list', () => {
    const r = cli([file]);
    oneLineError(r);
    expect(r.stderr).toContain('amazon-logs list');
  });

  it('writes a demo snapshot and never overwrites a file without --force', async () => {
    const out = path.join(dir, 'demo.db');
    const r = cli(['demo', '--out', out, '--transactions', '300', '--seed', '3']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('300 transactions');
    const snap = await openSnapshot(out, { quickCheck: true });
    expect(count(snap, 'SELECT COUNT(*) FROM transactions')).toBe(300);
    snap.close();
    const before = fs.readFileSync(out);
    oneLineError(cli(['demo', '--out', out]));
    expect(fs.readFileSync(out).equals(before)).toBe(true);
  });

  it('processes a snapshot another program wrote with sqlite3 from data/schema.sql, and its save passes integrity_check there', () => {
    const produced = path.join(dir, 'produced.db');
    const rows = `
      INSERT INTO settings(key, value) VALUES ('drop_as', 'sales_order'), ('drop_as_afn', 'invoice'), ('ship_store', 'MAIN'),
        ('use_default_sku', '0'), ('integration_start_date', '2026-01-01T00:00:00Z'), ('send_fulfillments', '1'), ('auto_process', '1');
      INSERT INTO items(sku, description) VALUES ('ERP-1', 'Lamp');
      INSERT INTO sku_links(amazon_sku, item_sku, asin) VALUES ('AMZ-LAMP', 'ERP-1', 'B0LAMP0001');
      INSERT INTO stock(item_sku, store, on_hand) VALUES ('ERP-1', 'MAIN', 10);
      INSERT INTO ship_methods(service_level, ship_via) VALUES ('Standard', 'GROUND');
      INSERT INTO orders(id, order_ref, purchase_date, amazon_status, fulfillment_channel, ship_service_level, ship_state, ship_postal_code, total)
        VALUES (1, '111-0000001-0000001', '2026-11-01T10:00:00Z', 'Unshipped', 'MFN', 'Standard', 'OR', '97201', 25);
      INSERT INTO order_lines(order_id, line_no, amazon_sku, qty, unit_price) VALUES (1, 1, 'AMZ-LAMP', 2, 12.5);`;
    execFileSync('sqlite3', [produced], { input: fs.readFileSync('data/schema.sql', 'utf8') + rows });
    const r = cli(['rerun', 'orders', '1', '--db', produced, '--actor', 'ops']);
    expect(r.stdout).toMatch(/Re-run of order 111-0000001-0000001: dropped as SO-000001/);
    expect(r.code).toBe(0);
    const sql = (q: string) => execFileSync('sqlite3', [produced, q]).toString().trim();
    expect(sql('PRAGMA integrity_check;')).toBe('ok');
    expect(sql("SELECT status || ' ' || xoro_ref FROM orders;")).toBe('Dropped SO-000001');
    expect(sql("SELECT committed FROM stock WHERE item_sku = 'ERP-1';")).toBe('2');
    expect(sql('SELECT sync_type FROM transactions;')).toBe('Manual');
  });

  it('acts on every row the filters match instead of ids', async () => {
    const r = cli(['resolve', 'errors', '--errors-only', '--hide-resolved', '--db', file, '--actor', 'ops-bulk']);
    expect(r.stdout.trim()).toBe('Marked 2 errors as resolved');
    expect(r.code).toBe(0);
    const snap = await openSnapshot(file);
    expect(count(snap, "SELECT COUNT(*) FROM errors WHERE severity = 'error' AND resolved = 0")).toBe(0);
    expect(count(snap, "SELECT COUNT(*) FROM audit_log WHERE actor = 'ops-bulk'")).toBe(2);
    snap.close();
    const before = fs.readFileSync(file);
    oneLineError(cli(['rerun', 'errors', '1', '--code', 'INV_NEGATIVE_QTY', '--db', file]));
    const none = cli(['rerun', 'orders', '--order', '999-', '--db', file]);
    oneLineError(none);
    expect(none.stderr).toContain('no orders rows match the filters');
    expect(fs.readFileSync(file).equals(before)).toBe(true);
    const rerun = cli(['rerun', 'orders', '--status', 'Error', '--db', file]);
    expect(rerun.stdout).toContain('Re-run of order 112-0000001-0000001: still failing: ORD_SKU_UNLINKED');
    expect(rerun.code).toBe(1);
  });
});
