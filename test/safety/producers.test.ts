/**
 * Producers: another program (here the sqlite3 shell) writing the snapshot
 * while amazon-logs saves it, through the built binary. A save never erases a
 * row the producer committed: while the producer has the file open for writing
 * the save is refused (exit 3, one line, the file as it was) and a dashboard
 * keeps its actions in the journal and saves them once the producer is done.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { hasJournal } from '../../src/db/index.js';
import { cli, haveTmux, RecordedTerminal } from './support.js';

let dir: string;
let base: string;
let producer: ChildProcess | undefined;
let term: RecordedTerminal | undefined;
// With a busy timeout: the producer of a test may hold the file's lock for a moment.
const sql = (file: string, q: string) =>
  execFileSync('sqlite3', ['-cmd', '.timeout 5000', file, q], { encoding: 'utf8' }).trim();

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'alogs-producers-'));
  base = path.join(dir, 'base.db');
  const made = cli(['demo', '--out', base, '--transactions', '3000', '--seed', '12']);
  if (made.code !== 0) throw new Error(made.stderr);
});
afterEach(() => {
  producer?.kill('SIGKILL');
  producer = undefined;
  term?.stop();
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function copy(name: string): string {
  const file = path.join(dir, name);
  fs.copyFileSync(base, file);
  return file;
}

/** A sqlite3 shell with the file open (it opens it at its first statement), as a producer's connection is. */
async function openProducer(file: string): Promise<ChildProcess> {
  const child = spawn('sqlite3', [file], { stdio: ['pipe', 'pipe', 'inherit'] });
  const ready = new Promise<void>((resolve) => child.stdout!.once('data', () => resolve()));
  child.stdin!.write("SELECT 'open';\n");
  await ready;
  return child;
}

const openErrors = (file: string, n: number) =>
  sql(
    file,
    `SELECT id FROM errors WHERE resolved = 0 AND severity = 'error' AND superseded_by IS NULL ORDER BY id LIMIT ${n}`,
  )
    .split('\n')
    .map(Number);

describe('a producer with the file open for writing', () => {
  it('makes a command refuse to save (exit 3, one line naming it, the file as it was); once it closes, the save goes through', async () => {
    const file = copy('open.db');
    const [id] = openErrors(file, 1);
    producer = await openProducer(file);
    const before = fs.readFileSync(file);
    const refused = cli(['resolve', 'errors', String(id), '--db', file, '--actor', 'ops']);
    expect(refused.code).toBe(3);
    expect(refused.stderr.trim().split('\n').at(-1)).toMatch(
      new RegExp(
        `^amazon-logs: .*open\\.db: not saved: sqlite3 \\(pid ${producer.pid}\\) has open\\.db open for writing, and replacing the file now would erase what it writes; try again once it is done$`,
      ),
    );
    expect(refused.stderr).not.toMatch(/\n\s+at /);
    expect(fs.readFileSync(file).equals(before)).toBe(true);
    producer.stdin!.end('.quit\n');
    await new Promise((r) => producer!.once('exit', r));
    producer = undefined;
    expect(cli(['resolve', 'errors', String(id), '--db', file, '--actor', 'ops']).code).toBe(0);
    expect(sql(file, `SELECT resolved FROM errors WHERE id = ${id}`)).toBe('1');
  });
});

describe('a producer committing every 0.1 s while commands save', () => {
  it('never has a committed row erased', async () => {
    const file = copy('busy.db');
    const committed = path.join(dir, 'committed.txt');
    // Each commit its own sqlite3 process, as a cron job or a script would: it says which rows it committed.
    const ids = openErrors(file, 14);
    const loop = `for i in $(seq 1 40); do sqlite3 ${file} "INSERT INTO meta(key, value) VALUES ('producer-$i', 'x')" 2>/dev/null && echo $i >> ${committed}; sleep 0.1; done`;
    producer = spawn('bash', ['-c', loop], { stdio: 'ignore' });
    const done = new Promise((r) => producer!.once('exit', r));
    const codes: (number | null)[] = [];
    for (const id of ids) {
      codes.push(cli(['resolve', 'errors', String(id), '--db', file, '--actor', 'ops']).code);
      if (producer.exitCode !== null) break;
    }
    await done;
    producer = undefined;
    const rows = sql(
      file,
      "SELECT substr(key, 10) FROM meta WHERE key LIKE 'producer-%' ORDER BY CAST(substr(key, 10) AS INTEGER)",
    )
      .split('\n')
      .filter(Boolean);
    const said = fs.readFileSync(committed, 'utf8').trim().split('\n');
    expect(rows).toEqual(said);
    expect(said.length).toBeGreaterThan(20);
    // Each command saved or refused with exit 3; what one says it saved is there, once.
    expect(codes.every((c) => c === 0 || c === 3)).toBe(true);
    expect(Number(sql(file, "SELECT COUNT(*) FROM audit_log WHERE actor = 'ops'"))).toBe(
      codes.filter((c) => c === 0).length,
    );
    expect(sql(file, 'PRAGMA integrity_check')).toBe('ok');
  });
});

describe('reading while a producer commits again and again', () => {
  it('list and show answer from one version each time: never "damaged", never a mix', async () => {
    const file = copy('reads.db');
    const loop = `for i in $(seq 1 60); do sqlite3 ${file} "INSERT INTO meta(key, value) VALUES ('reader-$i', 'x'); UPDATE errors SET message = message WHERE id % 7 = $i % 7" 2>/dev/null; sleep 0.05; done`;
    producer = spawn('bash', ['-c', loop], { stdio: 'ignore' });
    const done = new Promise((r) => producer!.once('exit', r));
    const results: { code: number | null; stderr: string }[] = [];
    while (producer.exitCode === null && results.length < 15) {
      results.push(cli(['list', 'errors', '--limit', '3', '--db', file]));
      results.push(cli(['show', 'errors', '1', '--db', file]));
    }
    await done;
    producer = undefined;
    expect(results.length).toBeGreaterThan(4);
    for (const r of results) {
      expect(r.stderr).not.toMatch(/damaged|malformed|does not read its in-memory file/);
      expect(r.code, r.stderr).toBe(0);
    }
  });
});

describe.runIf(haveTmux())('a dashboard saving while a producer has the file open', () => {
  it('keeps the action in the journal, says so, and saves it once the producer is done', async () => {
    const file = copy('dash.db');
    term = new RecordedTerminal(100, 30, dir);
    term.startCli([file, '--actor', 'e2e-prod']);
    await term.waitFor(/row 1 of \d+/);
    producer = await openProducer(file);
    term.keys('e');
    // The selected order, read before acting: the acknowledgement gives way to the save's notice within a second.
    const ref = /^› (\d{3}-\d{7}-\d{7})/m.exec(await term.waitForRowsOf('Filters: Show Errors Only'))![1]!;
    term.keys('o');
    await term.waitFor('Mark as Resolved');
    term.keys('Down', 'Enter');
    await term.waitFor(/not saved: sqlite3 \(pid \d+\) has dash\.db open for writing.*/, 30_000);
    expect(hasJournal(file)).toBe(true);
    expect(sql(file, `SELECT resolved FROM orders WHERE order_ref = '${ref}'`)).toBe('0');
    producer.stdin!.end('.quit\n');
    producer = undefined;
    const end = Date.now() + 40_000; // the save is tried again every 5 s; a loaded machine is slower
    while (hasJournal(file) && Date.now() < end) await new Promise((r) => setTimeout(r, 100));
    expect(hasJournal(file)).toBe(false);
    expect(sql(file, `SELECT resolved FROM orders WHERE order_ref = '${ref}'`)).toBe('1');
    term.keys('q');
    await term.waitFor('[exited 0]');
  });
});
