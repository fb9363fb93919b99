/**
 * Bad files through the built binary: every command ends with one line on
 * stderr naming the file and the problem, exit status 2, no stack trace, and
 * the file (and its folder) exactly as before.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  cli,
  cliAsNobody,
  corruptLeaf,
  expectOneLineError,
  expectUnchanged,
  fingerprint,
  haveTmux,
  folderWithGoodSnapshot,
  RecordedTerminal,
  unprivileged,
} from './support.js';

let dir: string;
let good: string;
let demo: string;

beforeAll(async () => {
  ({ dir, good } = await folderWithGoodSnapshot('alogs-bad-'));
  demo = path.join(dir, 'demo.db');
  const made = cli(['demo', '--out', demo, '--transactions', '300', '--seed', '3']);
  if (made.code !== 0) throw new Error(made.stderr);
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const schema = () => fs.readFileSync('data/schema.sql', 'utf8');

function sqlite(file: string, sql: string): void {
  execFileSync('sqlite3', [file], { input: sql });
}

/** A folder of its own per case, so "nothing appeared beside it" is exact. */
function place(name: string): string {
  const own = fs.mkdtempSync(path.join(dir, 'case-'));
  fs.chmodSync(own, 0o755);
  return path.join(own, name);
}

/** Swaps the first two cell pointers of a leaf page of the transactions table: queries that avoid it work, quick_check does not. */
interface Case {
  name: string;
  make: () => string;
  problem: RegExp;
  /** Found only by PRAGMA quick_check: which reads every page, so only the commands that write run it. */
  onlyBeforeWriting?: true;
}

const CASES: Case[] = [
  { name: 'a missing path', make: () => place('missing.db'), problem: /: no such file$/ },
  {
    name: 'an empty file',
    make: () => write('empty.db', Buffer.alloc(0)),
    problem: /: is empty \(0 bytes\), not a snapshot$/,
  },
  {
    name: 'a text file',
    make: () => write('notes.db', Buffer.from('order 112-0000001-0000001 shipped\n')),
    problem: /: is not a SQLite database$/,
  },
  { name: 'random bytes', make: () => write('noise.db', randomBytes(8192)), problem: /: is not a SQLite database$/ },
  {
    name: 'a SQLite header followed by random bytes',
    make: () => write('header.db', Buffer.concat([Buffer.from('SQLite format 3\0', 'latin1'), randomBytes(8192)])),
    problem:
      /: is (not a SQLite database \(or its header is damaged\)|truncated: 8208 bytes of the \d+ its header gives|damaged.*)$/,
  },
  {
    name: 'a truncated snapshot',
    make: () => {
      const bytes = fs.readFileSync(demo);
      return write('cut.db', bytes.subarray(0, Math.floor(bytes.length / 2)));
    },
    problem: /: is truncated: \d+ bytes of the \d+ its header gives$/,
  },
  {
    name: "a SQLite file with another application's tables",
    make: () => {
      const f = place('crm.db');
      sqlite(
        f,
        'CREATE TABLE customers(id INTEGER PRIMARY KEY, name TEXT); CREATE TABLE invoices(id INTEGER PRIMARY KEY);',
      );
      return f;
    },
    problem:
      /: is a SQLite database but not an amazon-app-logs snapshot: missing tables meta, settings, items, sku_links, stock, orders, order_lines, documents, shipments, ship_methods, transactions, inventory_log, errors, audit_log, outbox, listings \(it has customers, invoices\)$/,
  },
  {
    name: 'a snapshot missing two tables',
    make: () => {
      const f = place('partial.db');
      sqlite(f, `${schema()}\nDROP TABLE audit_log; DROP TABLE outbox;`);
      return f;
    },
    problem: /: is not a complete amazon-app-logs snapshot: missing tables audit_log, outbox$/,
  },
  {
    name: 'a snapshot whose orders table lacks a column',
    make: () => {
      const f = place('columns.db');
      sqlite(f, `${schema()}\nALTER TABLE orders DROP COLUMN buyer_name; ALTER TABLE errors DROP COLUMN message;`);
      return f;
    },
    problem:
      /: is not a complete amazon-app-logs snapshot: missing columns \(orders lacks buyer_name; errors lacks message\)$/,
  },
  {
    name: 'a newer schema_version',
    make: () => {
      const f = place('future.db');
      sqlite(f, `${schema()}\nUPDATE meta SET value = '3' WHERE key = 'schema_version';`);
      return f;
    },
    problem: /: has schema_version 3, newer than this tool knows \(2\); upgrade amazon-logs$/,
  },
  {
    name: 'an older schema_version this tool has no migration for',
    make: () => {
      const f = place('past.db');
      sqlite(f, `${schema()}\nUPDATE meta SET value = '0' WHERE key = 'schema_version';`);
      return f;
    },
    problem:
      /: has schema_version 0, older than this tool \(2\) can migrate: no migration from schema_version 0 \(needed to go from 0 to 2\)$/,
  },
  {
    name: 'no schema_version',
    make: () => {
      const f = place('unversioned.db');
      sqlite(f, `${schema()}\nDELETE FROM meta;`);
      return f;
    },
    problem: /: has no valid schema_version in its meta table \(found none\)$/,
  },
  {
    name: 'page-level damage only PRAGMA quick_check finds',
    make: () => {
      const f = place('damaged.db');
      fs.copyFileSync(demo, f);
      corruptLeaf(f);
      return f;
    },
    problem: /: is damaged: PRAGMA quick_check reports Tree \d+ page \d+ cell 0: Rowid \d+ out of order$/,
    onlyBeforeWriting: true,
  },
];

function write(name: string, bytes: Buffer): string {
  const f = place(name);
  fs.writeFileSync(f, bytes);
  return f;
}

describe('a bad file ends every command with one line naming it, exit 2, and is left exactly as it was', () => {
  it('the damage in the corruption case is real: sqlite3 reports it, yet a query of the orders works', () => {
    const f = place('damaged.db');
    fs.copyFileSync(demo, f);
    corruptLeaf(f);
    expect(execFileSync('sqlite3', [f, 'PRAGMA quick_check']).toString()).toMatch(/out of order/);
    expect(Number(execFileSync('sqlite3', [f, 'SELECT COUNT(*) FROM orders']).toString())).toBeGreaterThan(0);
  });

  it.each(CASES)('$name', ({ make, problem, onlyBeforeWriting }) => {
    const file = make();
    const before = fingerprint(file);
    const reads = [
      ['list', 'orders', '--db', file],
      ['show', 'orders', '1', '--db', file],
    ];
    for (const args of [...(onlyBeforeWriting ? [] : reads), ['resolve', 'orders', '1', '--db', file]]) {
      const r = cli(args);
      expectOneLineError(r, `amazon-logs: ${file}: `);
      expect(r.stderr.trimEnd()).toMatch(problem);
      expectUnchanged(before);
    }
  });

  it('list and show run no integrity check (it reads every page): on damage away from their answer they answer, and the file stays as it was', () => {
    const f = place('damaged.db');
    fs.copyFileSync(demo, f);
    sqlite(f, "UPDATE meta SET value = 'a producer' WHERE key = 'generator';"); // not labelled a demo: one line on stderr
    corruptLeaf(f); // in the transactions table
    const before = fingerprint(f);
    const listed = cli(['list', 'orders', '--limit', '3', '--db', f]);
    // The footer on stderr, nothing about damage; the rows on stdout.
    expect(listed.stderr).toMatch(/^\(3 of \d+ rows; use --limit to see more\)\n$/);
    expect(listed.code).toBe(0);
    expect(listed.stdout.trim().split('\n')).toHaveLength(4);
    // The newest order: its rows lie far from the damaged leaf, at the start of the transactions.
    const newest = /^\s*(\d+)\s/m.exec(listed.stdout.split('\n')[1]!)![1]!;
    const shown = cli(['show', 'orders', newest, '--db', f]);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toMatch(/^Order /);
    // A query that reaches the damage says so in one line.
    expectOneLineError(
      cli(['list', 'logs', '--limit', '1000', '--db', f]),
      `amazon-logs: ${f}: is damaged (database disk image is malformed)`,
    );
    expectUnchanged(before);
  });

  it('a file past 4 GiB (a sparse copy of a real one) opens: it is read a block at a time, never whole', () => {
    const f = place('huge.db');
    fs.copyFileSync(good, f);
    fs.truncateSync(f, 4 * 1024 ** 3 + 4096); // sparse: no disk used
    const { size, mtimeMs } = fs.statSync(f);
    const listed = cli(['list', 'orders', '--db', f]);
    expect(listed.stderr).toBe('(3 rows)\n');
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(/114-0000003-0000003/);
    expect(fs.statSync(f)).toMatchObject({ size, mtimeMs });
    expect(fs.readdirSync(path.dirname(f))).toEqual(['huge.db']);
  });

  it('a directory', () => {
    const folder = place('folder.db');
    fs.mkdirSync(folder);
    fs.writeFileSync(path.join(folder, 'inside'), 'x');
    const before = fingerprint(path.join(folder, 'inside'));
    for (const args of [
      ['list', 'orders', '--db', folder],
      ['resolve', 'orders', '1', '--db', folder],
    ]) {
      const r = cli(args);
      expectOneLineError(r, `amazon-logs: ${folder}: is a directory, not a snapshot file`);
    }
    expectUnchanged(before);
  });

  it('names from the file are printed as visible escapes, never as raw control bytes', () => {
    const f = place('hostile-crm.db');
    sqlite(f, 'CREATE TABLE "evil\x1b]0;pwned\x07\u202e" (id INTEGER);');
    const r = cli(['list', 'orders', '--db', f]);
    expectOneLineError(r, '(it has evil\\x1b]0;pwned\\x07\\u202e)');
    expect(r.stderr).not.toMatch(/[\x00-\x09\x0b-\x1f\x7f\u202e]/);
  });

  it('no read permission (run as the user nobody, since root reads anything)', (ctx) => {
    ctx.skip(!unprivileged.ok, unprivileged.why);
    const file = place('secret.db');
    fs.copyFileSync(good, file);
    fs.chmodSync(file, 0o600);
    const before = fingerprint(file);
    for (const args of [
      ['list', 'orders', '--db', file],
      ['resolve', 'orders', '1', '--db', file],
    ]) {
      expectOneLineError(cliAsNobody(args), `amazon-logs: ${file}: cannot read it: permission denied`);
      expectUnchanged(before);
    }
    // A folder nobody may enter hides the file the same way.
    const locked = place('locked.db');
    fs.copyFileSync(good, locked);
    fs.chmodSync(path.dirname(locked), 0o700);
    expectOneLineError(
      cliAsNobody(['list', 'orders', '--db', locked]),
      `amazon-logs: ${locked}: cannot read it: permission denied`,
    );
  });

  it('the same good file opens: the cases above fail for what is wrong with them, not for the commands', () => {
    const r = cli(['show', 'orders', '1', '--db', good]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Order 112-0000001-0000001');
  });
});

describe.runIf(haveTmux())('a bad file given to the dashboard', () => {
  let term: RecordedTerminal | undefined;
  afterEach(() => term?.stop());

  // Damage only quick_check finds is the dashboard's to check in the background (it refuses actions until then).
  it.each(
    CASES.filter((c) =>
      [
        'a text file',
        'a truncated snapshot',
        "a SQLite file with another application's tables",
        'a newer schema_version',
      ].includes(c.name),
    ),
  )('$name: one line in the terminal, exit 2, the terminal left as it was', async ({ make, problem }) => {
    const file = make();
    const before = fingerprint(file);
    term = new RecordedTerminal(320, 24);
    term.startCli([file]);
    const screen = await term.waitFor('[exited 2]');
    const lines = screen.split('\n').filter((l) => l.trim() !== '');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(new RegExp(`^amazon-logs: ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: `));
    expect(lines[0]).toMatch(problem);
    // The dashboard never started: no switch to the alternate screen.
    expect(term.raw().includes('\x1b[?1049h')).toBe(false);
    expectUnchanged(before);
  });
});
