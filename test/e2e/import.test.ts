/**
 * From Amazon's data to the dashboard: the fixtures imported with the built binary into a
 * snapshot sqlite3 wrote, `amazon-logs process` runs the queued runs as the schedule would,
 * and the dashboard in a real terminal shows each order as the engine judged it.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cli } from '../cli/run-cli.js';
import { JUDGED, SHOP_SQL } from '../import/shop.js';
import { haveTmux, RecordedTerminal } from '../safety/support.js';

const F = 'test/fixtures/amazon';
let dir: string;
let file: string;
let term: RecordedTerminal | undefined;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'alogs-e2e-import-'));
  file = path.join(dir, 'shop.db');
  execFileSync('sqlite3', [file], { input: fs.readFileSync('data/schema.sql', 'utf8') + SHOP_SQL });
  const steps: [string, string[], number][] = [
    ['items', ['erp-items.csv'], 0],
    ['listings', ['all-listings.txt'], 0],
    ['orders', ['orders.json'], 0],
    ['order-items', ['order-items-114-3941689-8772232.json', 'order-items.jsonl'], 0],
    ['report', ['all-orders-report.txt', 'all-orders-report-cp1252.txt'], 1], // one bad row
  ];
  for (const [kind, files, status] of steps) {
    const r = cli(['import', kind, ...files.map((f) => `${F}/${f}`), '--db', file, '--actor', 'e2e-import']);
    if (r.code !== status) throw new Error(`import ${kind}: exit ${r.code}: ${r.stderr}`);
  }
}, 120_000);
afterEach(() => term?.stop());
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const sql = (q: string) => execFileSync('sqlite3', [file, q]).toString().trim();

describe('imported Amazon data, processed by the schedule', { timeout: 90_000 }, () => {
  it('process runs every queued run: each order dropped, skipped, still pending or failing with its code', () => {
    const r = cli(['process', '--db', file, '--actor', 'e2e-import']);
    expect(r.stderr).toBe('');
    expect(r.code).not.toBe(2);
    expect(sql("SELECT COUNT(*) FROM transactions WHERE type = 'Order Import' AND start_date IS NULL;")).toBe('0');
    for (const [ref, status, code] of JUDGED) {
      expect(sql(`SELECT status FROM orders WHERE order_ref = '${ref}';`), ref).toBe(status);
      const codes = sql(`SELECT group_concat(code) FROM errors WHERE order_ref = '${ref}' AND resolved = 0;`);
      expect(codes, ref).toBe(code ?? '');
    }
    expect(
      sql("SELECT group_concat(kind || ' ' || order_ref, ', ') FROM (SELECT * FROM documents ORDER BY order_ref);"),
    ).toBe(
      'invoice 111-8823547-2201745, sales_order 112-1183920-5531276, invoice 113-6209184-4432917, sales_order 114-3941689-8772232, invoice 114-5093387-2211907',
    );
  });

  it.runIf(haveTmux())('the dashboard shows the imported orders as the engine judged them', async () => {
    term = new RecordedTerminal(100, 30, dir);
    term.startCli([file, '--read-only']);
    const orders = await term.waitFor(/row 1 of 14\b/);
    for (const [ref, status] of JUDGED) {
      const line = orders.split('\n').find((l) => l.includes(ref));
      expect(line, `${ref} on the Orders tab:\n${orders}`).toBeDefined();
      expect(line).toContain(status);
    }
    term.keys('4');
    await term.waitFor(/\[4 Errors 4 open\]/);
    const errors = await term.waitFor('ORD_ADDRESS_MISSING');
    for (const [ref, , code] of JUDGED.filter(([, status]) => status === 'Error')) {
      const line = errors.split('\n').find((l) => l.includes(ref));
      expect(line, `${ref} on the Errors tab:\n${errors}`).toBeDefined();
      // Codes are never cut: the Code column is as wide as the longest code.
      expect(line).toContain(code!);
    }
    term.keys('q');
    await term.waitFor('[exited 0]');
  });
});
