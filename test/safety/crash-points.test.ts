/**
 * Crash points, swept: the built binary is killed (strace injects SIGKILL) at
 * every file-system call that writes (copy, pwrite, truncate, fsync, rename, unlink), of a command's save and of `replay`'s
 * recovery of a dead dashboard's journal, one run per call; and the same calls
 * fail with ENOSPC, as on a full disk. After each, the next run: the file passes
 * integrity_check, every journaled action is in it exactly once (a re-run adds
 * one transaction, never two), no acknowledged action is lost, and nothing is
 * left beside the file (temporary file, lock, journal).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stampOf } from '../../src/db/stamp.js';
import { journalPath } from '../../src/db/index.js';
import { CLI, cli, haveTmux, RecordedTerminal } from './support.js';

/**
 * The calls of a save and of a recovery that change something on disk. Plain
 * `write` is left out: most of them are the event loop's wake-ups, and the few
 * to files (the lock's pid) come right after an `openat` a kill there equals.
 */
const WRITING_CALLS = ['copy_file_range', 'pwrite64', 'fsync', 'ftruncate', 'rename', 'unlink'] as const;

const haveStrace = spawnSync('strace', ['-V']).status === 0;

let dir: string;
let base: string;
let failingOrder: number;
let openError: number;
/** Another open error: a later command that saves, after a kill. */
let laterError: number;

const sql = (file: string, q: string) => execFileSync('sqlite3', [file, q], { encoding: 'utf8' }).trim();

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'alogs-crash-'));
  base = path.join(dir, 'base.db');
  const made = cli(['demo', '--out', base, '--transactions', '3000', '--seed', '11']);
  if (made.code !== 0) throw new Error(made.stderr);
  failingOrder = Number(
    sql(
      base,
      "SELECT o.id FROM orders o JOIN errors e ON e.order_ref = o.order_ref WHERE e.resolved = 0 AND e.superseded_by IS NULL AND e.code = 'ORD_SKU_UNLINKED' LIMIT 1",
    ),
  );
  openError = Number(
    sql(
      base,
      "SELECT id FROM errors WHERE resolved = 0 AND severity = 'error' AND superseded_by IS NULL AND order_ref IS NULL ORDER BY id LIMIT 1",
    ),
  );
  laterError = Number(
    sql(
      base,
      `SELECT id FROM errors WHERE resolved = 0 AND severity = 'error' AND superseded_by IS NULL AND order_ref IS NULL AND id <> ${openError} ORDER BY id LIMIT 1`,
    ),
  );
}, 120_000);
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** The command under strace: `inject` is SYSCALL:signal=SIGKILL:when=N or SYSCALL:error=ENOSPC:when=N. */
function traced(
  args: string[],
  inject?: string,
): { code: number | null; signal: NodeJS.Signals | null; stderr: string; calls: Map<string, number> } {
  const log = path.join(dir, 'strace.log');
  const flags = inject ? ['-e', `inject=${inject}`] : [];
  const r = spawnSync(
    'strace',
    ['-f', '-qq', '-o', log, '-e', `trace=${WRITING_CALLS.join(',')}`, ...flags, process.execPath, CLI, ...args],
    { encoding: 'utf8', timeout: 60_000 },
  );
  const calls = new Map<string, number>();
  for (const line of fs.readFileSync(log, 'utf8').split('\n')) {
    const name = /^\d+\s+(\w+)\(/.exec(line)?.[1];
    if (name) calls.set(name, (calls.get(name) ?? 0) + 1);
  }
  // strace exits with the traced program's status; a program it killed shows as 128 + 9 or the signal.
  const killed =
    r.status === 137 || r.signal === 'SIGKILL' || /\+\+\+ killed by SIGKILL/.test(fs.readFileSync(log, 'utf8'));
  return { code: killed ? null : r.status, signal: killed ? 'SIGKILL' : null, stderr: r.stderr, calls };
}

/** A fresh copy of the snapshot for one run. */
function copy(name: string): string {
  const file = path.join(dir, name);
  for (const n of fs.readdirSync(dir))
    if (n.startsWith(name) || n.startsWith(`.${name}`)) fs.rmSync(path.join(dir, n), { force: true });
  fs.copyFileSync(base, file);
  return file;
}

/** What a dead dashboard left: a journal of a re-run and a resolve, its process gone. */
function deadJournal(file: string): void {
  const session = '0123456789ab';
  const header = {
    session,
    base: stampOf(file),
    file: path.basename(file),
    owner: { pid: 2 ** 22 + 4321, host: os.hostname(), started: '' },
  };
  const entries = [
    { seq: 1, at: '2026-11-27T10:00:00Z', actor: 'crash-ops', tab: 'orders', action: 'rerun', ids: [failingOrder] },
    { seq: 2, at: '2026-11-27T10:00:01Z', actor: 'crash-ops', tab: 'errors', action: 'resolve', ids: [openError] },
  ];
  fs.writeFileSync(journalPath(file, session), [header, ...entries].map((l) => JSON.stringify(l)).join('\n') + '\n');
}

/** What a file holds of the journal's actions, and whether it is sound. */
function state(file: string) {
  return {
    integrity: sql(file, 'PRAGMA integrity_check'),
    transactions: Number(sql(file, 'SELECT COUNT(*) FROM transactions')),
    audit: Number(sql(file, "SELECT COUNT(*) FROM audit_log WHERE actor = 'crash-ops'")),
    resolved: Number(sql(file, `SELECT resolved FROM errors WHERE id = ${openError}`)),
  };
}

function leftBeside(file: string): string[] {
  const name = path.basename(file);
  return fs.readdirSync(dir).filter((n) => n !== name && (n.startsWith(`${name}.`) || n.startsWith(`.${name}.`)));
}

/** Every (call, N) of a clean run: the points to kill at. */
function points(calls: Map<string, number>): string[] {
  return [...calls].flatMap(([name, n]) => Array.from({ length: n }, (_, i) => `${name}:when=${i + 1}`));
}

describe.runIf(haveStrace)('killed at every writing call', () => {
  it("of replay's recovery: each journaled action lands exactly once, at the next run", { timeout: 900_000 }, () => {
    const clean = copy('clean.db');
    deadJournal(clean);
    const first = traced(['replay', clean]);
    expect(first.code).toBe(0);
    const expected = state(clean);
    expect(expected).toMatchObject({ integrity: 'ok', audit: 2, resolved: 1 });
    expect(leftBeside(clean)).toEqual([]);
    const sweep = points(first.calls);
    expect(sweep.length).toBeGreaterThan(5);
    const results: string[] = [];
    for (const point of sweep) {
      const file = copy('swept.db');
      deadJournal(file);
      const killed = traced(['replay', file], `${point.split(':')[0]}:signal=SIGKILL:${point.split(':')[1]}`);
      const again = cli(['replay', file]);
      expect(again.code, `${point}: ${again.stderr}`).toBe(0);
      expect(state(file), point).toEqual(expected);
      expect(
        leftBeside(file).filter((n) => !n.endsWith('.tmp') && !n.endsWith('.save-lock')),
        point,
      ).toEqual([]);
      results.push(`${point} ${killed.signal ?? 'ran through'}`);
    }
    expect(results.filter((r) => r.endsWith('SIGKILL')).length).toBeGreaterThan(sweep.length / 2);
  });

  it(
    "of a command's save: the file holds all of the action or none, and the next run lands it once",
    { timeout: 900_000 },
    () => {
      const clean = copy('clean.db');
      const first = traced(['resolve', 'errors', String(openError), '--db', clean, '--actor', 'crash-ops']);
      expect(first.code).toBe(0);
      const sweep = points(first.calls);
      for (const point of sweep) {
        const file = copy('swept.db');
        const killed = traced(
          ['resolve', 'errors', String(openError), '--db', file, '--actor', 'crash-ops'],
          `${point.split(':')[0]}:signal=SIGKILL:${point.split(':')[1]}`,
        );
        const after = state(file);
        expect(after.integrity, point).toBe('ok');
        // All or nothing: resolved with its audit row, or neither.
        expect([after.resolved, after.audit], point).toEqual(
          killed.code === 0 ? [1, 1] : after.resolved ? [1, 1] : [0, 0],
        );
        if (!after.resolved)
          expect(cli(['resolve', 'errors', String(openError), '--db', file, '--actor', 'crash-ops']).code, point).toBe(
            0,
          );
        expect(state(file), point).toMatchObject({ integrity: 'ok', resolved: 1, audit: 1 });
        // The next save clears what the killed one left (its temporary file, its lock).
        expect(cli(['resolve', 'errors', String(laterError), '--db', file, '--actor', 'later-ops']).code, point).toBe(
          0,
        );
        expect(leftBeside(file), point).toEqual([]);
      }
    },
  );
});

describe.runIf(haveStrace && haveTmux())(
  "killed at each fsync of the dashboard's database thread (journal append, save)",
  () => {
    it(
      'an action the screen acknowledged is in the file after the next open, once; one it did not may be or not, never twice',
      { timeout: 600_000 },
      async () => {
        const ref = sql(
          base,
          "SELECT order_ref FROM orders WHERE status = 'Error' AND resolved = 0 ORDER BY purchase_date DESC, id DESC LIMIT 1",
        );
        // strace counts each thread's calls: in the database thread, fsync 1 is the journal line's, 2 the folder's
        // (a new journal), 3 the folder's after the save's rename (the copy's own fsync runs in a pool thread).
        for (let n = 1; n <= 3; n++) {
          const file = copy('dash.db');
          const term = new RecordedTerminal(100, 30, dir);
          try {
            term.start([
              'strace',
              '-f',
              '-qq',
              '-o',
              '/dev/null',
              '-e',
              'trace=fsync',
              '-e',
              `inject=fsync:signal=SIGKILL:when=${n}`,
              process.execPath,
              CLI,
              file,
              '--actor',
              'crash-dash',
            ]);
            await term.waitFor(/row 1 of \d+/, 30_000);
            term.keys('e');
            await term.waitFor(new RegExp(`^› ${ref}`, 'm'));
            term.keys('o');
            await term.waitFor('Mark as Resolved');
            term.keys('Down', 'Enter');
            await term.waitFor('[exited', 30_000);
            const acknowledged =
              term.screen().includes(`Marked order ${ref} as resolved`) ||
              term.raw().toString('utf8').includes(`Marked order ${ref} as resolved`);
            expect(cli(['replay', file]).code, `fsync ${n}`).toBe(0);
            const resolved = sql(file, `SELECT resolved FROM orders WHERE order_ref = '${ref}'`);
            const audits = Number(sql(file, "SELECT COUNT(*) FROM audit_log WHERE actor = 'crash-dash'"));
            // The save's last fsync comes after the acknowledgement was drawn.
            if (n === 3) expect(acknowledged, 'fsync 3').toBe(true);
            if (acknowledged) expect([resolved, audits], `fsync ${n}: acknowledged`).toEqual(['1', 1]);
            else expect(audits, `fsync ${n}: not acknowledged`).toBe(Number(resolved));
            expect(sql(file, 'PRAGMA integrity_check'), `fsync ${n}`).toBe('ok');
          } finally {
            term.stop();
          }
        }
      },
    );
  },
);

describe.runIf(haveStrace)('a full disk at every writing call', () => {
  it(
    "of replay's recovery and of a command's save: one line, the file as it was or complete, and the next run lands every action once",
    { timeout: 900_000 },
    () => {
      const clean = copy('clean.db');
      deadJournal(clean);
      const first = traced(['replay', clean]);
      const expected = state(clean);
      const sweep = points(first.calls).filter((p) => /^(copy_file_range|pwrite64|ftruncate):/.test(p));
      for (const point of sweep) {
        const file = copy('full.db');
        deadJournal(file);
        const full = traced(['replay', file], `${point.split(':')[0]}:error=ENOSPC:${point.split(':')[1]}`);
        if (full.code !== 0) {
          // Stdout and stderr writes fail too when the injection hits them; otherwise one line, no stack.
          expect(full.stderr, point).not.toMatch(/\n\s+at .*\.js:\d+/);
          expect(full.code, point).not.toBe(null);
        }
        expect(sql(file, 'PRAGMA integrity_check'), point).toBe('ok');
        const again = cli(['replay', file]);
        expect(again.code, `${point}: ${again.stderr}`).toBe(0);
        expect(state(file), point).toEqual(expected);
      }
    },
  );
});
