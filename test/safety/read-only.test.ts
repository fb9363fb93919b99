/**
 * Read-only review through the built binary: --read-only, a file the user
 * cannot write (or cannot replace), and a live database (a -wal or -journal
 * beside it). Everything browses, actions are refused with the reason, and the
 * file and its folder are never written.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  asNobody,
  cli,
  cliAsNobody,
  expectUnchanged,
  fingerprint,
  haveTmux,
  folderWithGoodSnapshot,
  RecordedTerminal,
  unprivileged,
  type CliResult,
  type Fingerprint,
} from './support.js';

let dir: string;
let good: string;
beforeAll(async () => {
  ({ dir, good } = await folderWithGoodSnapshot('alogs-ro-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** A copy of the good snapshot in a folder of its own. */
function copy(name = 's.db', folderMode = 0o755): string {
  const own = fs.mkdtempSync(path.join(dir, 'case-'));
  const file = path.join(own, name);
  fs.copyFileSync(good, file);
  fs.chmodSync(own, folderMode);
  return file;
}

const LIVE_ORDER = '999-9999999-9999999';

/**
 * Leaves the file as a live database would: sqlite3 writes an order and is
 * killed before it can checkpoint (WAL) or finish its transaction (rollback
 * journal), so the -wal / -journal beside it holds data the main file lacks.
 */
async function killedWriter(file: string, mode: 'wal' | 'journal'): Promise<void> {
  const sql =
    mode === 'wal'
      ? `PRAGMA journal_mode=WAL; PRAGMA wal_autocheckpoint=0; INSERT INTO orders(order_ref, status) VALUES ('${LIVE_ORDER}', 'Error');`
      : `PRAGMA journal_mode=DELETE; BEGIN; INSERT INTO orders(order_ref, status) VALUES ('${LIVE_ORDER}', 'Error'); UPDATE orders SET buyer_name = 'half-written';`;
  const writer = spawn('sqlite3', [file], { stdio: ['pipe', 'pipe', 'inherit'] });
  await new Promise<void>((resolve) => {
    writer.stdout.on('data', (d: Buffer) => d.toString().includes('written') && resolve());
    writer.stdin.write(`${sql}\n.print written\n`);
  });
  writer.kill('SIGKILL');
  await new Promise((r) => writer.once('exit', r));
  expect(fs.existsSync(`${file}-${mode}`)).toBe(true);
}

/** The file and everything beside it. */
function fingerprints(file: string): Fingerprint[] {
  return fs.readdirSync(path.dirname(file)).map((name) => fingerprint(path.join(path.dirname(file), name)));
}

function expectAllUnchanged(before: Fingerprint[]): void {
  for (const f of before) expectUnchanged(f);
}

/** `list` and `show` work and print the rows; the actions are refused with the reason, exit 2. */
function expectBrowsesButRefuses(run: (args: string[]) => CliResult, file: string, reason: string): void {
  const list = run(['list', 'errors', '--db', file]);
  expect(list.code, list.stderr).toBe(0);
  expect(list.stdout).toContain('ORD_SKU_UNLINKED');
  const show = run(['show', 'orders', '1', '--db', file]);
  expect(show.code, show.stderr).toBe(0);
  expect(show.stdout).toContain('Order 112-0000001-0000001');
  for (const action of ['resolve', 'unresolve', 'rerun', 'resolve-rerun']) {
    const r = run([action, 'orders', '1', '--db', file]);
    expect(r.code, r.stderr).toBe(3);
    expect(r.stdout).toBe('');
    expect(r.stderr.trimEnd().split('\n').at(-1)).toBe(`amazon-logs: read-only: ${reason}; actions are disabled`);
  }
}

describe('a live database (a -wal or -journal beside it) is opened read-only', () => {
  it('-wal: rows are listed with a warning that un-checkpointed data is not shown; actions are refused; nothing is written', async () => {
    const file = copy();
    await killedWriter(file, 'wal');
    const before = fingerprints(file);
    const reason =
      's.db-wal lies beside it (a live database, not a quiet snapshot): data not yet checkpointed into s.db is not shown';
    const list = cli(['list', 'orders', '--db', file]);
    expect(list.code).toBe(0);
    expect(list.stderr.split('\n')[0]).toBe(`amazon-logs: ${file}: ${reason}`);
    expect(list.stdout).toContain('112-0000001-0000001');
    // The order sits in the -wal only: the warning is true.
    expect(list.stdout).not.toContain(LIVE_ORDER);
    expectBrowsesButRefuses(cli, file, reason);
    expectAllUnchanged(before);
  });

  it('-journal: the same, with a warning that an unfinished write may show in part', async () => {
    const file = copy();
    await killedWriter(file, 'journal');
    const before = fingerprints(file);
    const reason =
      's.db-journal lies beside it (a live database, not a quiet snapshot): a write in progress or interrupted may show only in part';
    const list = cli(['list', 'orders', '--db', file]);
    expect(list.code).toBe(0);
    expect(list.stderr.split('\n')[0]).toBe(`amazon-logs: ${file}: ${reason}`);
    expectBrowsesButRefuses(cli, file, reason);
    expectAllUnchanged(before);
  });
});

describe('a file the user cannot write or replace is opened read-only (run as nobody: root writes anything)', () => {
  const cases: { name: string; make: () => string; reason: (file: string) => string }[] = [
    {
      name: 'a file only its owner may write',
      make: () => copy('s.db'),
      reason: () => 'nobody cannot write s.db',
    },
    {
      name: 'a writable file in a folder the user cannot create files in (a save writes its new copy there)',
      make: () => {
        const f = copy('s.db');
        fs.chmodSync(f, 0o666);
        return f;
      },
      reason: (f) => `nobody cannot create files in ${path.dirname(f)}, where a save writes s.db's new copy`,
    },
    {
      name: 'a writable file in a sticky folder (like /tmp) that belongs to someone else, so it cannot be replaced',
      make: () => {
        const f = copy('s.db', 0o1777);
        fs.chmodSync(f, 0o666);
        return f;
      },
      reason: (f) =>
        `${path.dirname(f)} is a sticky folder and s.db belongs to another user, so nobody cannot replace it`,
    },
  ];

  it.for(cases)('$name', (c, ctx) => {
    ctx.skip(!unprivileged.ok, unprivileged.why);
    const file = c.make();
    const before = fingerprints(file);
    expectBrowsesButRefuses(cliAsNobody, file, c.reason(file));
    expectAllUnchanged(before);
  });

  it('the same actions go through as root, so the refusals above are about the user', () => {
    const file = copy('s.db', 0o1777);
    const r = cli(['resolve', 'orders', '1', '--db', file]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('Marked order 112-0000001-0000001 as resolved with 1 error\n');
  });
});

describe.runIf(haveTmux())('the dashboard, read-only', () => {
  let term: RecordedTerminal | undefined;
  afterEach(() => term?.stop());

  /** Every tab and a record's detail show; the options key says why actions are off; q quits with status 0. */
  async function browseAndTryToAct(t: RecordedTerminal, reason: string): Promise<void> {
    const first = await t.waitFor(/row 1 of \d+/);
    expect(first).toContain('READ-ONLY');
    for (const [key, tab] of [
      ['2', 'Inventory'],
      ['3', 'Logs'],
      ['4', 'Errors'],
      ['1', 'Orders'],
    ] as const) {
      t.keys(key);
      await t.waitFor(new RegExp(`\\[${key} ${tab} \\d+ open\\]`));
      await t.waitFor(/row 1 of \d+/);
    }
    t.keys('Enter');
    await t.waitFor(/ Order \d{3}-\d{7}-\d{7} /);
    t.keys('Escape');
    // Back on the table (an Escape and a key that arrive together read as Alt+key).
    await t.waitFor(/Order#\s+Purchased/);
    t.keys('o');
    const refused = await t.waitFor('✗ Read-only');
    expect(refused).toContain(`✗ Read-only: ${reason}`);
    expect(refused).not.toContain('Mark as Resolved');
    t.keys('q');
    await t.waitFor('[exited 0]');
  }

  it('--read-only', async () => {
    const file = copy();
    const before = fingerprints(file);
    term = new RecordedTerminal(200, 24);
    term.startCli([file, '--read-only']);
    await browseAndTryToAct(term, 'opened with --read-only');
    expectAllUnchanged(before);
  });

  it('a -wal beside the file', async () => {
    const file = copy();
    await killedWriter(file, 'wal');
    const before = fingerprints(file);
    term = new RecordedTerminal(200, 24);
    term.startCli([file]);
    await browseAndTryToAct(
      term,
      's.db-wal lies beside it (a live database, not a quiet snapshot): data not yet checkpointed into s.db is not shown',
    );
    expectAllUnchanged(before);
  });

  it('a file the user cannot write (as nobody)', async (ctx) => {
    ctx.skip(!unprivileged.ok, unprivileged.why);
    const file = copy();
    const before = fingerprints(file);
    term = new RecordedTerminal(200, 24);
    term.start(asNobody([file]));
    await browseAndTryToAct(term, 'nobody cannot write s.db');
    expectAllUnchanged(before);
  });
});
