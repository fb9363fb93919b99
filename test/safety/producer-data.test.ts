import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { journalPath } from '../../src/db/index.js';
import { cli } from '../cli/run-cli.js';
import { haveTmux, openDir, RecordedTerminal } from './support.js';

/**
 * A producer's data, taken strictly, through the built binary: dates in any
 * ISO-8601 form, keys the rules rely on, values the rules cannot use, the
 * producer's own triggers, and output that must not surprise a terminal or a
 * spreadsheet.
 */
const BASE = `
INSERT INTO settings(key, value) VALUES ('ship_store', 'MAIN'), ('integration_start_date', '2026-09-07 10:00:00'), ('auto_process', '1');
INSERT INTO items(sku, description) VALUES ('ERP-1', 'Lamp');
INSERT INTO sku_links(amazon_sku, item_sku) VALUES ('AMZ-1', 'ERP-1');
INSERT INTO stock(item_sku, store, on_hand) VALUES ('ERP-1', 'MAIN', 20);
INSERT INTO ship_methods(service_level, ship_via) VALUES ('Standard', 'GROUND');
INSERT INTO orders(id, order_ref, purchase_date, amazon_status, ship_service_level, ship_state, ship_postal_code, total, buyer_name) VALUES
  (1, '111-0000001-0000001', '2026-09-07T10:30:00Z', 'Unshipped', 'Standard', 'OR', '97201', 10, 'Ann' || char(12644) || 'Lee' || char(8203)),
  (2, '111-0000002-0000002', '2026-09-08T10:30:00Z', 'Unshipped', 'Standard', 'OR', '97201', 'ten dollars', '=HYPERLINK("http://x","y")'),
  (3, '111-0000003-0000003', '2026-09-08T10:30:00Z', 'Unshipped', 'Standard', 'OR', '97201', 10, '-2+3' || char(127));
INSERT INTO order_lines(order_id, line_no, amazon_sku, qty, unit_price) VALUES (1, 1, 'AMZ-1', 1, 10), (2, 1, 'AMZ-1', 1, 10), (3, 1, 'AMZ-1', 'two', 5);
`;

let dir: string;
let term: RecordedTerminal | undefined;
function produced(name: string, extra = '', schema = fs.readFileSync('data/schema.sql', 'utf8')): string {
  const file = path.join(dir, name);
  execFileSync('sqlite3', [file], { input: schema + BASE + extra });
  return file;
}
const sql = (file: string, q: string) => execFileSync('sqlite3', [file, q]).toString().trim();

beforeAll(() => {
  dir = openDir('alogs-producer-');
});
afterEach(() => term?.stop());
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("a producer's data, strictly", () => {
  it('compares a start date written with a space and no zone as an instant: a live order drops', () => {
    const file = produced('dates.db');
    const r = cli(['rerun', 'orders', '111-0000001-0000001', '--db', file]);
    expect(r.stdout.trim()).toBe('Re-run of order 111-0000001-0000001: dropped as SO-000001');
    expect(r.code).toBe(0);
  });

  it('a value the rules cannot use fails the run with a catalogue code, naming it; nothing is dropped or committed', () => {
    const file = produced('values.db');
    const total = cli(['rerun', 'orders', '111-0000002-0000002', '--db', file]);
    expect(total.code).toBe(1);
    expect(total.stdout.trim()).toBe('Re-run of order 111-0000002-0000002: still failing: API_INVALID_INPUT');
    expect(sql(file, 'SELECT message FROM errors ORDER BY id DESC LIMIT 1')).toContain(
      "(OrderTotal 'ten dollars' of order 111-0000002-0000002 is not a number)",
    );
    const qty = cli(['rerun', 'orders', '111-0000003-0000003', '--db', file]);
    expect(qty.code).toBe(1);
    expect(sql(file, 'SELECT message FROM errors ORDER BY id DESC LIMIT 1')).toContain(
      "line 1 of order 111-0000003-0000003: QuantityOrdered 'two' is not a whole number above 0",
    );
    expect(sql(file, "SELECT status || ' ' || (SELECT committed FROM stock) FROM orders WHERE id = 3")).toBe('Error 0');
  });

  it('refuses a file whose keys the rules rely on are not unique, naming them, and leaves it as it was', () => {
    const loose = fs
      .readFileSync('data/schema.sql', 'utf8')
      .replace('order_ref           TEXT NOT NULL UNIQUE,', 'order_ref           TEXT NOT NULL,');
    const file = produced('loose.db', '', loose);
    const before = fs.readFileSync(file);
    const r = cli(['rerun', 'orders', '1', '--db', file]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe(
      `amazon-logs: ${file}: lacks keys the rules rely on: orders(order_ref) must be UNIQUE, as data/schema.sql declares them (a re-run could act on the wrong row)`,
    );
    expect(fs.readFileSync(file).equals(before)).toBe(true);
  });

  it("a producer's trigger refusing a change is a refusal (exit 3), never an internal error; nothing is written", () => {
    const file = produced(
      'trigger.db',
      "CREATE TRIGGER no_user_resolve BEFORE UPDATE OF resolved ON orders WHEN NEW.resolved = 1 BEGIN SELECT RAISE(ABORT, 'orders are resolved in the ERP'); END;",
    );
    const before = fs.readFileSync(file);
    const r = cli(['resolve', 'orders', '1', '--db', file]);
    expect(r.code).toBe(3);
    expect(r.stderr.trim()).toBe(
      `amazon-logs: ${file}: the snapshot refused the change: orders are resolved in the ERP; nothing was written`,
    );
    expect(fs.readFileSync(file).equals(before)).toBe(true);
  });

  it('refuses an impossible date and a keyword too long to search for (exit 2)', () => {
    const file = produced('filters.db');
    for (const [args, message] of [
      [['--from', '2026-02-31T10:00:00Z'], '"2026-02-31T10:00:00Z" is not a date'],
      [['--to', '2026-04-31'], '"2026-04-31" is not a real date'],
      [['--search', 'x'.repeat(50_000)], 'the keyword is 50,000 characters long; 1000 at most'],
    ] as const) {
      const r = cli(['list', 'logs', '--db', file, ...args]);
      expect(r.code).toBe(2);
      expect(r.stderr.trim()).toContain(message);
    }
    expect(
      cli(['list', 'logs', '--db', file, '--from', '2026-09-07 10:00', '--to', '2026-09-08T12:00:00+02:00']).code,
    ).toBe(0);
  });

  it('output: DEL escaped in JSON, zero-width and filler characters visible in a table, formulas guarded in CSV unless --raw', () => {
    const file = produced('output.db');
    const json = cli(['list', 'orders', '--db', file, '--format', 'json']).stdout;
    expect(json).toContain('-2+3\\u007f');
    expect(json).not.toContain('\x7f');
    expect((JSON.parse(json) as { buyer_name: string }[]).find((o) => o.buyer_name.startsWith('-2'))!.buyer_name).toBe(
      '-2+3\x7f',
    );
    expect(cli(['list', 'orders', '--db', file]).stdout).toContain('Ann\\u3164Lee\\u200b');
    const csv = cli(['list', 'orders', '--db', file, '--format', 'csv']).stdout;
    expect(csv).toContain(`"'=HYPERLINK(""http://x"",""y"")"`);
    expect(csv).toContain("'-2+3");
    const raw = cli(['list', 'orders', '--db', file, '--format', 'csv', '--raw']).stdout;
    expect(raw).toContain('"=HYPERLINK(""http://x"",""y"")"');
  });

  it('repeated ids act and audit once', () => {
    const file = produced('repeat.db');
    const r = cli(['resolve', 'orders', '1', '1', '111-0000001-0000001', '--db', file, '--actor', 'anna']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.trim()).toBe('Marked order 111-0000001-0000001 as resolved');
    expect(sql(file, 'SELECT COUNT(*) FROM audit_log')).toBe('1');
  });

  it('the journal of a snapshot reached through a symlink lies beside the real file', () => {
    const real = path.join(dir, 'real');
    fs.mkdirSync(real);
    const target = produced(path.join('real', 'snap.db'));
    const link = path.join(dir, 'link.db');
    fs.symlinkSync(target, link);
    expect(journalPath(link)).toBe(`${target}.pending-actions`);
  });

  it.runIf(haveTmux())('--read-only never writes beside the snapshot: x refuses there, and says why', async () => {
    const file = produced('readonly.db');
    const before = fs.readdirSync(dir).sort();
    term = new RecordedTerminal(100, 30, os.tmpdir());
    term.start([
      'sh',
      '-c',
      `cd '${dir}' && exec "$0" "$@"`,
      process.execPath,
      path.resolve('dist/cli.js'),
      file,
      '--read-only',
    ]);
    await term.waitFor(/row 1 of 3/);
    term.keys('x');
    await term.waitFor('read-only: exports are not written beside the snapshot');
    term.keys('q');
    await term.waitFor('[exited 0]');
    expect(fs.readdirSync(dir).sort()).toEqual(before);
  });
});
