/**
 * SIGKILL at many points of `amazon-logs resolve` on a snapshot big enough
 * that its save takes a while: afterwards the file always opens, passes
 * PRAGMA quick_check, and holds either the old content or the whole resolve.
 * A kill can leave the save's temporary file behind; the next save removes it.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSnapshot } from '../../src/db/index.js';
import { CLI, cli, openDir } from './support.js';

let dir: string;
let base: string;
let work: string;
let errorId: number;
let auditBefore: number;

beforeAll(async () => {
  dir = openDir('alogs-kill-');
  base = path.join(dir, 'base.db');
  work = path.join(dir, 'work.db');
  const made = cli(['demo', '--out', base, '--transactions', '50000', '--seed', '7']);
  if (made.code !== 0) throw new Error(made.stderr);
  const snap = await openSnapshot(base);
  errorId = Number(snap.value("SELECT id FROM errors WHERE resolved = 0 AND severity = 'error' ORDER BY id LIMIT 1"));
  auditBefore = Number(snap.value('SELECT COUNT(*) FROM audit_log'));
  snap.close();
}, 180_000);
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const TEMP = /^\.work\.db\.\d+\.[0-9a-f]+\.tmp$/;
const temps = () => fs.readdirSync(dir).filter((n) => TEMP.test(n));

interface Run {
  /** ms from spawn until the save's temporary file appeared, the rename, and the exit. */
  tempAt?: number;
  renameAt?: number;
  exitAt: number;
  killed: boolean;
  code: number | null;
}

/**
 * Runs `resolve errors ID` on the work file, watching the folder. `kill` says
 * when to send SIGKILL: a delay after the start, or after the temporary file
 * of the save appears.
 */
function runResolve(kill?: { after: 'start' | 'temp'; ms: number }): Promise<Run> {
  return new Promise((resolve) => {
    // Leftovers of earlier kills: this run's save removes them, which the watcher also hears.
    const earlier = new Set(temps());
    const t0 = performance.now();
    const run: Partial<Run> = { killed: false };
    const child = spawn(process.execPath, [CLI, 'resolve', 'errors', String(errorId), '--db', work], {
      stdio: 'ignore',
    });
    const killNow = () => {
      if (child.exitCode === null && child.signalCode === null) run.killed = child.kill('SIGKILL');
    };
    const watcher = fs.watch(dir, (_event, name) => {
      const at = performance.now() - t0;
      if (name && TEMP.test(name) && !earlier.has(name) && run.tempAt === undefined) {
        run.tempAt = at;
        if (kill?.after === 'temp') {
          if (kill.ms === 0) killNow();
          else setTimeout(killNow, kill.ms);
        }
      }
      if (name === 'work.db' && run.tempAt !== undefined) run.renameAt ??= at;
    });
    if (kill?.after === 'start') setTimeout(killNow, kill.ms);
    child.on('exit', (code) => {
      watcher.close();
      resolve({ ...run, exitAt: performance.now() - t0, code, killed: run.killed ?? false } as Run);
    });
  });
}

type State = 'old' | 'new';

/** Which whole state the file holds; throws if it does not open, fails quick_check, or holds part of the resolve. */
async function stateOf(file: string, old: Buffer): Promise<State> {
  const bytes = fs.readFileSync(file);
  if (bytes.equals(old)) return 'old';
  const snap = await openSnapshot(file, { readOnly: true, quickCheck: true });
  try {
    const resolved = Number(snap.value('SELECT resolved FROM errors WHERE id = ?', [errorId]));
    const audit = Number(snap.value('SELECT COUNT(*) FROM audit_log'));
    const rows = snap.all('SELECT action, target_table, target_id FROM audit_log WHERE id > ?', [auditBefore]);
    if (resolved === 1 && audit === auditBefore + 1) {
      expect(rows).toEqual([{ action: 'resolve', target_table: 'errors', target_id: errorId }]);
      return 'new';
    }
    throw new Error(
      `${file} holds part of the resolve: error resolved=${resolved}, audit rows ${audit} (was ${auditBefore})`,
    );
  } finally {
    snap.close();
  }
}

describe('a kill during a save leaves the old file or the new one, never a broken one', () => {
  it('SIGKILL at spread points of the whole run and densely inside the save', async () => {
    const old = fs.readFileSync(base);

    // One run to completion measures where the save lies on this machine.
    fs.copyFileSync(base, work);
    const timing = await runResolve();
    expect(timing.code).toBe(0);
    expect(timing.tempAt).toBeDefined();
    expect(await stateOf(work, old)).toBe('new');
    expect(temps()).toEqual([]);
    // From the temporary file's creation to a little past its rename over the snapshot.
    const saveSpan = 1.5 * ((timing.renameAt ?? timing.exitAt) - timing.tempAt!);

    const plans: { after: 'start' | 'temp'; ms: number }[] = [
      ...Array.from({ length: 8 }, (_, i) => ({
        after: 'start' as const,
        ms: Math.round(((i + 0.5) * timing.exitAt) / 8),
      })),
      ...Array.from({ length: 22 }, (_, i) => ({ after: 'temp' as const, ms: Math.round((i * saveSpan) / 21) })),
    ];
    const outcomes: { plan: (typeof plans)[number]; state: State; killed: boolean; leftover: string[] }[] = [];
    for (const plan of plans) {
      fs.copyFileSync(base, work);
      const earlier = new Set(temps());
      const run = await runResolve(plan);
      const state = await stateOf(work, old);
      const leftover = temps().filter((n) => !earlier.has(n));
      outcomes.push({ plan, state, killed: run.killed, leftover });
      if (!run.killed) expect(run.code).toBe(0);
    }

    const summary = outcomes.map(
      (o) =>
        `${o.plan.after}+${o.plan.ms}ms: ${o.killed ? 'killed' : 'finished'}, ${o.state}${o.leftover.length ? ', temp left' : ''}`,
    );
    // The kills landed in every phase: before the save (old, no temp), while the temp file was being
    // written (old, temp left behind), and after the rename (new).
    expect(
      outcomes.some((o) => o.killed && o.state === 'old' && o.leftover.length === 0),
      summary.join('\n'),
    ).toBe(true);
    expect(
      outcomes.some((o) => o.killed && o.state === 'old' && o.leftover.length > 0),
      summary.join('\n'),
    ).toBe(true);
    expect(
      outcomes.some((o) => o.state === 'new'),
      summary.join('\n'),
    ).toBe(true);
    // A temp file is only ever left by a killed save.
    for (const o of outcomes) if (o.leftover.length) expect(o.killed).toBe(true);

    // The temporary file a killed save leaves is never taken for the snapshot, and the next save removes it.
    // (A kill the moment the temporary file appears lands before its rename; tried again should a slow watcher miss that.)
    let left: string[] = [];
    for (let attempt = 0; attempt < 3 && left.length === 0; attempt++) {
      fs.copyFileSync(base, work);
      const earlier = new Set(temps());
      const killed = await runResolve({ after: 'temp', ms: 0 });
      expect(killed.killed).toBe(true);
      left = temps().filter((n) => !earlier.has(n));
    }
    expect(await stateOf(work, old)).toBe('old');
    expect(left.length).toBeGreaterThan(0);
    expect(cli(['show', 'errors', String(errorId), '--db', work]).stdout).toMatch(/Resolved\s+No/);
    const next = await runResolve();
    expect(next.code).toBe(0);
    expect(await stateOf(work, old)).toBe('new');
    expect(temps()).toEqual([]);
    expect(fs.readdirSync(dir).sort()).toEqual(['base.db', 'work.db']);
  }, 600_000);
});
