/**
 * Keystroke fuzzing: thousands of seeded random keys (prompts, the filter
 * form, the options menu and its actions, quits and restarts, resizes down to
 * too small) into the dashboard over a small snapshot file. Nothing may throw,
 * and the database must stay consistent, in memory and on disk.
 * FUZZ_SEED=n picks another sequence; a failure names the seed and the step.
 */
import fs from 'node:fs';
import path from 'node:path';
import { render } from 'ink-testing-library';
import { Component, useEffect, type ReactNode } from 'react';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSnapshot, type Snapshot } from '../../src/db/index.js';
import { createTriageSession } from '../../src/triage/session.js';
import type { TriageSource } from '../../src/triage/source.js';
import type { ActionId, TabId } from '../../src/triage/triage-types.js';
import { App } from '../../src/ui/app.js';
import { KEY } from '../ui/harness.js';
import { addManyOrders, addTransaction, uiSnapshot } from '../fixtures.js';
import { openDir } from './support.js';

const SEED = Number(process.env.FUZZ_SEED ?? 20261127);
const STEPS = 2500;
const READ_ONLY_STEPS = 500;

/** mulberry32: small, seeded, good enough to pick keys. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TEXT = [
  ...'abcdefghijklmnopqrstuvwxyzABC0123456789 -:%_\'"\\',
  '東',
  '🚀',
  'e\u0301',
  '2026-11-',
  '112-',
  'AMZ-',
  'ORD_',
];

type Step = { kind: 'keys'; keys: string[] } | { kind: 'resize'; columns: number; rows: number };

function keyPicker(rng: () => number) {
  const pick = <T,>(items: readonly T[]): T => items[Math.floor(rng() * items.length)]!;
  const single: [number, () => string][] = [
    [14, () => pick([KEY.up, KEY.down, 'j', 'k'])],
    [4, () => pick([KEY.pageUp, KEY.pageDown, KEY.home, KEY.end, 'g', 'G'])],
    [8, () => pick(['1', '2', '3', '4', KEY.tab, KEY.shiftTab, '[', ']'])],
    [8, () => KEY.enter],
    [8, () => KEY.escape],
    [4, () => '/'],
    [4, () => 'f'],
    [3, () => pick(['h', 'e'])],
    [7, () => 'o'],
    [2, () => 'c'],
    [2, () => '?'],
    [2, () => 't'],
    [4, () => pick([KEY.left, KEY.right])],
    [0.5, () => 'q'],
    [0.2, () => KEY.ctrlC],
    [2, () => pick(['y', 'n'])],
    [3, () => KEY.backspace],
    [10, () => pick(TEXT)],
  ];
  const total = single.reduce((s, [w]) => s + w, 0);
  const one = (): string => {
    let r = rng() * total;
    for (const [w, make] of single) if ((r -= w) < 0) return make();
    return KEY.enter;
  };
  return (): Step => {
    const r = rng();
    if (r < 0.02) {
      const tooSmall = rng() < 0.2;
      return {
        kind: 'resize',
        columns: tooSmall ? 40 + Math.floor(rng() * 40) : 80 + Math.floor(rng() * 120),
        rows: tooSmall ? 10 + Math.floor(rng() * 14) : 24 + Math.floor(rng() * 30),
      };
    }
    // A run of keys in one read, as a fast typist or a paste sends them.
    if (r < 0.08) return { kind: 'keys', keys: [Array.from({ length: 2 + Math.floor(rng() * 5) }, one).join('')] };
    return { kind: 'keys', keys: [one()] };
  };
}

/** Catches what a component throws, so a render error fails the test instead of ending the app quietly. */
class Boundary extends Component<{ onError: (err: unknown) => void; children: ReactNode }, { failed: boolean }> {
  state = { failed: false };
  static getDerivedStateFromError() {
    return { failed: true };
  }
  componentDidCatch(err: unknown) {
    this.props.onError(err);
  }
  render() {
    return this.state.failed ? null : this.props.children;
  }
}

function ExitProbe({ onExit, children }: { onExit: () => void; children: ReactNode }) {
  useEffect(() => onExit, [onExit]);
  return <>{children}</>;
}

const TARGET_TABLE: Record<TabId, string> = {
  orders: 'orders',
  inventory: 'inventory_log',
  logs: 'transactions',
  errors: 'errors',
};
/** The outcome lines of actions that ran (refusals read differently: "read-only: ...", "no order with id ..."). */
const PERFORMED = /^(Marked |Re-run of |Resolved and re-ran |Re-ran |Processed )/;

interface Performed {
  tab: TabId;
  action: ActionId;
  ids: number[];
}

/** The real triage session, recording the actions it reports as done and any query that fails. */
function recordingSource(db: Snapshot, performed: Performed[], failures: unknown[]): TriageSource {
  // Exports (x, X) land in a folder of the test's, never in the working tree (nor beside a read-only snapshot).
  const exportDir = path.join(dir, 'exports');
  fs.mkdirSync(exportDir, { recursive: true });
  const inner = createTriageSession(db, { actor: 'fuzzer', exportDir });
  const watch =
    <A extends unknown[], T>(fn: (...args: A) => Promise<T>) =>
    async (...args: A): Promise<T> => {
      try {
        return await fn(...args);
      } catch (err) {
        failures.push(err);
        throw err;
      }
    };
  return {
    label: inner.label,
    readOnlyReason: inner.readOnlyReason,
    count: watch(inner.count),
    rows: watch(inner.rows),
    indexOf: watch(inner.indexOf),
    openErrorCounts: watch(inner.openErrorCounts),
    detail: watch(inner.detail),
    ids: watch(inner.ids),
    errorGroups: watch(inner.errorGroups),
    daily: watch(inner.daily),
    codeCounts: watch(inner.codeCounts),
    exportRows: watch(inner.exportRows),
    nextMatch: watch(inner.nextMatch),
    rowsOf: watch(inner.rowsOf),
    distinctRuns: watch(inner.distinctRuns),
    settings: watch(inner.settings),
    act: watch(async (tab, action, ids) => {
      const outcome = await inner.act(tab, action, ids);
      if (PERFORMED.test(outcome.message)) performed.push({ tab, action, ids });
      return outcome;
    }),
  };
}

const n = (db: Snapshot, sql: string) => Number(db.value(sql) ?? 0);

/** Everything that must hold however the keys fell. */
function expectConsistent(db: Snapshot, performed: Performed[], where: string): void {
  const msg = (what: string) => `${what} (seed ${SEED}, ${where})`;
  expect(
    n(
      db,
      'SELECT COUNT(*) FROM errors e WHERE NOT EXISTS (SELECT 1 FROM transactions t WHERE t.id = e.transaction_id)',
    ),
    msg('errors of no transaction'),
  ).toBe(0);
  expect(
    n(
      db,
      'SELECT COUNT(*) FROM inventory_log v WHERE v.transaction_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM transactions t WHERE t.id = v.transaction_id)',
    ),
    msg('inventory rows of no transaction'),
  ).toBe(0);
  expect(
    n(
      db,
      'SELECT COUNT(*) FROM transactions t WHERE t.rerun_of IS NOT NULL AND NOT EXISTS (SELECT 1 FROM transactions o WHERE o.id = t.rerun_of)',
    ),
    msg('re-runs of nothing'),
  ).toBe(0);
  expect(
    n(
      db,
      "SELECT COUNT(*) FROM orders o WHERE o.status = 'Dropped' AND (SELECT COUNT(*) FROM documents d WHERE d.order_ref = o.order_ref) <> 1",
    ),
    msg('dropped orders without exactly one document'),
  ).toBe(0);
  expect(
    n(
      db,
      "SELECT COUNT(*) FROM documents d WHERE NOT EXISTS (SELECT 1 FROM orders o WHERE o.order_ref = d.order_ref AND o.status = 'Dropped')",
    ),
    msg('documents of orders not dropped'),
  ).toBe(0);
  expect(
    n(
      db,
      "SELECT COUNT(*) FROM transactions t WHERE t.resolved = 1 AND EXISTS (SELECT 1 FROM errors e WHERE e.transaction_id = t.id AND e.resolved = 0 AND e.severity = 'error')",
    ),
    msg('resolved transactions with an open error'),
  ).toBe(0);
  expect(
    n(
      db,
      "SELECT COUNT(*) FROM orders o WHERE o.resolved = 1 AND EXISTS (SELECT 1 FROM errors e WHERE e.order_ref = o.order_ref AND e.resolved = 0 AND e.severity = 'error')",
    ),
    msg('resolved orders with an open error'),
  ).toBe(0);
  // One audit row per row acted on, in the order the actions were reported.
  const audit = db.all<{ action: string; target_table: string; target_id: number; actor: string }>(
    'SELECT action, target_table, target_id, actor FROM audit_log ORDER BY id',
  );
  const expected = performed.flatMap((p) =>
    p.ids.map((id) => ({ action: p.action, target_table: TARGET_TABLE[p.tab], target_id: id, actor: 'fuzzer' })),
  );
  expect(audit, msg('audit_log against the actions reported')).toEqual(expected);
}

/** Screens the keys must have reached for the run to mean something. */
const SCREENS: [string, RegExp][] = [
  // The menu's title starts its line (the help's line for o says "Options for the row" after the key).
  ['options menu', /^Options for /m],
  ['keyword prompt', /\/ Keyword \(/],
  ['filter form', /Filters for /],
  ['filter form error', /✗ .*(date|number)/],
  ['help', /keys \(Esc or \? closes/],
  // Only a record's hints offer copy and the pager.
  ['detail', /y copy {2}v pager/],
  ['too small', /terminal too small/],
  ['no rows match', /No \w+ match/],
  ['a filter applied', /^Filters: (?!none)/m],
  ['action outcome', /^✓ (Marked|Re-run of|Resolved and re-ran)/m],
  ['action still failing', /^✗ (Re-run of|Resolved and re-ran) .*still (failing|pending)/m],
];

/** The tab bar's "N open" counts, when the screen shows them. */
function shownCounts(frame: string): number[] | undefined {
  const m = /^\W?1 Orders (\d+) open\W+2 Inventory (\d+) open\W+3 Logs (\d+) open\W+4 Errors (\d+) open/.exec(
    frame.split('\n')[0] ?? '',
  );
  return m ? m.slice(1).map(Number) : undefined;
}

function countsInSql(db: Snapshot): number[] {
  return [
    n(db, "SELECT COUNT(*) FROM orders WHERE status = 'Error' AND resolved = 0"),
    n(db, "SELECT COUNT(*) FROM inventory_log WHERE status = 'Error' AND resolved = 0"),
    n(db, "SELECT COUNT(*) FROM transactions WHERE status = 'Error' AND resolved = 0"),
    n(db, "SELECT COUNT(*) FROM errors WHERE severity = 'error' AND resolved = 0"),
  ];
}

/** Enough of the state to tell two copies apart. */
function summary(db: Snapshot): Record<string, number | number[]> {
  return {
    counts: countsInSql(db),
    transactions: n(db, 'SELECT COUNT(*) FROM transactions'),
    errors: n(db, 'SELECT COUNT(*) FROM errors'),
    resolved: ['orders', 'inventory_log', 'transactions', 'errors'].map((t) => n(db, `SELECT SUM(resolved) FROM ${t}`)),
    documents: n(db, 'SELECT COUNT(*) FROM documents'),
    audit: n(db, 'SELECT COUNT(*) FROM audit_log'),
  };
}

const tick = () => new Promise<void>((resolve) => setImmediate(() => setTimeout(resolve, 0)));

/** Drives the App: keys, resizes, and a new App (same snapshot) whenever a key quit it. */
async function fuzz(
  db: Snapshot,
  steps: number,
  seed: number,
  check: (frame: string, step: number, performed: Performed[]) => void,
) {
  const performed: Performed[] = [];
  const failures: unknown[] = [];
  const renderErrors: unknown[] = [];
  const source = recordingSource(db, performed, failures);
  const next = keyPicker(random(seed));
  let size = { columns: 80, rows: 24 };
  let exited = false;
  let starts = 0;
  const tree = () => (
    <Boundary onError={(e) => renderErrors.push(e)}>
      <ExitProbe onExit={() => (exited = true)}>
        <App source={source} columns={size.columns} rows={size.rows} />
      </ExitProbe>
    </Boundary>
  );
  let app = render(tree());
  starts++;
  const settle = async () => {
    let last = '';
    let stable = 0;
    for (let i = 0; i < 400 && stable < 3; i++) {
      await tick();
      const now = app.lastFrame() ?? '';
      stable = now === last && !now.includes('working…') ? stable + 1 : 0;
      last = now;
    }
  };
  await settle();
  for (let step = 1; step <= steps; step++) {
    const s = next();
    if (s.kind === 'resize') {
      size = { columns: s.columns, rows: s.rows };
      app.rerender(tree());
    } else {
      for (const k of s.keys) app.stdin.write(k);
    }
    await settle();
    expect(renderErrors, `render error at step ${step} (seed ${seed})`).toEqual([]);
    expect(failures, `failed query at step ${step} (seed ${seed})`).toEqual([]);
    if (exited) {
      app.unmount();
      exited = false;
      app = render(tree());
      starts++;
      await settle();
    }
    check(app.lastFrame() ?? '', step, performed);
  }
  app.unmount();
  return { performed, starts };
}

let dir: string;
beforeAll(() => {
  dir = openDir('alogs-fuzz-');
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** uiSnapshot's orders, transactions and errors, 25 more pending orders to scroll through, and a few more failures. */
async function fuzzFile(name: string): Promise<string> {
  const snap = await uiSnapshot();
  addManyOrders(snap, 25);
  addTransaction(snap, {
    type: 'Fulfillment Update',
    orderRef: '200-0000000-0000001',
    date: '2026-11-17T00:00:00Z',
    status: 'Error',
    errors: [{ code: 'FUL_INTERNAL' }, { code: 'FUL_TRACKING_FORMAT', severity: 'warning' }],
  });
  addTransaction(snap, {
    type: 'Link SKU',
    sku: 'AMZ-GHOST',
    date: '2026-11-18T00:00:00Z',
    status: 'Error',
    errors: [{ code: 'LNK_NO_ASIN' }],
  });
  const file = path.join(dir, name);
  snap.saveAs(file);
  snap.close();
  return file;
}

describe('keystroke fuzzing', () => {
  it(`${STEPS} seeded random keys and resizes: nothing throws, the data stays consistent in memory and on disk`, async () => {
    const file = await fuzzFile('fuzz.db');
    const db = await openSnapshot(file);
    const seen = new Set<string>();
    const { performed, starts } = await fuzz(db, STEPS, SEED, (frame, step, soFar) => {
      for (const [what, pattern] of SCREENS) if (pattern.test(frame)) seen.add(what);
      const shown = shownCounts(frame);
      if (shown) expect(shown, `tab bar counts at step ${step} (seed ${SEED})`).toEqual(countsInSql(db));
      if (step % 250 === 0) expectConsistent(db, soFar, `step ${step}`);
    });
    expectConsistent(db, performed, 'the end');
    // The keys did reach the actions, the quits and the restarts (otherwise this proves little).
    expect(performed.length, `actions performed (seed ${SEED})`).toBeGreaterThan(10);
    expect(new Set(performed.map((p) => p.action)).size).toBeGreaterThanOrEqual(3);
    expect(starts).toBeGreaterThan(3);
    expect([...seen].sort()).toEqual(SCREENS.map(([what]) => what).sort());
    const inMemory = summary(db);
    db.close();

    // Every action was saved before it was reported: the file holds the same state.
    const disk = await openSnapshot(file, { readOnly: true, quickCheck: true });
    expectConsistent(disk, performed, 'the file on disk');
    expect(summary(disk)).toEqual(inMemory);
    disk.close();
  }, 180_000);

  it(`${READ_ONLY_STEPS} random keys over a read-only snapshot: every action refused, the file never written`, async () => {
    const file = await fuzzFile('ro.db');
    const before = fs.readFileSync(file);
    const mtime = fs.statSync(file).mtimeMs;
    const db = await openSnapshot(file, { readOnly: true });
    const { performed } = await fuzz(db, READ_ONLY_STEPS, SEED + 1, (frame, step) => {
      expect(frame, `step ${step} (seed ${SEED + 1})`).not.toMatch(/^Options for /m);
    });
    expect(performed).toEqual([]);
    expect(n(db, 'SELECT COUNT(*) FROM audit_log')).toBe(0);
    db.close();
    expect(fs.readFileSync(file).equals(before)).toBe(true);
    expect(fs.statSync(file).mtimeMs).toBe(mtime);
    expect(fs.readdirSync(dir).filter((f) => f.startsWith('ro.db') || f.startsWith('.ro.db'))).toEqual(['ro.db']);
  }, 120_000);
});
