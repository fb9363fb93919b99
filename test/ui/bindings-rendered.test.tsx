/**
 * Every binding of the table, rendered: for each binding and each mode it
 * lists (generated from the table, so a new binding without an expectation
 * fails), the dashboard on uiSnapshot is brought into that mode, the
 * binding's keys are pressed (every one of them: the test checks), and what
 * the screen then shows (and the data, where the binding changes it) is
 * checked. Effects the frame cannot show (the clipboard's OSC 52, the pager,
 * quitting) are checked through the dashboard's own seams: DashboardIO and
 * Ink's exit.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Snapshot } from '../../src/db/index.js';
import { createTriageSession } from '../../src/triage/session.js';
import type { SourceStatus } from '../../src/triage/source.js';
import { ACTION_LABELS, tabSpec } from '../../src/triage/tabs.js';
import { BINDINGS, type ModeKind } from '../../src/ui/bindings.js';
import { osc52 } from '../../src/ui/copy.js';
import { addManyOrders, addOrder, addTransaction, count, DROPPED, FAILED, PENDING, uiSnapshot } from '../fixtures.js';
import { KEY, renderApp, screen, type Rendered } from './harness.js';

/** The bytes a key of the table (as keyName names it) arrives as. */
function bytesOf(name: string): string {
  const named: Record<string, string> = {
    Up: KEY.up,
    Down: KEY.down,
    Left: KEY.left,
    Right: KEY.right,
    PgUp: KEY.pageUp,
    PgDn: KEY.pageDown,
    Home: KEY.home,
    End: KEY.end,
    Enter: KEY.enter,
    Esc: KEY.escape,
    Tab: KEY.tab,
    'Shift-Tab': KEY.shiftTab,
    Backspace: KEY.backspace,
    Space: ' ',
  };
  if (named[name]) return named[name];
  if (name.startsWith('Ctrl-')) return String.fromCharCode(name.charCodeAt(5) - 64);
  if (name.startsWith('Alt-')) return `\x1b${name.slice(4)}`;
  expect(name, 'a key name of one character').toHaveLength(1);
  return name;
}

interface Ctx {
  app: Rendered;
  snap: Snapshot;
  mode: ModeKind;
  /** Presses keys of the binding under test by their names (each is recorded as pressed). */
  press(...names: string[]): Promise<void>;
  /** What the dashboard wrote beside its frames (OSC 52), handed to the pager, kept of the columns. */
  written: string[];
  paged: string[];
  savedColumns: unknown[];
  /** How many actions `q` finds not yet in the file. */
  unsaved: number;
  /** Tells the dashboard what its file did (the source's onStatus); how many times R reopened it. */
  status(s: SourceStatus): void;
  reopened: number;
  exportDir: string;
  /** A new dashboard in the same mode, for a key that ends the first one. */
  again(): Promise<Ctx>;
}

interface Case {
  /** Keys (raw) that bring the dashboard into the mode, instead of the mode's usual ones. */
  enter?: string[];
  /** 40 more orders, for paging. */
  many?: boolean;
  /** Rows the case needs beside uiSnapshot's. */
  setup?(snap: Snapshot): void;
  run(c: Ctx): Promise<void>;
}

/** How each mode is reached from a fresh dashboard (raw keys), and what shows it is there. */
const ENTRY: Record<ModeKind, { keys: string[]; shows: RegExp; unsaved?: number }> = {
  table: { keys: [], shows: /^ {2}Order# +Purchased UTC▼/m },
  detail: { keys: [KEY.enter], shows: / lines \d+-\d+ of \d+/ },
  prompt: { keys: ['/'], shows: /^\/ Keyword \(Orders\):/m },
  goto: { keys: [':'], shows: /^: Go to:/m },
  filters: { keys: ['f'], shows: /^Filters for Orders$/m },
  options: { keys: ['o'], shows: /^Options for /m },
  fix: { keys: ['4', 'G', 'o', '4'], shows: /ERP item/ },
  confirm: { keys: [' ', ' ', 'o', '1'], shows: /Re-Run 2 marked orders\? y runs it/ },
  settings: { keys: ['i'], shows: /^Settings \(read-only/m },
  groups: { keys: ['E'], shows: /^Open errors by cause/m },
  help: { keys: ['?'], shows: /^amazon-logs · keys/m },
  columns: { keys: ['C'], shows: /^Columns of Orders/m },
  copy: { keys: ['y'], shows: /^Copy to the clipboard/m },
  'confirm-quit': { keys: ['q'], shows: /not in the\s+file yet/, unsaved: 2 },
};

/** A pane that Esc and the key that opened it each close, back to the table. */
function closedByEscOrItsKey(mode: 'settings' | 'help'): Case {
  const {
    keys: [opener],
    shows,
  } = ENTRY[mode];
  return {
    run: async ({ app, press }) => {
      for (const key of ['Esc', opener]) {
        await press(key);
        expect(app.frame(), key).not.toMatch(shows);
        expect(header(app), key).toMatch(/^ {2}Order#/);
        await app.press(opener);
      }
    },
  };
}

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

/** The dashboard on uiSnapshot (its unlinked-SKU error naming the SKU, as an import writes it), in `mode`. */
async function start(mode: ModeKind, c: Case, pressed: Set<string>): Promise<Ctx> {
  const snap = await uiSnapshot();
  snap.run("UPDATE errors SET sku = 'AMZ-GHOST' WHERE code = 'ORD_SKU_UNLINKED'");
  if (c.many) addManyOrders(snap, 40);
  c.setup?.(snap);
  const exportDir = fs.mkdtempSync(path.join(os.tmpdir(), 'alogs-bindings-'));
  dirs.push(exportDir);
  const source = createTriageSession(snap, { actor: 'tester', exportDir });
  let listener: ((s: SourceStatus) => void) | undefined;
  const ctx: Ctx = {
    app: undefined as unknown as Rendered,
    snap,
    mode,
    written: [],
    paged: [],
    savedColumns: [],
    unsaved: ENTRY[mode].unsaved ?? 0,
    reopened: 0,
    exportDir,
    press: async (...names) => {
      for (const name of names) {
        pressed.add(name);
        await ctx.app.press(bytesOf(name));
      }
    },
    status: (s) => listener!(s),
    again: () => start(mode, c, pressed),
  };
  source.unsaved = async () => ctx.unsaved;
  source.onStatus = (l) => ((listener = l), () => (listener = undefined));
  source.reopen = async () => (ctx.reopened++, { readOnlyReason: undefined, notice: undefined });
  ctx.app = await renderApp(source, {
    io: {
      writeRaw: (t) => void ctx.written.push(t),
      page: async (t) => (ctx.paged.push(t), { ok: true, message: 'Back from the pager (stand-in)' }),
      saveColumns: async (hidden) => (ctx.savedColumns.push(hidden), { ok: true, message: 'Columns kept in cfg' }),
    },
  });
  await ctx.app.press(...(c.enter ?? ENTRY[mode].keys));
  expect(ctx.app.frame(), `in ${mode}`).toMatch(ENTRY[mode].shows);
  ctx.unsaved = 0;
  return ctx;
}

// Readers of the frame.
const { position, total, filterLine, body, message, selected, tabBar } = screen;
/** The first word of the selected line (an order number in Orders). */
const sel = (app: Rendered) => selected(app).slice(2).trim().split(/\s+/)[0];
const header = (app: Rendered) => app.lines()[2]!;
const shown = (app: Rendered) => / lines (\d+-\d+) of (\d+)/.exec(app.frame())?.slice(1) ?? [];
/** The line being typed in a text mode. */
function typed(app: Rendered, mode: ModeKind): string {
  const patterns: Partial<Record<ModeKind, RegExp>> = {
    prompt: /^\/ Keyword \(Orders\): ?(.*)$/,
    goto: /^: Go to: ?(.*)$/,
    fix: /ERP item: ?(.*)$/,
    filters: /^› Order# +(.*)$/,
  };
  for (const line of app.lines()) {
    const m = patterns[mode]!.exec(line);
    if (m) return m[1]!.trimEnd();
  }
  throw new Error(`no typed line in ${mode}:\n${app.frame()}`);
}
const typeRaw = async (app: Rendered, text: string) => app.type(text);
/** The orders, newest first (the Orders tab's own order). */
const newestFirst = (snap: Snapshot) =>
  snap
    .all<{ order_ref: string }>('SELECT order_ref FROM orders ORDER BY purchase_date DESC, id DESC')
    .map((r) => r.order_ref);
const txCount = (snap: Snapshot, ref?: string) =>
  ref === undefined
    ? count(snap, 'SELECT COUNT(*) FROM transactions')
    : count(snap, 'SELECT COUNT(*) FROM transactions WHERE order_ref = ?', [ref]);
const inAll = (modes: readonly ModeKind[], c: Case): Partial<Record<ModeKind, Case>> =>
  Object.fromEntries(modes.map((m) => [m, c]));

/** Moves through a tab bar: the bracketed tab. */
const onTab = (app: Rendered) => /\[(\d \w+)/.exec(tabBar(app))?.[1];

/** Text editing, the same in every text mode: the value is read back from the frame. */
const TEXT_MODES: ModeKind[] = ['prompt', 'goto', 'fix', 'filters'];

/** For each binding id, per mode: what pressing its keys there does. */
const EXPECT: Record<string, Partial<Record<ModeKind, Case>>> = {
  'quit-now': inAll(Object.keys(ENTRY) as ModeKind[], {
    run: async (c) => {
      expect(c.app.exited()).toBe(false);
      await c.press('Ctrl-C');
      expect(c.app.exited()).toBe(true);
    },
  }),

  move: {
    table: {
      run: async ({ app, press }) => {
        await press('Down');
        expect([position(app), sel(app)]).toEqual(['row 2 of 3', DROPPED]);
        await press('j');
        expect([position(app), sel(app)]).toEqual(['row 3 of 3', FAILED]);
        await press('Up');
        expect(sel(app)).toBe(DROPPED);
        await press('k');
        expect([position(app), sel(app)]).toEqual(['row 1 of 3', PENDING]);
      },
    },
  },
  open: {
    table: {
      run: async ({ app, press, snap }) => {
        await press('Enter');
        expect(app.frame()).toContain(` Order ${PENDING}   lines 1-`);
        const purchased = snap.value<string>('SELECT purchase_date FROM orders WHERE order_ref = ?', [PENDING])!;
        expect(app.frame()).toMatch(new RegExp(`^Purchase date +${purchased}$`, 'm'));
        expect(app.frame()).toContain(`Transactions (${txCount(snap, PENDING)})`);
      },
    },
  },
  options: {
    table: {
      run: async ({ app, press }) => {
        await press('o');
        expect(app.frame()).toContain(`Options for order ${PENDING}`);
        tabSpec('orders').actions.forEach((a, i) => expect(app.frame()).toContain(`${i + 1}. ${ACTION_LABELS[a]}`));
      },
    },
  },
  unmark: {
    table: {
      run: async ({ app, press }) => {
        await app.press(' ', ' ');
        expect(position(app)).toBe('row 3 of 3 · 2 marked');
        await press('u');
        expect(position(app)).toBe('row 3 of 3');
        expect(body(app)).not.toMatch(/^.\*/m);
        expect(message(app)).toBe('✓ Marks cleared');
      },
    },
  },
  search: {
    table: {
      run: async ({ app, press }) => {
        await press('/');
        expect(app.lines()[1]).toMatch(/^\/ Keyword \(Orders\):/);
        expect(screen.keys(app)).toBe('Enter apply  Esc cancel');
      },
    },
  },
  filters: {
    table: {
      run: async ({ app, press }) => {
        await press('f');
        expect(app.frame()).toContain('Filters for Orders');
        for (const f of tabSpec('orders').filters)
          expect(app.lines().some((l) => l.slice(2).startsWith(f.label))).toBe(true);
      },
    },
  },
  clear: {
    table: {
      run: async ({ app, press }) => {
        await app.press('h', '/');
        await app.type('lovelace');
        await app.press(KEY.enter);
        expect(filterLine(app)).toBe('Filters: Hide Resolved Exports · Keyword: "lovelace"');
        expect(total(app)).toBe(1);
        await press('c');
        expect(filterLine(app)).toMatch(/^Filters: none/);
        expect(total(app)).toBe(3);
      },
    },
  },
  page: {
    table: {
      many: true,
      run: async ({ app, press, snap }) => {
        const refs = newestFirst(snap);
        const at = (row: number) => [`row ${row} of ${refs.length}`, refs[row - 1]];
        await press('PgDn');
        expect([position(app), sel(app)]).toEqual(at(17));
        await press('PgUp');
        expect([position(app), sel(app)]).toEqual(at(1));
        await press('Ctrl-F');
        expect([position(app), sel(app)]).toEqual(at(17));
        await press('Ctrl-B');
        expect([position(app), sel(app)]).toEqual(at(1));
        await press('Ctrl-D');
        expect([position(app), sel(app)]).toEqual(at(9));
        await press('Ctrl-U');
        expect([position(app), sel(app)]).toEqual(at(1));
      },
    },
  },
  ends: {
    table: {
      many: true,
      run: async ({ app, press, snap }) => {
        const refs = newestFirst(snap);
        const last = [`row ${refs.length} of ${refs.length}`, refs.at(-1)];
        const first = [`row 1 of ${refs.length}`, refs[0]];
        await press('G');
        expect([position(app), sel(app)]).toEqual(last);
        await press('g');
        expect([position(app), sel(app)]).toEqual(first);
        await press('End');
        expect([position(app), sel(app)]).toEqual(last);
        await press('Home');
        expect([position(app), sel(app)]).toEqual(first);
      },
    },
  },
  'hide-resolved': {
    table: {
      run: async ({ app, press, snap }) => {
        await press('h');
        expect(filterLine(app)).toBe('Filters: Hide Resolved Exports');
        expect(total(app)).toBe(count(snap, 'SELECT COUNT(*) FROM orders WHERE resolved = 0'));
        expect(body(app)).not.toContain(DROPPED);
        await press('h');
        expect(filterLine(app)).toMatch(/^Filters: none/);
        expect(body(app)).toContain(DROPPED);
      },
    },
  },
  'errors-only': {
    table: {
      run: async ({ app, press, snap }) => {
        await press('e');
        expect(filterLine(app)).toBe('Filters: Show Errors Only');
        expect(total(app)).toBe(count(snap, "SELECT COUNT(*) FROM orders WHERE status = 'Error'"));
        expect(body(app)).toContain(FAILED);
        expect(body(app)).not.toContain(PENDING);
      },
    },
  },
  mark: {
    table: {
      run: async ({ app, press }) => {
        await press('Space');
        expect(position(app)).toBe('row 2 of 3 · 1 marked');
        expect(body(app)).toMatch(new RegExp(`^ \\*${PENDING}`, 'm'));
        expect(sel(app)).toBe(DROPPED);
      },
    },
  },
  'mark-all': {
    table: {
      run: async ({ app, press }) => {
        await press('*');
        expect(position(app)).toBe('row 1 of 3 · 3 marked');
        expect(message(app)).toMatch(/^✓ 3 marked orders \(every row matching the filters\)/);
      },
    },
  },
  'next-match': {
    table: {
      run: async ({ app, press }) => {
        await press('n');
        expect(message(app)).toBe('✗ No keyword yet: / searches');
        await app.press('/');
        await app.type('-0000');
        await app.press(KEY.enter);
        expect(total(app)).toBe(3);
        await press('n');
        expect([position(app), sel(app)]).toEqual(['row 2 of 3', DROPPED]);
        expect(message(app)).toBe('✓ "-0000" (n next, N previous)');
        await press('N');
        expect([position(app), sel(app)]).toEqual(['row 1 of 3', PENDING]);
        await press('N');
        expect(message(app)).toBe('✗ No earlier row with "-0000"');
      },
    },
  },
  goto: {
    table: {
      run: async ({ app, press }) => {
        await press(':');
        expect(app.lines()[1]).toMatch(/^: Go to: +order number, tx 2847/);
      },
    },
  },
  'scroll-columns': {
    table: {
      run: async ({ app, press }) => {
        await press('Right');
        expect(header(app)).toMatch(/^« Purchased UTC▼ +Status/);
        expect(selected(app)).toMatch(/^›.*2026-11-14 +Pending/);
        await press('Left');
        expect(header(app)).toMatch(/^ {2}Order# +Purchased UTC▼/);
        expect(sel(app)).toBe(PENDING);
      },
    },
  },
  wrap: {
    table: {
      run: async ({ app, press }) => {
        const lines = app.lines().length;
        await app.press('j');
        await press('w');
        const at = app.lines().findIndex((l) => l.startsWith('› '));
        expect(app.lines().slice(at + 1, at + 4)).toEqual([
          '    Outcome: SO-000001 sales order',
          '    Chan: MFN',
          '    Buyer: Grace Hopper',
        ]);
        expect(app.lines().length).toBe(lines);
        await press('w');
        expect(app.lines()[at + 1]).toMatch(/^ {2}112-/);
      },
    },
  },
  'choose-columns': {
    table: {
      run: async ({ app, press }) => {
        await press('C');
        expect(app.frame()).toContain('Columns of Orders');
        for (const col of tabSpec('orders').columns) expect(app.frame()).toMatch(new RegExp(`\\[x\\] ${col.header}`));
      },
    },
  },
  groups: {
    table: {
      run: async ({ app, press, snap }) => {
        await press('E');
        const open = snap.all<{ code: string; n: number }>(
          "SELECT code, COUNT(*) AS n FROM errors WHERE resolved = 0 AND severity = 'error' GROUP BY code",
        );
        expect(app.frame()).toContain(
          `Open errors by cause: ${open.length} groups, ${open.reduce((s, g) => s + g.n, 0)} errors`,
        );
        for (const g of open) expect(body(app)).toMatch(new RegExp(`^. +${g.n} ${g.code} `, 'm'));
      },
    },
  },
  sort: {
    table: {
      run: async ({ app, press, snap }) => {
        // The next column on screen after the date: Status.
        const byStatus = (dir: string) =>
          snap
            .all<{ r: string }>(`SELECT order_ref AS r FROM orders ORDER BY status ${dir}, id ${dir}`)
            .map((r) => r.r);
        const refsOnScreen = () => [...body(app).matchAll(/^..(\d{3}-\d{7}-\d{7})/gm)].map((m) => m[1]);
        await press('s');
        expect(header(app)).toMatch(/^ {2}Order# +Purchased UTC +Status▼ /);
        expect(refsOnScreen()).toEqual(byStatus('DESC'));
        await press('S');
        expect(header(app)).toMatch(/^ {2}Order# +Purchased UTC +Status▲ /);
        expect(refsOnScreen()).toEqual(byStatus('ASC'));
      },
    },
  },
  export: {
    table: {
      run: async ({ app, press, exportDir }) => {
        await press('x');
        expect(message(app)).toMatch(/^✓ Exported 3 rows of Orders to .*\.csv$/);
        await press('X');
        expect(message(app)).toMatch(/^✓ Exported 3 rows of Orders to .*\.json$/);
        const files = fs.readdirSync(exportDir).sort();
        expect(files).toHaveLength(2);
        expect(fs.readFileSync(path.join(exportDir, files[0]!), 'utf8').trim().split('\n')).toHaveLength(4);
        const json = JSON.parse(fs.readFileSync(path.join(exportDir, files[1]!), 'utf8')) as unknown[];
        expect(json.map((r) => (r as { order_ref: string }).order_ref).sort()).toEqual([FAILED, DROPPED, PENDING]);
      },
    },
  },
  copy: inAll(['table', 'detail'], {
    run: async ({ app, press, written }) => {
      await press('y');
      expect(app.frame()).toContain(`1. Order number: ${PENDING}`);
      await app.press(KEY.enter);
      expect(written).toEqual([osc52(PENDING)]);
      expect(message(app)).toBe(`✓ Copied order number ${PENDING} to the clipboard (OSC 52)`);
    },
  }),
  pager: inAll(['table', 'detail'], {
    run: async ({ app, press, paged, snap }) => {
      await press('v');
      expect(paged).toHaveLength(1);
      expect(paged[0]).toContain(PENDING);
      expect(paged[0]).toContain(snap.value<string>('SELECT purchase_date FROM orders WHERE order_ref = ?', [PENDING]));
      expect(message(app)).toBe('✓ Back from the pager (stand-in)');
    },
  }),

  'record-scroll': {
    detail: {
      run: async ({ app, press }) => {
        const n = shown(app)[1];
        expect(shown(app)).toEqual(['1-16', n]);
        await press('Down');
        expect(shown(app)).toEqual(['2-17', n]);
        await press('j');
        expect(shown(app)).toEqual(['3-18', n]);
        expect(app.lines()[3]).toMatch(/^Purchase date/);
        await press('Up');
        expect(shown(app)).toEqual(['2-17', n]);
        await press('k');
        expect(shown(app)).toEqual(['1-16', n]);
        expect(app.lines()[3]).toMatch(/^Order#/);
      },
    },
  },
  'record-page': {
    detail: {
      run: async ({ app, press }) => {
        const n = shown(app)[1];
        for (const [key, lines] of [
          ['PgDn', '17-32'],
          ['PgUp', '1-16'],
          ['Ctrl-F', '17-32'],
          ['Ctrl-B', '1-16'],
          ['Ctrl-D', '9-24'],
          ['Ctrl-U', '1-16'],
        ] as const) {
          await press(key);
          expect(shown(app), key).toEqual([lines, n]);
        }
      },
    },
  },
  'record-ends': {
    detail: {
      run: async ({ app, press }) => {
        const n = Number(shown(app)[1]);
        const end = [`${n - 15}-${n}`, String(n)];
        await press('G');
        expect(shown(app)).toEqual(end);
        await press('g');
        expect(shown(app)).toEqual(['1-16', String(n)]);
        await press('End');
        expect(shown(app)).toEqual(end);
        await press('Home');
        expect(shown(app)).toEqual(['1-16', String(n)]);
      },
    },
  },
  'record-order': {
    detail: {
      // The pending order's import, from the Logs tab.
      enter: ['3', 'j', 'j', KEY.enter],
      run: async ({ app, press }) => {
        expect(app.frame()).toContain(PENDING);
        await press('O');
        expect(onTab(app)).toBe('1 Orders');
        expect(sel(app)).toBe(PENDING);
        expect(message(app)).toBe('✓ Showing the order in Orders; Esc goes back');
        await app.press(KEY.escape);
        expect(onTab(app)).toBe('3 Logs');
        expect(app.frame()).toMatch(/ lines 1-\d+ of/);
      },
    },
  },
  'record-errors': {
    detail: {
      enter: ['G', KEY.enter],
      run: async ({ app, press, snap }) => {
        await press('e');
        expect(onTab(app)).toBe('4 Errors');
        expect(filterLine(app)).toContain(FAILED);
        expect(total(app)).toBe(count(snap, 'SELECT COUNT(*) FROM errors WHERE order_ref = ?', [FAILED]));
        expect(body(app)).toContain('ORD_SKU_UNLINKED');
        expect(message(app)).toBe(`✓ Errors of order ${FAILED}; Esc goes back`);
        await app.press(KEY.escape);
        expect(onTab(app)).toBe('1 Orders');
        expect(app.frame()).toContain(` Order ${FAILED}   lines 1-`);
      },
    },
  },
  'record-choose-tx': {
    detail: {
      enter: ['G', KEY.enter],
      run: async ({ app, press, snap }) => {
        const [a, b] = snap
          .all<{ id: number }>('SELECT id FROM transactions WHERE order_ref = ? ORDER BY id DESC', [FAILED])
          .map((r) => r.id);
        expect(app.frame()).toContain(`Transactions (2): ›#${a}‹  #${b}`);
        await press('Right');
        expect(app.frame()).toContain(`Transactions (2):  #${a}  ›#${b}‹`);
        await press('Left');
        expect(app.frame()).toContain(`Transactions (2): ›#${a}‹  #${b}`);
      },
    },
  },
  'record-open-tx': {
    detail: {
      enter: ['G', KEY.enter],
      run: async ({ app, press, snap }) => {
        const txs = snap.all<{ id: number; d: string }>(
          'SELECT id, substr(import_date, 1, 10) AS d FROM transactions WHERE order_ref = ? ORDER BY id DESC',
          [FAILED],
        );
        await press('Enter');
        expect(onTab(app)).toBe('3 Logs');
        expect(message(app)).toBe(`✓ Showing transaction ${txs[0]!.id} in Logs; Esc goes back`);
        expect(selected(app)).toContain(`${txs[0]!.d} `);
        await app.press(KEY.escape, KEY.right);
        expect(app.frame()).toMatch(/ lines 1-16 of/);
        await press('t');
        expect(onTab(app)).toBe('3 Logs');
        expect(message(app)).toBe(`✓ Showing transaction ${txs[1]!.id} in Logs; Esc goes back`);
        expect(selected(app)).toContain(`${txs[1]!.d} `);
      },
    },
  },
  'record-back': {
    detail: {
      run: async ({ app, press }) => {
        await press('Esc');
        expect(app.frame()).not.toMatch(/ lines \d+-\d+ of/);
        expect(header(app)).toMatch(/^ {2}Order#/);
        expect(sel(app)).toBe(PENDING);
      },
    },
  },

  'tab-number': inAll(['table', 'detail'], {
    run: async ({ app, press, mode }) => {
      const open = async () => {
        if (mode === 'detail') await app.press(KEY.enter);
      };
      // In the table, Orders is left filtered and on its second row: it keeps both.
      if (mode === 'table') await app.press('h', 'j');
      const orders = mode === 'table' ? FAILED : PENDING;
      for (const [key, tab, first] of [
        ['2', '2 Inventory', 'AMZ-BLUE'],
        ['3', '3 Logs', 'Inventory Sync'],
        ['4', '4 Errors', 'INV_NEGATIVE_QTY'],
        ['1', '1 Orders', orders],
      ] as const) {
        await press(key);
        expect(onTab(app), key).toBe(tab);
        expect(selected(app), key).toContain(first);
        await open();
      }
      if (mode === 'table') expect(filterLine(app)).toBe('Filters: Hide Resolved Exports');
    },
  }),
  'tab-cycle': inAll(['table', 'detail'], {
    run: async ({ app, press, mode }) => {
      for (const [key, tab] of [
        ['Tab', '2 Inventory'],
        ['Shift-Tab', '1 Orders'],
        [']', '2 Inventory'],
        ['[', '1 Orders'],
      ] as const) {
        await press(key);
        expect(onTab(app), key).toBe(tab);
        expect(app.frame(), key).not.toMatch(/ lines \d+-\d+ of/);
        if (mode === 'detail') await app.press(KEY.enter);
      }
      await press('[');
      expect(onTab(app)).toBe('4 Errors');
    },
  }),
  'table-back': {
    table: {
      run: async ({ app, press }) => {
        // Back from a jump.
        await app.press(':');
        await app.type(FAILED);
        await app.press(KEY.enter);
        expect(sel(app)).toBe(FAILED);
        await press('Esc');
        expect(sel(app)).toBe(PENDING);
        // Else the message goes, and nothing else changes.
        await app.press('Z');
        expect(message(app)).toMatch(/^✓ Dates in local time/);
        await press('Esc');
        expect(message(app)).toBe('');
        expect(header(app)).toContain('Purchased loc');
        await press('Esc');
        expect(message(app)).toBe('✗ Nothing to go back to');
      },
    },
  },
  'local-time': {
    table: {
      run: async ({ app, press }) => {
        await press('Z');
        expect(header(app)).toContain('Purchased loc');
        expect(message(app)).toMatch(/^✓ Dates in local time \(UTC[+-]\d\d:\d\d\)$/);
        await press('Z');
        expect(header(app)).toContain('Purchased UTC');
        expect(message(app)).toBe('✓ Dates in UTC');
      },
    },
    detail: {
      // In New York: the record's dates (fields and sections) in local time, with their offset; Z again: UTC.
      // The failed order: its error's section has a date too.
      enter: [KEY.down, KEY.down, KEY.enter],
      run: async ({ app, press, snap }) => {
        const tz = process.env.TZ;
        process.env.TZ = 'America/New_York';
        try {
          const purchased = snap.value<string>('SELECT purchase_date FROM orders WHERE order_ref = ?', [FAILED])!;
          expect(purchased).toBe('2026-11-10T09:00:00Z');
          expect(app.frame()).toMatch(/^Purchase date +2026-11-10T09:00:00Z$/m);
          expect(app.frame()).toContain('(tx 1,\n  2026-11-10T09:01:00Z;');
          await press('Z');
          expect(message(app)).toBe('✓ Dates in local time (UTC-05:00)');
          expect(app.frame()).toMatch(/^Purchase date +2026-11-10T04:00:00-05:00$/m);
          expect(app.frame()).toMatch(/\(tx 1,\s+2026-11-10T04:01:00-05:00;/);
          expect(app.frame()).not.toMatch(/\d\d:\d\d:\d\dZ/);
          await press('Z');
          expect(message(app)).toBe('✓ Dates in UTC');
          expect(app.frame()).toMatch(/^Purchase date +2026-11-10T09:00:00Z$/m);
          await app.press('Z', KEY.escape);
          expect(header(app)).toContain('Purchased loc');
        } finally {
          if (tz === undefined) delete process.env.TZ;
          else process.env.TZ = tz;
        }
      },
    },
  },
  reopen: inAll(['table', 'detail'], {
    run: async (c) => {
      const { app, press, snap } = c;
      await press('R');
      expect(message(app)).toBe('✗ The file has not changed on disk since it was opened');
      expect(c.reopened).toBe(0);
      c.status({ stale: 'The file changed on disk' });
      addOrder(snap, { ref: '115-0000004-0000004', purchaseDate: '2026-11-18T09:00:00Z' });
      await app.settle();
      expect(message(app)).toBe('✗ The file changed on disk; R reopens it');
      expect(screen.status(app)).toContain('CHANGED ON DISK: R reopens');
      expect(total(app)).toBe(3);
      await press('R');
      expect(c.reopened).toBe(1);
      expect(screen.status(app)).not.toContain('CHANGED ON DISK');
      await app.press(KEY.escape);
      expect(total(app)).toBe(4);
      expect(body(app)).toContain('115-0000004-0000004');
    },
  }),
  settings: inAll(['table', 'detail'], {
    run: async ({ app, press, snap }) => {
      await press('i');
      expect(app.frame()).toContain("Settings (read-only; they are the ERP app's to change");
      for (const s of snap.all<{ key: string; value: string }>('SELECT key, value FROM settings'))
        expect(app.frame()).toMatch(new RegExp(`^ {2}${s.key} +${s.value} `, 'm'));
    },
  }),
  help: inAll(['table', 'detail'], {
    run: async ({ app, press }) => {
      await press('?');
      expect(app.frame()).toMatch(/^amazon-logs · keys .* lines 1-17 of \d+$/m);
      expect(app.frame()).toMatch(/^ {2}Ctrl-C +quit at once/m);
    },
  }),
  quit: inAll(['table', 'detail', 'groups', 'settings', 'help', 'options'], {
    run: async (c) => {
      const { app, press, mode } = c;
      c.unsaved = 2;
      await press('q');
      expect(app.exited()).toBe(false);
      expect(app.frame()).toMatch(/2 actions are in the journal[\s\S]*not in the\s+file yet/);
      await app.press(KEY.escape);
      expect(app.frame()).toMatch(ENTRY[mode].shows);
      c.unsaved = 0;
      await press('q');
      expect(app.exited()).toBe(true);
    },
  }),

  'groups-move': {
    groups: {
      run: async ({ app, press }) => {
        for (const [key, code] of [
          ['Down', 'ORD_SKU_UNLINKED'],
          ['Up', 'INV_NEGATIVE_QTY'],
          ['j', 'ORD_SKU_UNLINKED'],
          ['k', 'INV_NEGATIVE_QTY'],
        ] as const) {
          await press(key);
          expect(selected(app), key).toContain(code);
          expect(app.frame(), key).toMatch(new RegExp(`^ {2}${code}: `, 'm'));
        }
      },
    },
  },
  'groups-page': {
    groups: {
      run: async ({ app, press }) => {
        const keys = ['PgDn', 'PgUp', 'Ctrl-F', 'Ctrl-B', 'Ctrl-D', 'Ctrl-U', 'G', 'g', 'End', 'Home'];
        for (const [i, key] of keys.entries()) {
          await press(key);
          expect(selected(app), key).toContain(i % 2 === 0 ? 'ORD_SKU_UNLINKED' : 'INV_NEGATIVE_QTY');
        }
      },
    },
  },
  'groups-show': {
    groups: {
      run: async ({ app, press, snap }) => {
        await press('Enter');
        expect(onTab(app)).toBe('4 Errors');
        expect(filterLine(app)).toMatch(/^Filters: Group INV_NEGATIVE_QTY /);
        expect(total(app)).toBe(
          count(snap, "SELECT COUNT(*) FROM errors WHERE code = 'INV_NEGATIVE_QTY' AND resolved = 0"),
        );
        expect(body(app)).toContain('INV_NEGATIVE_QTY');
        expect(body(app)).not.toContain('ORD_SKU_UNLINKED');
      },
    },
  },
  'groups-act': {
    groups: {
      // A second negative-stock error: the group holds two.
      setup: (snap) =>
        void addTransaction(snap, {
          type: 'Inventory Sync',
          sku: 'AMZ-RED',
          date: '2026-11-17T00:00:00Z',
          status: 'Error',
          errors: [{ code: 'INV_NEGATIVE_QTY' }],
        }),
      run: async ({ app, press, snap }) => {
        const open = () => count(snap, "SELECT COUNT(*) FROM errors WHERE code = 'INV_NEGATIVE_QTY' AND resolved = 0");
        expect(open()).toBe(2);
        expect(selected(app)).toMatch(/^› +2 INV_NEGATIVE_QTY /);
        await press('o');
        expect(app.frame()).toContain('Options for 2 marked errors');
        expect(position(app)).toBe('row 1 of 2 · 2 marked');
        await app.press('2'); // Mark as Resolved: asked first
        expect(app.frame()).toMatch(/Mark as Resolved 2 marked errors\? y runs it/);
        expect(open()).toBe(2);
        await app.press('y');
        expect(open()).toBe(0);
        expect(message(app)).toMatch(/^✓ /);
      },
    },
  },
  'groups-back': {
    groups: {
      run: async ({ app, press }) => {
        await press('Esc');
        expect(header(app)).toMatch(/^ {2}Order#/);
        await app.press('E');
        expect(app.frame()).toContain('Open errors by cause');
        await press('E');
        expect(app.frame()).not.toContain('Open errors by cause');
        expect(header(app)).toMatch(/^ {2}Order#/);
      },
    },
  },

  'menu-move': {
    options: {
      run: async ({ app, press }) => {
        const labels = tabSpec('orders').actions.map((a, i) => `› ${i + 1}. ${ACTION_LABELS[a]}`);
        for (const [key, at] of [
          ['Down', 1],
          ['j', 2],
          ['Up', 1],
          ['k', 0],
        ] as const) {
          await press(key);
          expect(selected(app), key).toBe(labels[at]);
        }
      },
    },
    copy: {
      enter: ['4', 'G', 'y'],
      run: async ({ app, press }) => {
        for (const [key, at] of [
          ['Down', 2],
          ['j', 3],
          ['Up', 2],
          ['k', 1],
        ] as const) {
          await press(key);
          expect(selected(app), key).toMatch(new RegExp(`^› ${at}\\. `));
        }
      },
    },
    columns: {
      run: async ({ app, press }) => {
        const headers = tabSpec('orders').columns.map((c) => c.header);
        for (const [key, at] of [
          ['Down', 1],
          ['j', 2],
          ['Up', 1],
          ['k', 0],
        ] as const) {
          await press(key);
          expect(selected(app), key).toMatch(new RegExp(`^› \\[x\\] ${headers[at]}`));
        }
      },
    },
  },
  'menu-pick': {
    options: {
      run: async ({ app, press, snap }) => {
        const actions = tabSpec('orders').actions;
        for (let n = 9; n > actions.length; n--) {
          await press(String(n));
          expect(message(app)).toBe(`✗ No option ${n}`);
          expect(app.frame()).toContain(`Options for order ${PENDING}`);
        }
        const resolved = () => count(snap, 'SELECT resolved FROM orders WHERE order_ref = ?', [PENDING]);
        const runs = () => txCount(snap, PENDING);
        for (let n = actions.length; n >= 1; n--) {
          const action = actions[n - 1]!;
          const before = runs();
          await press(String(n));
          expect(app.frame(), action).not.toContain('Options for');
          expect(message(app), action).toMatch(/^[✓✗] /);
          if (action === 'resolve') expect(resolved(), action).toBe(1);
          if (action === 'unresolve') expect(resolved(), action).toBe(0);
          if (action === 'rerun' || action === 'resolve-rerun' || action === 'process')
            expect(runs(), action).toBe(before + 1);
          await app.press('o');
        }
      },
    },
    copy: {
      enter: ['4', 'G', 'y'],
      run: async ({ app, press, written, snap }) => {
        const choices = app
          .lines()
          .map((l) => /^. (\d)\. ([^:]+): (.*)$/.exec(l))
          .filter((m) => m !== null)
          .map((m) => ({ label: m[2]!, value: m[3]!.trimEnd() }));
        expect(choices.map((c) => c.value)).toContain(
          snap.value<string>("SELECT code FROM errors WHERE code = 'ORD_SKU_UNLINKED'"),
        );
        for (let n = 9; n > choices.length; n--) {
          await press(String(n));
          expect(message(app)).toBe(`✗ No item ${n}`);
        }
        for (let n = choices.length; n >= 1; n--) {
          await press(String(n));
          const { label, value } = choices[n - 1]!;
          expect(written.at(-1)).toBe(osc52(value));
          const short = value.length > 40 ? `${value.slice(0, 39)}…` : value;
          expect(message(app)).toBe(`✓ Copied ${label.toLowerCase()} ${short} to the clipboard (OSC 52)`);
          await app.press('y');
        }
        expect(written).toHaveLength(choices.length);
      },
    },
  },
  'menu-run': {
    options: {
      run: async ({ app, press, snap }) => {
        const before = txCount(snap, PENDING);
        await press('Enter');
        expect(app.frame()).not.toContain('Options for');
        expect(txCount(snap, PENDING)).toBe(before + 1);
        expect(message(app)).toMatch(/^[✓✗] /);
      },
    },
    copy: {
      run: async ({ app, press, written }) => {
        await press('Enter');
        expect(written).toEqual([osc52(PENDING)]);
        expect(app.frame()).not.toContain('Copy to the clipboard');
      },
    },
  },
  'columns-toggle': {
    columns: {
      run: async ({ app, press, savedColumns }) => {
        await press('Space');
        expect(selected(app)).toBe('› [ ] Order#');
        await app.press(KEY.enter);
        expect(header(app)).toMatch(/^ {2}Purchased UTC▼/);
        expect(body(app)).not.toContain(PENDING);
        expect(savedColumns).toEqual([expect.objectContaining({ orders: ['order_ref'] })]);
      },
    },
  },
  'columns-close': {
    columns: {
      run: async ({ app, press, savedColumns }) => {
        for (const key of ['Enter', 'Esc', 'C']) {
          await press(key);
          expect(app.frame(), key).not.toContain('Columns of Orders');
          expect(header(app), key).toMatch(/^ {2}Order#/);
          expect(message(app), key).toBe('✓ Columns kept in cfg');
          await app.press('C');
        }
        expect(savedColumns).toHaveLength(3);
      },
    },
  },
  'menu-close': {
    options: {
      run: async ({ app, press, snap }) => {
        const before = txCount(snap);
        await press('Esc');
        expect(app.frame()).not.toContain('Options for');
        expect(header(app)).toMatch(/^ {2}Order#/);
        expect(txCount(snap)).toBe(before);
      },
    },
    copy: {
      run: async ({ app, press, written }) => {
        await press('Esc');
        expect(app.frame()).not.toContain('Copy to the clipboard');
        expect(written).toEqual([]);
      },
    },
  },

  'confirm-yes': {
    confirm: {
      run: async ({ app, press, snap }) => {
        for (const key of ['y', 'Y', 'Enter']) {
          const before = txCount(snap);
          await press(key);
          expect(app.frame(), key).not.toContain('Re-Run 2 marked orders?');
          expect(message(app), key).toMatch(/^[✓✗] Re-ran 2 orders: /);
          expect(txCount(snap), key).toBe(before + 2);
          await app.press('g', ' ', ' ', 'o', '1');
        }
      },
    },
  },
  'confirm-no': {
    confirm: {
      run: async ({ app, press, snap }) => {
        const before = txCount(snap);
        for (const key of ['n', 'N', 'Esc']) {
          await press(key);
          expect(app.frame(), key).not.toContain('Re-Run 2 marked orders?');
          expect(position(app), key).toContain('2 marked');
          await app.press('o', '1');
        }
        expect(txCount(snap)).toBe(before);
      },
    },
    'confirm-quit': {
      run: async (c) => {
        for (const key of ['n', 'N', 'Esc']) {
          await c.press(key);
          expect(c.app.exited(), key).toBe(false);
          expect(c.app.frame(), key).not.toMatch(/not in the\s+file yet/);
          expect(header(c.app), key).toMatch(/^ {2}Order#/);
          c.unsaved = 2;
          await c.app.press('q');
        }
      },
    },
  },
  'quit-yes': {
    'confirm-quit': {
      run: async (c) => {
        await c.press('y');
        expect(c.app.exited()).toBe(true);
        const next = await c.again();
        await next.press('Y');
        expect(next.app.exited()).toBe(true);
      },
    },
  },
  'settings-close': { settings: closedByEscOrItsKey('settings') },
  'help-scroll': {
    help: {
      run: async ({ app, press }) => {
        for (const [key, lines] of [
          ['Down', '2-18'],
          ['j', '3-19'],
          ['Up', '2-18'],
          ['k', '1-17'],
        ] as const) {
          await press(key);
          expect(shown(app)[0], key).toBe(lines);
        }
      },
    },
  },
  'help-page': {
    help: {
      run: async ({ app, press }) => {
        const n = Number(shown(app)[1]);
        const end = `${n - 16}-${n}`;
        for (const [key, lines] of [
          ['PgDn', '18-34'],
          ['PgUp', '1-17'],
          ['Space', '18-34'],
          ['Ctrl-B', '1-17'],
          ['Ctrl-F', '18-34'],
          ['Ctrl-U', '10-26'],
          ['Ctrl-D', '18-34'],
          ['G', end],
          ['g', '1-17'],
          ['End', end],
          ['Home', '1-17'],
        ] as const) {
          await press(key);
          expect(shown(app)[0], key).toBe(lines);
        }
      },
    },
  },
  'help-close': { help: closedByEscOrItsKey('help') },

  'form-field': {
    filters: {
      run: async ({ app, press }) => {
        for (const [key, label] of [
          ['Down', 'Status'],
          ['Tab', 'Dropped as'],
          ['Up', 'Status'],
          ['Shift-Tab', 'Order#'],
        ] as const) {
          await press(key);
          expect(selected(app), key).toMatch(new RegExp(`^› ${label}( |$)`));
        }
      },
    },
  },
  'form-choice': {
    filters: {
      enter: ['f', KEY.tab],
      run: async ({ app, press, snap }) => {
        await press('Right');
        expect(selected(app)).toContain('[Pending]');
        await press('Left');
        expect(selected(app)).toContain('[(any)]');
        await press('Right');
        await app.press(KEY.enter);
        expect(filterLine(app)).toBe('Filters: Status: Pending');
        expect(total(app)).toBe(count(snap, "SELECT COUNT(*) FROM orders WHERE status = 'Pending'"));
      },
    },
  },
  'form-apply': {
    filters: {
      run: async ({ app, press }) => {
        await app.type('113');
        await press('Enter');
        expect(filterLine(app)).toBe('Filters: Order#: "113"');
        expect(total(app)).toBe(1);
        expect(sel(app)).toBe(DROPPED);
      },
    },
  },
  'form-cancel': {
    filters: {
      run: async ({ app, press }) => {
        await app.type('113');
        await press('Esc');
        expect(app.frame()).not.toContain('Filters for Orders');
        expect(filterLine(app)).toMatch(/^Filters: none/);
        expect(total(app)).toBe(3);
      },
    },
  },

  'prompt-apply': {
    prompt: {
      run: async ({ app, press }) => {
        await app.type('lovelace');
        await press('Enter');
        expect(filterLine(app)).toBe('Filters: Keyword: "lovelace"');
        expect(total(app)).toBe(1);
        expect(sel(app)).toBe(FAILED);
      },
    },
    goto: {
      run: async ({ app, press }) => {
        await app.type(FAILED);
        await press('Enter');
        expect(sel(app)).toBe(FAILED);
        expect(message(app)).toBe('✓ Showing the order in Orders; Esc goes back');
      },
    },
    fix: {
      run: async ({ app, press, snap }) => {
        await app.type('WID-100');
        await press('Enter');
        expect(message(app)).toMatch(/^✓ Linked AMZ-GHOST to WID-100 \(transaction \d+\)/);
        expect(
          count(snap, "SELECT COUNT(*) FROM sku_links WHERE amazon_sku = 'AMZ-GHOST' AND item_sku = 'WID-100'"),
        ).toBe(1);
      },
    },
  },
  'prompt-cancel': {
    prompt: {
      run: async ({ app, press }) => {
        await app.type('lovelace');
        await press('Esc');
        expect(filterLine(app)).toMatch(/^Filters: none/);
        expect(total(app)).toBe(3);
      },
    },
    goto: {
      run: async ({ app, press }) => {
        await app.type(FAILED);
        await press('Esc');
        expect(app.lines()[1]).toMatch(/^Filters: none/);
        expect(sel(app)).toBe(PENDING);
      },
    },
    fix: {
      run: async ({ app, press, snap }) => {
        await app.type('WID-100');
        await press('Esc');
        expect(app.frame()).not.toContain('ERP item');
        expect(count(snap, "SELECT COUNT(*) FROM sku_links WHERE amazon_sku = 'AMZ-GHOST'")).toBe(0);
      },
    },
  },
  'text-cursor': inAll(TEXT_MODES, {
    run: async ({ app, press, mode }) => {
      await typeRaw(app, 'abc');
      const steps = [
        ['Left', 'X', 'abXc'],
        ['Right', 'Y', 'abXcY'],
        ['Home', 'S', 'SabXcY'],
        ['End', 'E', 'SabXcYE'],
        ['Ctrl-A', '1', '1SabXcYE'],
        ['Ctrl-E', '2', '1SabXcYE2'],
      ] as const;
      for (const [key, ch, value] of steps) {
        await press(key);
        await typeRaw(app, ch);
        expect(typed(app, mode), key).toBe(value);
      }
    },
  }),
  'text-word': inAll(TEXT_MODES, {
    run: async ({ app, press, mode }) => {
      await typeRaw(app, 'ab cd');
      await press('Alt-b');
      await typeRaw(app, 'X');
      expect(typed(app, mode)).toBe('ab Xcd');
      await press('Alt-f');
      await typeRaw(app, 'Y');
      expect(typed(app, mode)).toBe('ab XcdY');
    },
  }),
  'text-delete': inAll(TEXT_MODES, {
    run: async ({ app, press, mode }) => {
      await typeRaw(app, 'abc');
      await press('Backspace');
      expect(typed(app, mode)).toBe('ab');
    },
  }),
  'text-kill': inAll(TEXT_MODES, {
    run: async ({ app, press, mode }) => {
      await typeRaw(app, 'ab cd');
      await press('Ctrl-W');
      expect(typed(app, mode)).toBe('ab');
      await typeRaw(app, 'x');
      await press('Ctrl-U');
      await typeRaw(app, 'yz');
      expect(typed(app, mode)).toBe('yz');
      await app.press(KEY.left);
      await press('Ctrl-K');
      expect(typed(app, mode)).toBe('y');
    },
  }),
};

describe('every binding of the table, rendered', () => {
  it('has an expectation for each binding in each of its modes, and none for what the table does not hold', () => {
    const cases = BINDINGS.flatMap((b) => b.modes.map((m) => `${b.id} in ${m}`));
    const expected = Object.entries(EXPECT).flatMap(([id, modes]) => Object.keys(modes).map((m) => `${id} in ${m}`));
    expect(expected.sort()).toEqual(cases.sort());
  });

  for (const b of BINDINGS)
    for (const mode of b.modes)
      it(`${b.id} in ${mode}: ${b.label ?? b.keys.join(' ')} (${b.help})`, async () => {
        const c = EXPECT[b.id]?.[mode];
        expect(c, `no expectation for ${b.id} in ${mode}`).toBeDefined();
        const pressed = new Set<string>();
        const ctx = await start(mode, c!, pressed);
        try {
          await c!.run(ctx);
        } finally {
          ctx.app.unmount();
        }
        expect([...pressed].sort(), 'every key of the binding was pressed').toEqual(
          expect.arrayContaining([...b.keys].sort()),
        );
      });
});
