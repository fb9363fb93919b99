/**
 * `amazon-logs stats TAB` and list's new filter flags, on a snapshot another
 * program wrote (sqlite3 from data/schema.sql, rows by hand), each checked
 * against sqlite3's own answer.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from './run-cli.js';

let dir: string;
let file: string;

const sql = (query: string): string => execFileSync('sqlite3', [file, query], { encoding: 'utf8' }).trim();
const ids = (query: string): number[] =>
  sql(query)
    .split('\n')
    .filter(Boolean)
    .map(Number)
    .sort((a, b) => a - b);

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'alogs-stats-'));
  file = path.join(dir, 'producer.db');
  const rows = [
    "INSERT INTO items(sku, description) VALUES ('WID-100', 'Blue widget'), ('WID-200', 'Red widget')",
    "INSERT INTO sku_links(amazon_sku, item_sku) VALUES ('amz-blue', 'WID-100'), ('AMZ-RED', 'WID-200')",
    `INSERT INTO orders(order_ref, purchase_date, status, xoro_ref, import_date) VALUES
       ('111-0000001-0000001', '2026-06-01T10:00:00Z', 'Dropped', 'SO-000001', '2026-06-01T10:00:00Z'),
       ('111-0000002-0000002', '2026-06-02T10:00:00Z', 'Dropped', 'INV-000002', '2026-06-02T10:00:00Z'),
       ('112-0000003-0000003', '2026-06-03T10:00:00Z', 'Pending', NULL, '2026-06-03T10:00:00Z'),
       ('112-0000004-0000004', '2026-06-04T10:00:00Z', 'Error', NULL, '2026-06-04T10:00:00Z')`,
    `INSERT INTO documents(kind, number, order_ref) VALUES ('sales_order', 'SO-000001', '111-0000001-0000001'), ('invoice', 'INV-000002', '111-0000002-0000002')`,
    `INSERT INTO transactions(id, type, entity_type, direction, order_ref, sku, import_date, status, resolved, sync_type, message) VALUES
       (1, 'Order Import', 'Order', 'Amazon to Xoro', '111-0000001-0000001', NULL, '2026-06-01T10:00:00Z', 'Success', 1, 'Auto', 'Drop: dropped as SO-000001'),
       (2, 'Order Import', 'Order', 'Amazon to Xoro', '112-0000004-0000004', NULL, '2026-06-04T10:00:00Z', 'Error', 0, 'Auto', 'Validate lines'),
       (3, 'Order Import', 'Order', 'Amazon to Xoro', '112-0000004-0000004', NULL, '2026-06-04T12:00:00Z', 'Error', 0, 'Manual', 'Validate lines'),
       (4, 'Inventory Sync', 'Inventory', 'Xoro to Amazon', NULL, 'amz-blue', '2026-06-05T01:00:00Z', 'Success', 1, 'Auto', 'Send feed'),
       (5, 'Inventory Sync', 'Inventory', 'Xoro to Amazon', NULL, 'AMZ-RED', '2026-06-05T02:00:00Z', 'Error', 0, 'Auto', 'Send feed'),
       (6, 'Link SKU', 'SKU', 'Xoro to Amazon', NULL, 'AMZ-RED', '2026-06-06T02:00:00Z', 'Success', 1, 'Manual', 'Link')`,
    `INSERT INTO errors(transaction_id, order_ref, sku, code, message, created_at, resolved, severity) VALUES
       (2, '112-0000004-0000004', NULL, 'ORD_SKU_UNLINKED', 'Amazon SKU X not linked', '2026-06-04T10:00:00Z', 1, 'error'),
       (3, '112-0000004-0000004', NULL, 'ORD_SKU_UNLINKED', 'Amazon SKU X not linked', '2026-06-04T12:00:00Z', 0, 'error'),
       (5, NULL, 'AMZ-RED', 'INV_NEGATIVE_QTY', 'Value -2', '2026-06-05T02:00:00Z', 0, 'error')`,
    `INSERT INTO inventory_log(transaction_id, sku, store, qty_before, qty_after, reason, adjusted_at, status, resolved) VALUES
       (4, 'amz-blue', 'MAIN', 1, 2, 'Scheduled sync', '2026-06-05T01:00:00Z', 'Success', 1),
       (1, 'WID-100', 'MAIN', 5, 4, 'Committed to SO-000001', '2026-06-01T10:00:00Z', 'Success', 1),
       (5, 'AMZ-RED', 'MAIN', 3, -2, 'Scheduled sync', '2026-06-05T02:00:00Z', 'Error', 0)`,
  ];
  execFileSync('sqlite3', [file], { input: `${fs.readFileSync('data/schema.sql', 'utf8')}\n${rows.join(';\n')};\n` });
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('amazon-logs stats', () => {
  it("prints a tab's rows and failed rows per day, ending on the snapshot's newest day, as JSON", () => {
    const r = cli(['stats', 'logs', '--db', file, '--days', '7', '--format', 'json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.from).toBe('2026-05-31');
    expect(out.to).toBe('2026-06-06');
    const truth = Object.fromEntries(
      sql("SELECT substr(import_date, 1, 10), COUNT(*), SUM(status = 'Error') FROM transactions GROUP BY 1")
        .split('\n')
        .map((l) => l.split('|'))
        .map(([day, n, failed]) => [day, { rows: Number(n), failed: Number(failed) }]),
    );
    for (const d of out.days)
      expect({ rows: d.rows, failed: d.failed }).toEqual(truth[d.day] ?? { rows: 0, failed: 0 });
    expect(out.totals).toEqual({ rows: 6, failed: 3 });
    expect(out.counts).toEqual({ rows: 'transactions', failed: 'failed' });
  });

  it('takes list’s filters, with the same meaning, and prints text', () => {
    const r = cli(['stats', 'errors', '--db', file, '--days', '3', '--hide-resolved']);
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')).toEqual([
      'Errors per day, 2026-06-04 to 2026-06-06 (UTC)',
      'day         errors  failing',
      '2026-06-04       1        1',
      '2026-06-05       1        1',
      '2026-06-06       0        0',
      'total            2        2',
      '',
    ]);
    const manual = JSON.parse(
      cli(['stats', 'logs', '--db', file, '--days', '7', '--sync-type', 'manual', '--format', 'json']).stdout,
    );
    expect(manual.totals).toEqual({
      rows: Number(sql("SELECT COUNT(*) FROM transactions WHERE sync_type = 'Manual'")),
      failed: 1,
    });
  });

  it('refuses a bad --days or filter in one line', () => {
    for (const args of [
      ['--days', '0'],
      ['--sync-type', 'hourly'],
      ['--days', 'x'],
    ]) {
      const r = cli(['stats', 'logs', '--db', file, ...args]);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    }
  });
});

describe("list's new filters, against sqlite3", () => {
  const listed = (...args: string[]) => {
    const r = cli(['list', ...args, '--db', file, '--format', 'json']);
    expect(r.stderr).toBe('');
    return (JSON.parse(r.stdout) as { id: number }[]).map((x) => x.id).sort((a, b) => a - b);
  };

  it('--sync-type, --entity-type, --status on logs', () => {
    expect(listed('logs', '--sync-type', 'Manual')).toEqual(
      ids("SELECT id FROM transactions WHERE sync_type = 'Manual'"),
    );
    expect(listed('logs', '--entity-type', 'inventory', '--status', 'error')).toEqual(
      ids("SELECT id FROM transactions WHERE entity_type = 'Inventory' AND status = 'Error'"),
    );
  });

  it('--dropped-as and --waiting-days on orders', () => {
    expect(listed('orders', '--dropped-as', 'invoice')).toEqual(
      ids("SELECT o.id FROM orders o JOIN documents d ON d.order_ref = o.order_ref WHERE d.kind = 'invoice'"),
    );
    expect(listed('orders', '--dropped-as', 'sales-order')).toEqual(
      ids("SELECT o.id FROM orders o JOIN documents d ON d.order_ref = o.order_ref WHERE d.kind = 'sales_order'"),
    );
    expect(listed('orders', '--waiting-days', '2')).toEqual(
      ids("SELECT id FROM orders WHERE status = 'Pending' AND julianday(import_date) < julianday('now', '-2 days')"),
    );
  });

  it('--order and --sku anywhere and in any case; inventory --sku finds the ERP item too', () => {
    expect(listed('logs', '--order', '0000004')).toEqual(
      ids("SELECT id FROM transactions WHERE instr(order_ref, '0000004') > 0"),
    );
    expect(listed('logs', '--sku', 'Amz-B')).toEqual([4]);
    // WID-100 is the ERP item of amz-blue: its feed row and its commit row.
    expect(listed('inventory', '--sku', 'wid-100')).toEqual(
      ids("SELECT id FROM inventory_log WHERE sku IN ('amz-blue', 'WID-100')"),
    );
    expect(listed('inventory', '--sku', 'blue')).toEqual(
      ids("SELECT id FROM inventory_log WHERE sku IN ('amz-blue', 'WID-100')"),
    );
  });

  it('--search covers an order’s errors and document number on the Orders tab', () => {
    expect(listed('orders', '--search', 'not linked')).toEqual(
      ids("SELECT id FROM orders WHERE order_ref = '112-0000004-0000004'"),
    );
    expect(listed('orders', '--search', 'INV-000002')).toEqual(
      ids("SELECT id FROM orders WHERE order_ref = '111-0000002-0000002'"),
    );
  });
});
