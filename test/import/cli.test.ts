/** `amazon-logs import` as a user runs it: the built binary, on a snapshot the sqlite3 program wrote from data/schema.sql. */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { appendJournal, hasJournal } from '../../src/db/index.js';
import { stampOf } from '../../src/db/stamp.js';
import { cli, type CliResult } from '../cli/run-cli.js';
import { expectOneLineError, expectUnchanged, fingerprint } from '../safety/support.js';
import { SHOP_SQL } from './shop.js';

const F = 'test/fixtures/amazon';
let dir: string;
let db: string;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'alogs-import-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
beforeEach(() => {
  db = path.join(dir, `shop-${Math.random().toString(36).slice(2)}.db`);
  execFileSync('sqlite3', [db], { input: fs.readFileSync('data/schema.sql', 'utf8') + SHOP_SQL });
});

const sql = (q: string, file = db) => execFileSync('sqlite3', [file, q]).toString().trim();
const importing = (kind: string, files: string[], ...flags: string[]): CliResult =>
  cli(['import', kind, ...files.map((f) => `${F}/${f}`), '--db', db, ...flags]);

// Each test runs the binary several times: on a loaded machine that is seconds each.
describe('amazon-logs import', { timeout: 90_000 }, () => {
  it('imports every kind into a file sqlite3 wrote, says what it did, and the file holds it', () => {
    const items = importing('items', ['erp-items.csv'], '--actor', 'ops-anna');
    expect(items).toEqual({
      code: 0,
      stderr: '',
      stdout: `${F}/erp-items.csv: 5 rows: 5 new, 0 updated, 0 skipped\nsaved ${path.basename(db)}\n`,
    });

    const listings = importing('listings', ['all-listings.txt']);
    expect(listings.stdout).toBe(
      `${F}/all-listings.txt: 6 listings: 6 new, 0 updated, 0 skipped\n` +
        '  2 listed SKUs have no link to an ERP item: AMZ-SHADE (Active), AMZ-GIFTWRAP (Inactive)\n' +
        `saved ${path.basename(db)}\n`,
    );

    const orders = importing('orders', ['orders.json']);
    expect(orders.code).toBe(0);
    expect(orders.stdout).toBe(
      `${F}/orders.json: 6 orders: 6 new, 0 updated, 0 skipped; 6 runs queued\n` +
        // The canceled one needs no items: its run skips it.
        '5 imported orders have no items yet (114-3941689-8772232, 902-3159896-1390916, 111-8823547-2201745, ' +
        '113-2876104-6653929, 112-7730412-9035521): import their getOrderItems responses before `amazon-logs process`\n' +
        `saved ${path.basename(db)}\n`,
    );
    expect(importing('order-items', ['order-items-114-3941689-8772232.json', 'order-items.jsonl']).code).toBe(0);

    // A bad row is reported by file and line on stderr, the good rows are saved, and the exit status says so.
    const report = importing('report', ['all-orders-report.txt', 'all-orders-report-cp1252.txt']);
    expect(report.stderr).toBe(
      `${F}/all-orders-report-cp1252.txt:4: order 113-4829170-6634008: quantity "two" is not a whole number\n`,
    );
    expect(report.stdout).toContain(
      `${F}/all-orders-report-cp1252.txt (read as Windows-1252): 4 rows: 3 new, 0 updated, 1 skipped (invalid x1); 3 runs queued\n`,
    );
    expect(report.code).toBe(1);

    expect(sql('PRAGMA integrity_check;')).toBe('ok');
    expect(sql('SELECT COUNT(*) FROM orders;')).toBe('14');
    expect(
      sql(
        "SELECT COUNT(*) FROM transactions WHERE type = 'Order Import' AND status = 'Pending' AND start_date IS NULL AND resolved = 0;",
      ),
    ).toBe('14');
    expect(sql("SELECT title FROM order_lines WHERE amazon_sku = 'AMZ-LAMP' AND order_item_id IS NULL;")).toBe(
      'Desk Lamp™ – Brass, Café’s Edition',
    );
    expect(
      sql(
        "SELECT fulfillment_channel || ' ' || amazon_status || ' ' || total FROM orders WHERE order_ref = '111-8823547-2201745';",
      ),
    ).toBe('AFN Shipped 99.98');
    expect(sql("SELECT actor || ' ' || action || ' ' || target_table FROM audit_log ORDER BY id;").split('\n')).toEqual(
      [
        'ops-anna import items',
        `${os.userInfo().username} import listings`,
        `${os.userInfo().username} import orders`,
        `${os.userInfo().username} import order_lines`,
        `${os.userInfo().username} import orders`,
      ],
    );
  });

  it('changes nothing, and does not write the file, when the same file is imported again', () => {
    importing('orders', ['orders.json']);
    const before = fingerprint(db);
    const again = importing('orders', ['orders.json']);
    expect(again).toEqual({
      code: 0,
      stderr: '',
      stdout: `${F}/orders.json: 6 orders: 0 new, 0 updated, 6 skipped (unchanged x6)\nnothing changed; ${path.basename(db)} was not written\n`,
    });
    expectUnchanged(before);
  });

  it('with --dry-run prints what would change and writes nothing', () => {
    importing('orders', ['orders.json']);
    const before = fingerprint(db);
    const dry = importing('orders', ['orders-page2.jsonl', 'orders-bare.json'], '--dry-run');
    expectUnchanged(before);
    const real = importing('orders', ['orders-page2.jsonl', 'orders-bare.json']);
    expect(dry.stdout.replace(/\n[^\n]*\n$/, '')).toBe(real.stdout.replace(/\n[^\n]*\n$/, ''));
    expect(dry.stdout).toMatch(/\ndry run: nothing was written to shop-\w+\.db\n$/);
    expect(dry.stderr).toBe(real.stderr);
    expect(real.stdout).toMatch(/\nsaved shop-\w+\.db\n$/);
    expect(sql("SELECT amazon_status FROM orders WHERE order_ref = '902-3159896-1390916';")).toBe('Unshipped');
  });

  it('applies the actions an interrupted dashboard journaled first, then imports on top of them', () => {
    importing('orders', ['orders.json']);
    const header = { session: 'da5b0a2d1e01', base: stampOf(db), file: db };
    appendJournal(db, header, {
      seq: 1,
      at: '2026-11-25T10:00:00Z',
      actor: 'ops-dash',
      tab: 'orders',
      action: 'resolve',
      ids: [5],
    });
    const r = importing('orders', ['orders.json', 'orders-bare.json']);
    expect(r.stderr.split('\n')[0]).toBe(
      'amazon-logs: re-applied 1 unsaved action(s) from an interrupted session and saved them',
    );
    expect(r.stdout).toMatch(/\nsaved shop-\w+\.db\n$/);
    expect(hasJournal(db)).toBe(false);
    expect(sql("SELECT action || ' ' || actor FROM audit_log ORDER BY id;").split('\n').slice(1)).toEqual([
      'resolve ops-dash',
      `import ${os.userInfo().username}`,
    ]);
    expect(sql('SELECT resolved FROM orders WHERE id = 5;')).toBe('1');
  });

  it('refuses a file of another kind in one line, exit status 2, and writes nothing, even after a good file', () => {
    const before = fingerprint(db);
    expectOneLineError(
      importing('orders', ['orders.json', 'order-items.jsonl']),
      `amazon-logs: ${F}/order-items.jsonl: getOrderItems responses, not getOrders responses (import it as order-items)`,
    );
    expectOneLineError(
      importing('listings', ['all-orders-report.txt']),
      'an All Orders report, not an All Listings report (import it as report)',
    );
    expectOneLineError(
      importing('items', ['orders.json']),
      'getOrders responses, not a CSV of ERP items and stock (import it as orders)',
    );
    expectOneLineError(
      cli(['import', 'report', db, '--db', db]),
      `amazon-logs: ${db}: not a text file (it has NUL bytes)`,
    );
    expectUnchanged(before);
  });

  it('refuses bad arguments in one line with exit status 2', () => {
    const before = fingerprint(db);
    expectOneLineError(
      cli(['import', '--db', db]),
      'import needs a KIND (one of: orders, order-items, report, listings, items)',
    );
    expectOneLineError(cli(['import', 'shipments', 'x', '--db', db]), 'unknown import kind "shipments"');
    expectOneLineError(cli(['import', 'orders', '--db', db]), 'import orders needs one or more FILEs to import');
    expectOneLineError(
      cli(['import', 'orders', `${F}/orders.json`], { AMAZON_LOGS_DB: '', XDG_CONFIG_HOME: dir }),
      'no snapshot named: give --db FILE',
    );
    expectOneLineError(
      cli(['import', 'orders', path.join(dir, 'missing.json'), '--db', db]),
      'missing.json: cannot read it (no such file)',
    );
    expectOneLineError(
      cli(['import', 'orders', `${F}/orders.json`, '--db', db, '--limit', '3']),
      '--limit is not an option of `amazon-logs import`',
    );
    expectOneLineError(cli(['import', 'orders', `${F}/orders.json`, '--db', path.join(dir, 'nope.db')]), 'nope.db');
    expectUnchanged(before);
  });

  it('lists at most 50 bad rows of a file and counts the rest; names at most 10 orders without items', () => {
    const order = (i: number, status: string) =>
      `{"AmazonOrderId": "111-0000000-${String(i).padStart(7, '0')}", "PurchaseDate": "2026-11-20T10:00:00Z", "OrderStatus": "${status}", "FulfillmentChannel": "MFN"}`;
    const orders = [
      ...Array.from({ length: 53 }, (_, i) => order(i, 'Lost')),
      ...Array.from({ length: 12 }, (_, i) => order(100 + i, 'Unshipped')),
    ];
    const file = path.join(dir, 'many.json');
    fs.writeFileSync(file, `[\n${orders.join(',\n')}\n]\n`);
    const r = cli(['import', 'orders', file, '--db', db]);
    expect(r.code).toBe(1);
    const errors = r.stderr.trimEnd().split('\n');
    expect(errors).toHaveLength(51);
    expect(errors[0]).toBe(
      `${file}:2: order 111-0000000-0000000: OrderStatus "Lost" is not one of Pending, Unshipped, PartiallyShipped, Shipped, Canceled, Unfulfillable, InvoiceUnconfirmed, PendingAvailability`,
    );
    expect(errors[50]).toBe(`${file}: and 3 more bad rows`);
    expect(r.stdout).toContain('12 imported orders have no items yet (111-0000000-0000100, ');
    expect(r.stdout).toContain('111-0000000-0000109, and 2 more): import their getOrderItems responses');
  });

  it('shows text from the files with control characters escaped, and stores it as received', () => {
    const header = 'amazon-order-id\tpurchase-date\torder-status\tfulfillment-channel\tsku\tquantity\tproduct-name';
    const rows = [
      '112-0000001-0000001\t2026-11-23T11:05:27+00:00\tShipped\tMerchant\tAMZ-MUG\t1\tMug \x1b]0;pwned\x07 \x1b[31mred\x1b[0m',
      '112-0000002-\x1b[2J\t2026-11-23T11:05:27+00:00\tShipped\tMerchant\tAMZ-MUG\tlots\tMug',
    ];
    const file = path.join(dir, 'hostile.txt');
    fs.writeFileSync(file, `${header}\n${rows.join('\n')}\n`);
    const r = cli(['import', 'report', file, '--db', db]);
    expect(r.code).toBe(1);
    expect(r.stdout + r.stderr).not.toContain('\x1b');
    expect(r.stderr).toBe(`${file}:3: order 112-0000002-\\x1b[2J: quantity "lots" is not a whole number\n`);
    expect(
      sql(
        'SELECT hex(title) = hex(char(77,117,103,32,27,93,48,59,112,119,110,101,100,7,32,27,91,51,49,109,114,101,100,27,91,48,109)) FROM order_lines;',
      ),
    ).toBe('1');
  });

  it('on an older snapshot, a dry run migrates in memory only: the file stays version 1 with no backup beside it', () => {
    const v1 = path.join(dir, `v1-${Math.random().toString(36).slice(2)}.db`);
    execFileSync('sqlite3', [v1], { input: fs.readFileSync('test/fixtures/schema-v1.sql', 'utf8') });
    const before = fingerprint(v1);
    const r = cli(['import', 'orders', `${F}/orders.json`, '--db', v1, '--dry-run']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('orders.json: 6 orders: 6 new, 0 updated, 0 skipped; 6 runs queued');
    expectUnchanged(before);
    expect(sql("SELECT value FROM meta WHERE key = 'schema_version';", v1)).toBe('1');
  });

  it('is in --help', () => {
    expect(cli(['--help']).stdout).toContain(
      'amazon-logs import orders|order-items|report|listings|items FILE... [--db FILE] [--actor NAME] [--dry-run]',
    );
  });
});
