import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSnapshot } from '../../src/db/index.js';
import { cli } from '../cli/run-cli.js';

/**
 * A version-1 file as another program wrote it (the sqlite3 program, the
 * frozen v1 schema, hand-made rows): retries that v1 kept open side by side,
 * a canceled order a run skipped, a dropped order whose confirmation failed,
 * a confirmed shipment, and a SKU whose inventory feeds kept failing.
 */
const V1_ROWS = `
INSERT INTO settings(key, value) VALUES ('ship_store', 'MAIN'), ('auto_process', '1');
INSERT INTO orders(id, order_ref, purchase_date, amazon_status, status, resolved, xoro_ref) VALUES
  (1, '111-0000001-0000001', '2026-11-01T10:00:00Z', 'Unshipped', 'Error', 0, NULL),
  (2, '111-0000002-0000002', '2026-11-02T10:00:00Z', 'Canceled', 'Pending', 1, NULL),
  (3, '111-0000003-0000003', '2026-11-03T10:00:00Z', 'Unshipped', 'Dropped', 1, 'SO-000001'),
  (4, '111-0000004-0000004', '2026-11-04T10:00:00Z', 'Shipped', 'Dropped', 1, 'SO-000002');
INSERT INTO shipments(order_ref, carrier_code, tracking_number, ship_date) VALUES
  ('111-0000004-0000004', 'UPS', '1Z999AA10123456784', '2026-11-05T10:00:00Z'),
  ('111-0000003-0000003', 'UPS', NULL, '2026-11-05T10:00:00Z');
INSERT INTO transactions(id, type, entity_type, direction, order_ref, sku, import_date, status, resolved, sync_type, message, rerun_of) VALUES
  (1, 'Order Import', 'Order', 'Amazon to Xoro', '111-0000001-0000001', NULL, '2026-11-01T10:05:00Z', 'Error', 0, 'Auto', 'Validate shipping: unmapped', NULL),
  (2, 'Order Import', 'Order', 'Amazon to Xoro', '111-0000001-0000001', NULL, '2026-11-02T10:05:00Z', 'Error', 0, 'Manual', 'Validate shipping: unmapped', 1),
  (3, 'Order Import', 'Order', 'Amazon to Xoro', '111-0000001-0000001', NULL, '2026-11-03T10:05:00Z', 'Error', 0, 'Manual', 'Validate shipping: unmapped', 2),
  (4, 'Order Import', 'Order', 'Amazon to Xoro', '111-0000002-0000002', NULL, '2026-11-02T10:05:00Z', 'Success', 1, 'Auto', 'Skipped: order canceled on Amazon', NULL),
  (5, 'Order Import', 'Order', 'Amazon to Xoro', '111-0000003-0000003', NULL, '2026-11-03T10:05:00Z', 'Success', 1, 'Auto', 'Drop: dropped as SO-000001', NULL),
  (6, 'Fulfillment Update', 'Fulfillment', 'Xoro to Amazon', '111-0000003-0000003', NULL, '2026-11-05T11:00:00Z', 'Error', 0, 'Auto', 'Validate shipment: tracking missing', NULL),
  (7, 'Fulfillment Update', 'Fulfillment', 'Xoro to Amazon', '111-0000004-0000004', NULL, '2026-11-05T11:00:00Z', 'Success', 1, 'Auto', 'Send confirmation: shipped by UPS 1Z999AA10123456784', NULL),
  (8, 'Inventory Sync', 'Inventory', 'Xoro to Amazon', NULL, 'AMZ-S', '2026-11-06T10:00:00Z', 'Error', 0, 'Auto', 'Validate quantity: negative', NULL),
  (9, 'Inventory Update', 'Inventory', 'Xoro to Amazon', NULL, 'AMZ-S', '2026-11-06T11:00:00Z', 'Error', 0, 'Auto', 'Validate quantity: negative', NULL);
INSERT INTO errors(id, transaction_id, order_ref, sku, code, message, created_at, resolved, severity) VALUES
  (1, 1, '111-0000001-0000001', NULL, 'ORD_SHIP_SERVICE_UNMAPPED', 'shipping service level FreeEconomy not mapped', '2026-11-01T10:05:00Z', 0, 'error'),
  (2, 2, '111-0000001-0000001', NULL, 'ORD_SHIP_SERVICE_UNMAPPED', 'shipping service level FreeEconomy not mapped', '2026-11-02T10:05:00Z', 0, 'error'),
  (3, 3, '111-0000001-0000001', NULL, 'ORD_SHIP_SERVICE_UNMAPPED', 'shipping service level FreeEconomy not mapped', '2026-11-03T10:05:00Z', 0, 'error'),
  (4, 6, '111-0000003-0000003', NULL, 'FUL_MISSING_FIELD', '90012: The required tracking-number field is missing from the file.', '2026-11-05T11:00:00Z', 0, 'error'),
  (5, 8, NULL, 'AMZ-S', 'INV_NEGATIVE_QTY', '5000: negative', '2026-11-06T10:00:00Z', 0, 'error'),
  (6, 9, NULL, 'AMZ-S', 'INV_NEGATIVE_QTY', '5000: negative', '2026-11-06T11:00:00Z', 0, 'error');
INSERT INTO inventory_log(id, transaction_id, sku, store, qty_before, qty_after, reason, adjusted_at, status, resolved) VALUES
  (1, 8, 'AMZ-S', 'MAIN', 3, -2, 'Scheduled sync', '2026-11-06T10:00:00Z', 'Error', 0),
  (2, 9, 'AMZ-S', 'MAIN', 3, -2, 'Stock adjustment', '2026-11-06T11:00:00Z', 'Error', 0);
`;

let dir: string;
let file: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'alogs-v2-'));
  file = path.join(dir, 'v1.db');
  execFileSync('sqlite3', [file], { input: fs.readFileSync('test/fixtures/schema-v1.sql', 'utf8') + V1_ROWS });
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('a version-1 file written by another program', () => {
  it('opens read-only through the migration in memory: problems, not attempts, and the file untouched', async () => {
    const before = fs.readFileSync(file);
    const snap = await openSnapshot(file, { readOnly: true });
    const rows = (sql: string) => snap.all(sql);
    // Three runs of one order's import: only the newest one's error is open; each earlier one names its successor.
    expect(rows('SELECT id, resolved, superseded_by FROM transactions WHERE id IN (1, 2, 3) ORDER BY id')).toEqual([
      { id: 1, resolved: 1, superseded_by: 2 },
      { id: 2, resolved: 1, superseded_by: 3 },
      { id: 3, resolved: 0, superseded_by: null },
    ]);
    expect(rows('SELECT id, resolved, superseded_by FROM errors WHERE id IN (1, 2, 3) ORDER BY id')).toEqual([
      { id: 1, resolved: 1, superseded_by: 2 },
      { id: 2, resolved: 1, superseded_by: 3 },
      { id: 3, resolved: 0, superseded_by: null },
    ]);
    // The canceled order a run skipped reads Skipped, with why.
    expect(snap.get('SELECT status, skip_reason, resolved FROM orders WHERE id = 2')).toEqual({
      status: 'Skipped',
      skip_reason: 'canceled on Amazon',
      resolved: 1,
    });
    // A dropped order whose shipment confirmation still fails is open.
    expect(snap.value('SELECT resolved FROM orders WHERE id = 3')).toBe(0);
    expect(snap.value('SELECT resolved FROM orders WHERE id = 4')).toBe(1);
    // The shipment a run confirmed records it; the other one is not confirmed.
    expect(rows('SELECT order_ref, confirmed_by FROM shipments ORDER BY order_ref')).toEqual([
      { order_ref: '111-0000003-0000003', confirmed_by: null },
      { order_ref: '111-0000004-0000004', confirmed_by: 7 },
    ]);
    // Two failed feeds of one SKU (Sync, then Update): one open problem, on the Inventory tab too.
    expect(rows('SELECT id, resolved FROM inventory_log ORDER BY id')).toEqual([
      { id: 1, resolved: 1 },
      { id: 2, resolved: 0 },
    ]);
    expect(snap.value("SELECT COUNT(*) FROM errors WHERE resolved = 0 AND severity = 'error'")).toBe(3);
    snap.close();
    expect(fs.readFileSync(file).equals(before)).toBe(true);
  });

  it('the command line counts problems on it, and a writable open migrates it with a backup', () => {
    const copy = path.join(dir, 'copy.db');
    fs.copyFileSync(file, copy);
    const open = cli(['list', 'errors', '--db', copy, '--hide-resolved', '--errors-only', '--format', 'csv']);
    expect(open.code, open.stderr).toBe(0);
    expect(
      open.stdout
        .trim()
        .split('\n')
        .slice(1)
        .map((l) => l.split(',')[0]),
    ).toEqual(['6', '4', '3']);
    const resolved = cli(['resolve', 'errors', '3', '--db', copy, '--actor', 'anna']);
    expect(resolved.code, resolved.stderr).toBe(0);
    expect(fs.existsSync(`${copy}.v1.bak`)).toBe(true);
    expect(
      execFileSync('sqlite3', [copy, "SELECT value FROM meta WHERE key = 'schema_version'; PRAGMA integrity_check;"])
        .toString()
        .trim(),
    ).toBe('2\nok');
  });
});
