/** The default demo (2,000 runs), generated once: mix, error codes, re-runs, shapes, consistency. */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { createSnapshot, type Snapshot } from '../../src/db/index.js';
import { type DemoStats, DEFAULT_END, generateDemo } from '../../src/demo/generate-demo.js';
import { ERROR_CODES, TRANSIENT_CODES } from '../../src/engine/domain.js';

let db: Snapshot;
let stats: DemoStats;
const progress: [number, number][] = [];

beforeAll(async () => {
  db = await createSnapshot();
  stats = generateDemo(db, { onProgress: (done, total) => progress.push([done, total]) });
});

const count = (sql: string, params: (string | number)[] = []): number => Number(db.value(sql, params) ?? 0);
const column = (sql: string): string[] => db.all<{ v: string }>(sql).map((r) => r.v);

/**
 * Every code the engine can produce: the codes its rule files name, plus the transient ones
 * that come in through opts.fault. Read from the sources so a new rule needs a demo scenario.
 */
function producibleCodes(): string[] {
  const dir = fileURLToPath(new URL('../../src/engine/', import.meta.url));
  const sources = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.ts') && f !== 'domain.ts')
    .map((f) => fs.readFileSync(path.join(dir, f), 'utf8'))
    .join('\n');
  return ERROR_CODES.filter(
    (code) => sources.includes(`'${code}'`) || (TRANSIENT_CODES as readonly string[]).includes(code),
  );
}

describe('default demo: volume and mix', () => {
  it('makes exactly 2,000 transactions in the documented mix', () => {
    expect(count('SELECT count(*) FROM transactions')).toBe(2000);
    expect(stats.transactions).toBe(2000);
    expect(stats.byType).toEqual({
      'Inventory Sync': 1100,
      'Inventory Update': 200,
      'Order Import': 440,
      'Fulfillment Update': 200,
      'Link SKU': 60,
    });
  });

  it('reports the snapshot as it is', () => {
    expect(stats.orders).toBe(count('SELECT count(*) FROM orders'));
    expect(stats.errors).toBe(count('SELECT count(*) FROM errors'));
    expect(stats.openErrors).toBe(count("SELECT count(*) FROM errors WHERE resolved = 0 AND severity = 'error'"));
    expect(Object.values(stats.byCode).reduce((a, b) => a + b, 0)).toBe(stats.errors);
    expect(progress.at(-1)).toEqual([2000, 2000]);
  });

  it('holds about one order per 4.5 to 5.5 transactions, each with one to three lines', () => {
    expect(stats.orders).toBeGreaterThan(2000 / 5.5);
    expect(stats.orders).toBeLessThan(2000 / 4.5);
    const lineCounts = column(
      'SELECT DISTINCT (SELECT count(*) FROM order_lines l WHERE l.order_id = o.id) AS v FROM orders o',
    );
    expect(lineCounts.map(Number).sort()).toEqual([1, 2, 3]);
  });

  it('is mostly successes', () => {
    const failed = count("SELECT count(*) FROM transactions WHERE status = 'Error'");
    expect(failed).toBeGreaterThan(20);
    expect(failed / 2000).toBeLessThan(0.12);
  });
});

describe('default demo: errors and re-runs', () => {
  it('shows every error code the engine can produce', () => {
    const producible = producibleCodes();
    expect(producible.length).toBeGreaterThanOrEqual(20);
    const codes = new Set(column('SELECT DISTINCT code AS v FROM errors'));
    for (const code of producible) expect(codes, code).toContain(code);
  });

  it('has resolved and open errors, including resolved data errors', () => {
    expect(count("SELECT count(*) FROM errors WHERE severity = 'error' AND resolved = 1")).toBeGreaterThan(20);
    expect(stats.openErrors).toBeGreaterThan(5);
    expect(count("SELECT count(*) FROM errors WHERE code = 'ORD_SKU_UNLINKED' AND resolved = 1")).toBeGreaterThan(0);
    expect(count("SELECT count(*) FROM errors WHERE code = 'ORD_SKU_UNLINKED' AND resolved = 0")).toBeGreaterThan(0);
  });

  it('has manual re-runs that point at an earlier transaction of the same type', () => {
    const reruns = db.all<{
      id: number;
      type: string;
      rerun_of: number;
      original_type: string | null;
      original_id: number | null;
    }>(
      `SELECT r.id, r.type, r.rerun_of, o.type AS original_type, o.id AS original_id
       FROM transactions r LEFT JOIN transactions o ON o.id = r.rerun_of WHERE r.sync_type = 'Manual'`,
    );
    expect(reruns.length).toBeGreaterThan(10);
    for (const r of reruns) {
      expect(r.original_id, `transaction ${r.id}`).toBe(r.rerun_of);
      expect(r.original_type).toBe(r.type);
      expect(r.rerun_of).toBeLessThan(r.id);
    }
    // A user's re-run after a fix clears the error it re-ran.
    expect(
      count(`SELECT count(*) FROM transactions r JOIN transactions o ON o.id = r.rerun_of
      WHERE r.sync_type = 'Manual' AND r.status = 'Success' AND o.status = 'Error' AND o.resolved = 1`),
    ).toBeGreaterThan(10);
  });

  it('retries transient failures on schedule too', () => {
    expect(
      count(`SELECT count(*) FROM transactions r JOIN transactions o ON o.id = r.rerun_of
      WHERE r.sync_type = 'Auto' AND r.status = 'Success'`),
    ).toBeGreaterThan(0);
  });
});

describe('default demo: data shapes', () => {
  it('uses real-looking Amazon identifiers', () => {
    for (const ref of column('SELECT order_ref AS v FROM orders')) expect(ref).toMatch(/^\d{3}-\d{7}-\d{7}$/);
    for (const asin of column('SELECT asin AS v FROM order_lines UNION SELECT asin FROM sku_links'))
      expect(asin).toMatch(/^B0[0-9A-Z]{8}$/);
  });

  it('ships with real-looking carriers and tracking numbers', () => {
    const shipments = db.all<{ carrier_code: string; carrier_name: string | null; tracking_number: string | null }>(
      'SELECT carrier_code, carrier_name, tracking_number FROM shipments',
    );
    expect(new Set(shipments.map((s) => s.carrier_code))).toEqual(new Set(['UPS', 'USPS', 'FedEx', 'Other']));
    const formats = [/^1Z[0-9A-Z]{16}$/, /^\d{22}$/, /^\d{12}$/, /^C\d{11}$/];
    for (const s of shipments) {
      if (s.tracking_number !== null)
        expect(
          formats.some((f) => f.test(s.tracking_number!)),
          s.tracking_number,
        ).toBe(true);
    }
    // Most shipments carry their own carrier's format; the rest are the demo's broken ones.
    const ownFormat = shipments.filter(
      (s) =>
        (s.carrier_code === 'UPS' && formats[0]!.test(s.tracking_number ?? '')) ||
        (s.carrier_code === 'USPS' && formats[1]!.test(s.tracking_number ?? '')) ||
        (s.carrier_code === 'FedEx' && formats[2]!.test(s.tracking_number ?? '')) ||
        (s.carrier_code === 'Other' && s.carrier_name !== null),
    );
    expect(ownFormat.length / shipments.length).toBeGreaterThan(0.9);
  });

  it('fills orders with buyers, US addresses, service levels and both channels', () => {
    expect(count("SELECT count(*) FROM orders WHERE buyer_name = ''")).toBe(0);
    expect(new Set(column('SELECT DISTINCT fulfillment_channel AS v FROM orders'))).toEqual(new Set(['MFN', 'AFN']));
    expect(new Set(column('SELECT DISTINCT ship_service_level AS v FROM orders'))).toEqual(
      new Set(['Standard', 'Expedited', 'SecondDay', 'NextDay', 'FreeEconomy']),
    );
    for (const state of column('SELECT DISTINCT ship_state AS v FROM orders WHERE ship_state IS NOT NULL'))
      expect(state).toMatch(/^[A-Z]{2}$/);
    for (const zip of column('SELECT ship_postal_code AS v FROM orders WHERE ship_postal_code IS NOT NULL'))
      expect(zip).toMatch(/^\d{5}$/);
    expect(count('SELECT count(*) FROM orders WHERE total <= 0')).toBe(0);
  });

  it('sets up the seller: settings, items, links, stock, ship methods, meta', () => {
    const keys = column('SELECT key AS v FROM settings');
    for (const key of [
      'auto_process',
      'drop_as',
      'drop_as_afn',
      'ship_store',
      'default_customer',
      'use_default_sku',
      'default_sku',
      'integration_start_date',
      'send_fulfillments',
    ]) {
      expect(keys).toContain(key);
    }
    expect(db.value("SELECT value FROM settings WHERE key = 'ship_store'")).toBe('MAIN');
    expect(count('SELECT count(*) FROM items')).toBeGreaterThanOrEqual(40);
    expect(count('SELECT count(*) FROM items WHERE active = 0')).toBeGreaterThan(0);
    expect(count("SELECT count(*) FROM stock WHERE store = 'MAIN'")).toBeGreaterThan(30);
    expect(count('SELECT count(*) FROM sku_links')).toBeGreaterThan(40);
    const levels = column('SELECT service_level AS v FROM ship_methods');
    expect(levels).toEqual(expect.arrayContaining(['Standard', 'Expedited', 'SecondDay', 'NextDay']));
    expect(levels).not.toContain('FreeEconomy');
    expect(db.value("SELECT value FROM meta WHERE key = 'generator'")).toMatch(/demo/);
    expect(db.value("SELECT value FROM meta WHERE key = 'created_at'")).toBe(DEFAULT_END);
  });

  it('spreads the history over the 90 days up to the end date, in order', () => {
    expect(db.value('SELECT max(import_date) FROM transactions')).toBe(DEFAULT_END);
    const first = Date.parse(String(db.value('SELECT min(import_date) FROM transactions')));
    expect(Date.parse(DEFAULT_END) - first).toBeLessThanOrEqual(90 * 86_400_000);
    expect(Date.parse(DEFAULT_END) - first).toBeGreaterThan(89 * 86_400_000);
    expect(
      count(
        'SELECT count(*) FROM transactions a JOIN transactions b ON b.id = a.id + 1 WHERE b.import_date < a.import_date',
      ),
    ).toBe(0);
  });
});

describe('default demo: consistency', () => {
  it('ties every error to an existing transaction', () => {
    expect(
      count(
        'SELECT count(*) FROM errors WHERE transaction_id IS NULL OR transaction_id NOT IN (SELECT id FROM transactions)',
      ),
    ).toBe(0);
  });

  it('gives every dropped order exactly one document, and documents only to dropped orders', () => {
    expect(count("SELECT count(*) FROM orders WHERE status = 'Dropped'")).toBeGreaterThan(300);
    expect(
      count(
        "SELECT count(*) FROM orders o WHERE status = 'Dropped' AND (SELECT count(*) FROM documents d WHERE d.order_ref = o.order_ref) <> 1",
      ),
    ).toBe(0);
    expect(
      count(
        "SELECT count(*) FROM documents d WHERE NOT EXISTS (SELECT 1 FROM orders o WHERE o.order_ref = d.order_ref AND o.status = 'Dropped')",
      ),
    ).toBe(0);
  });

  it('confirms shipments only for orders the ERP dropped', () => {
    expect(
      count(`SELECT count(*) FROM transactions t WHERE t.type = 'Fulfillment Update' AND t.status = 'Success'
      AND NOT EXISTS (SELECT 1 FROM orders o WHERE o.order_ref = t.order_ref AND o.status = 'Dropped' AND o.fulfillment_channel = 'MFN')`),
    ).toBe(0);
  });

  it('keeps every order line on an existing order', () => {
    expect(count('SELECT count(*) FROM order_lines WHERE order_id NOT IN (SELECT id FROM orders)')).toBe(0);
    expect(count('SELECT count(*) FROM orders WHERE id NOT IN (SELECT order_id FROM order_lines)')).toBe(0);
  });
});

describe('default demo: what a real integration leaves behind', () => {
  it('records real processing times: a short queue, seconds of work, a few slow runs', () => {
    const seconds = db
      .all<{ s: number }>(
        'SELECT (julianday(end_date) - julianday(start_date)) * 86400 AS s FROM transactions WHERE end_date IS NOT NULL',
      )
      .map((r) => Math.round(r.s));
    expect(seconds.filter((s) => s === 0).length).toBeLessThan(seconds.length * 0.1);
    expect(seconds.filter((s) => s >= 60).length).toBeGreaterThan(10);
    expect(count('SELECT count(*) FROM transactions WHERE start_date < import_date OR end_date < start_date')).toBe(0);
    expect(count('SELECT count(*) FROM transactions WHERE start_date > import_date')).toBeGreaterThan(100);
  });

  it('audits every manual run under a user, as the dashboard would', () => {
    const manual = count("SELECT count(*) FROM transactions WHERE sync_type = 'Manual' AND rerun_of IS NOT NULL");
    expect(manual).toBeGreaterThan(20);
    expect(count("SELECT count(*) FROM audit_log WHERE action = 'rerun' AND target_table = 'transactions'")).toBe(
      manual,
    );
    expect(column('SELECT DISTINCT actor AS v FROM audit_log ORDER BY v')).toEqual(['anna', 'ben', 'chloe', 'dmitri']);
  });

  it('has canceled and pre-start orders (Skipped with why), days-old Pending orders, queued runs, and dropped orders whose confirmation fails', () => {
    expect(
      column(
        "SELECT DISTINCT CASE WHEN skip_reason LIKE 'purchased before%' THEN 'before start' ELSE skip_reason END AS v FROM orders WHERE status = 'Skipped' ORDER BY v",
      ),
    ).toEqual(['before start', 'canceled on Amazon']);
    expect(
      count(`SELECT count(*) FROM orders WHERE status = 'Pending' AND julianday(?) - julianday(import_date) > 1`, [
        DEFAULT_END,
      ]),
    ).toBeGreaterThan(0);
    expect(count("SELECT count(*) FROM transactions WHERE status = 'Pending' AND start_date IS NULL")).toBeGreaterThan(
      0,
    );
    expect(count("SELECT count(*) FROM orders WHERE status = 'Dropped' AND resolved = 0")).toBeGreaterThan(0);
    expect(count("SELECT count(*) FROM errors WHERE code = 'FUL_DUPLICATE'")).toBeGreaterThan(0);
  });
});
