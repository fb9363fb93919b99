/**
 * Hostile data end to end: a snapshot whose order titles, buyer names,
 * messages and SKUs carry every class of terminal control, opened by the built
 * binary in a real terminal (tmux) and printed by the CLI. Nothing the file
 * holds may drive the terminal: every control shows as a visible escape, the
 * pane title stays, no OSC/DCS/C1/bidi byte is ever written, and wide and
 * combining characters keep the columns aligned.
 */
import fs from 'node:fs';
import path from 'node:path';
import stringWidth from 'string-width';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Snapshot } from '../../src/db/index.js';
import { addOrder, baseSnapshot } from '../fixtures.js';
import { cli, haveTmux, openDir, RecordedTerminal } from './support.js';

const TITLE = '\x1b]0;pwned\x07';
const TITLE_ST = '\x1b]2;pwned2\x1b\\';
const LINK = '\x1b]8;;https://evil.example/\x1b\\click\x1b]8;;\x1b\\';
const DCS = '\x1bP1$qm\x1b\\';
/** Device status report (the terminal would answer into the app's input), mouse tracking on, clear screen. */
const CSI = '\x1b[6n\x1b[?1000h\x1b[2J';
/** 8-bit CSI, OSC, ST, DCS and NEL. */
const C1 = '\u009b6n\u009d0;pwned\u009c\u0090q\u009c\u0085';
/** BEL, BS, CR, LF, TAB, VT, DEL. */
const C0 = 'a\x07b\x08c\rd\ne\tf\x0bg\x7fh';
const BIDI = 'abc\u202edcba\u202c\u2066x\u2069\u200f\u061c';
/**
 * CJK, fullwidth, a combining accent, a one-code-point emoji. (Emoji with
 * skin-tone modifiers or VS16 are left out: terminals disagree on their width;
 * tmux 3.3 gives 👍🏽 four columns and ❤️ one, where string-width gives two.)
 */
const WIDE = '東京ＡＢe\u0301🚀';

/** How each hostile string must look on screen and in the CLI's output. */
const visible = (s: string) =>
  s.replace(/[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, (c) => {
    const code = c.charCodeAt(0);
    return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });

const HOSTILE_REF = '112-0000001-0000001';
const WIDE_REF = `東京-e\u0301🚀-ＡＢ-0000002`;
const PLAIN_REF = '113-0000003-0000003';

function tx(
  snap: Snapshot,
  t: { type: string; orderRef?: string; sku?: string; date: string; status: string; message: string },
): number {
  const entity = t.type === 'Order Import' ? 'Order' : 'Inventory';
  return snap.insert(
    `INSERT INTO transactions(type, entity_type, direction, order_ref, sku, import_date, start_date, end_date, status, resolved, message, payload)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?)`,
    [
      t.type,
      entity,
      entity === 'Order' ? 'Amazon to Xoro' : 'Xoro to Amazon',
      t.orderRef ?? null,
      t.sku ?? null,
      t.date,
      t.date,
      t.date,
      t.status,
      t.message,
      JSON.stringify({ note: t.message }),
    ],
  );
}

function error(
  snap: Snapshot,
  e: { tx: number; orderRef?: string; sku?: string; code: string; message: string; date: string },
): void {
  snap.run('INSERT INTO errors(transaction_id, order_ref, sku, code, message, created_at) VALUES (?, ?, ?, ?, ?, ?)', [
    e.tx,
    e.orderRef ?? null,
    e.sku ?? null,
    e.code,
    e.message,
    e.date,
  ]);
}

/** Each tab has hostile rows next to plain ones, the hostile ones newest (selected first). */
async function hostileSnapshot(file: string): Promise<void> {
  const snap = await baseSnapshot();
  addOrder(snap, { ref: PLAIN_REF, purchaseDate: '2026-11-10T09:00:00Z' });
  addOrder(snap, { ref: WIDE_REF, purchaseDate: '2026-11-11T09:00:00Z' });
  const id = addOrder(snap, {
    ref: HOSTILE_REF,
    purchaseDate: '2026-11-12T09:00:00Z',
    lines: [{ sku: `AMZ-${CSI}` }, { sku: 'AMZ-BLUE' }],
  });
  snap.run("UPDATE orders SET status = 'Error', buyer_name = ? WHERE id = ?", [TITLE + BIDI, id]);
  snap.run("UPDATE orders SET buyer_name = 'Plain Buyer' WHERE order_ref <> ?", [HOSTILE_REF]);
  snap.run('UPDATE order_lines SET title = ? WHERE order_id = ? AND line_no = 1', [LINK + DCS + WIDE, id]);

  tx(snap, {
    type: 'Order Import',
    orderRef: PLAIN_REF,
    date: '2026-11-10T09:01:00Z',
    status: 'Success',
    message: 'Drop: dropped as SO-000001',
  });
  const orderTx = tx(snap, {
    type: 'Order Import',
    orderRef: HOSTILE_REF,
    date: '2026-11-12T09:01:00Z',
    status: 'Error',
    message: TITLE_ST + C0,
  });
  error(snap, {
    tx: orderTx,
    orderRef: HOSTILE_REF,
    code: 'ORD_SKU_UNLINKED',
    message: LINK + C1 + BIDI,
    date: '2026-11-12T09:01:00Z',
  });
  const plainInv = tx(snap, {
    type: 'Inventory Sync',
    sku: 'AMZ-BLUE',
    date: '2026-11-13T00:00:00Z',
    status: 'Success',
    message: 'Sync: sent 50',
  });
  const invTx = tx(snap, {
    type: 'Inventory Sync',
    sku: `${WIDE}${C1}`,
    date: '2026-11-14T00:00:00Z',
    status: 'Error',
    message: `${DCS}${CSI}`,
  });
  error(snap, {
    tx: invTx,
    sku: `${WIDE}${C1}`,
    code: 'INV_NEGATIVE_QTY',
    message: TITLE + WIDE,
    date: '2026-11-14T00:00:00Z',
  });
  snap.run(
    `INSERT INTO inventory_log(transaction_id, sku, store, qty_before, qty_after, reason, adjusted_at, status, resolved) VALUES
      (?, 'AMZ-BLUE', 'MAIN', 40, 50, 'Scheduled sync', '2026-11-13T00:00:00Z', 'Success', 1),
      (?, ?, 'MAIN', 3, -2, ?, '2026-11-14T00:00:00Z', 'Error', 0)`,
    [plainInv, invTx, `${WIDE}${CSI}`, DCS + BIDI],
  );
  snap.saveAs(file);
  snap.close();
}

/** Buyer names and SKUs that would over-match if a search were not taken literally. */
async function searchSnapshot(file: string): Promise<void> {
  const snap = await baseSnapshot();
  const buyers = [
    '100% cotton',
    'under_score',
    "O'Brien",
    'back\\slash',
    'say "hi"',
    'plain 100 percent',
    'underscore',
  ];
  buyers.forEach((buyer, i) => {
    const ref = `11${i}-000000${i}-000000${i}`;
    addOrder(snap, { ref, lines: [{ sku: i === 1 ? 'SKU_1' : `SKUX${i}` }], purchaseDate: `2026-11-1${i}T09:00:00Z` });
    snap.run('UPDATE orders SET buyer_name = ? WHERE order_ref = ?', [buyer, ref]);
  });
  snap.saveAs(file);
  snap.close();
}

let dir: string;
let file: string;
beforeAll(async () => {
  dir = openDir('alogs-hostile-');
  file = path.join(dir, 'hostile.db');
  await hostileSnapshot(file);
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Bytes that would make a terminal act: C0 other than newline/tab... every one, DEL, C1, bidi controls. */
const ACTING = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/u;

describe('the CLI prints hostile strings as visible escapes', () => {
  it('list (table) and show (text) write no control byte to stdout, and show every escape', () => {
    const outputs: string[] = [];
    for (const tab of ['orders', 'inventory', 'logs', 'errors']) {
      const r = cli(['list', tab, '--db', file]);
      expect(r.code, r.stderr).toBe(0);
      outputs.push(r.stdout);
    }
    for (const [tab, id] of [
      ['orders', 3],
      ['inventory', 2],
      ['logs', 2],
      ['logs', 4],
      ['errors', 1],
      ['errors', 2],
    ] as const) {
      const show = cli(['show', tab, String(id), '--db', file]);
      expect(show.code, show.stderr).toBe(0);
      outputs.push(show.stdout);
    }
    for (const out of outputs) {
      const bytes = Buffer.from(out, 'utf8');
      // No ESC (7-bit sequences), no UTF-8 encoded C1 (C2 80-C2 9F), no DEL.
      expect(bytes.includes(0x1b)).toBe(false);
      expect(bytes.includes(0x7f)).toBe(false);
      for (let i = 0; i < bytes.length - 1; i++)
        if (bytes[i] === 0xc2) expect(bytes[i + 1]! < 0x80 || bytes[i + 1]! > 0x9f).toBe(true);
      expect(out).not.toMatch(ACTING);
      expect(out.replace(/\n/g, '')).not.toMatch(/[\t\r]/);
    }
    const all = outputs.join('\n');
    // The detail views show the whole strings.
    for (const s of [
      TITLE + BIDI,
      LINK + DCS + WIDE,
      `AMZ-${CSI}`,
      TITLE_ST + C0,
      LINK + C1 + BIDI,
      DCS + BIDI,
      `${WIDE}${C1}`,
      `${WIDE}${CSI}`,
      DCS + CSI,
      TITLE + WIDE,
    ]) {
      expect(all).toContain(visible(s));
    }
  });

  it('action reports name rows by what the file holds: escaped too', () => {
    const copy = path.join(dir, 'act.db');
    fs.copyFileSync(file, copy);
    const r = cli(['resolve', 'inventory', '2', '--db', copy]);
    expect(r.code, r.stderr).toBe(0);
    expect(Buffer.from(r.stdout).includes(0x1b)).toBe(false);
    const wide = cli(['resolve', 'orders', '2', '--db', copy]);
    expect(wide.stdout).toBe(`Marked order ${WIDE_REF} as resolved\n`);
  });
});

describe('a search is taken literally: filter input is a bound parameter', () => {
  let searchFile: string;
  beforeAll(async () => {
    searchFile = path.join(dir, 'search.db');
    await searchSnapshot(searchFile);
  });

  const buyersFound = (args: string[]) => {
    const r = cli(['list', 'orders', '--db', searchFile, '--format', 'json', ...args]);
    expect(r.code, r.stderr).toBe(0);
    return (JSON.parse(r.stdout) as { buyer_name: string }[]).map((o) => o.buyer_name).sort();
  };

  it.each([
    ['%', ['100% cotton']],
    ['_', ['under_score']],
    ["'", ["O'Brien"]],
    ['\\', ['back\\slash']],
    ['"', ['say "hi"']],
    ['100%', ['100% cotton']],
    // A keyword that starts inside a word matches nothing (README, "Searching"): "0%" is not at the start of "100%".
    ['0%', []],
    ["' OR '1'='1", []],
    ['%" OR 1=1 --', []],
  ])('--search %j finds exactly what has it (a symbol anywhere, a word at the start of a word)', (search, expected) => {
    expect(buyersFound(['--search', search])).toEqual(expected);
  });

  it('prefix filters too: --sku _ matches no SKU that merely has a character there, --order % none', () => {
    expect(buyersFound(['--sku', 'SKU_'])).toEqual(['under_score']);
    expect(buyersFound(['--order', '%'])).toEqual([]);
    expect(buyersFound(['--order', '11_'])).toEqual([]);
  });
});

/** The text of a captured line from display column `col` on (tmux prints a wide character once, in its first cell). */
function fromColumn(line: string, col: number): string {
  let used = 0;
  let out = '';
  for (const { segment } of new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(line)) {
    if (used >= col) out += segment;
    used += stringWidth(segment);
  }
  return out;
}

function columnOf(header: string, name: string): number {
  const at = header.indexOf(name);
  expect(at, `column ${name} in ${header}`).toBeGreaterThanOrEqual(0);
  return stringWidth(header.slice(0, at));
}

/** Table rows of a captured screen: they start with the selection marker or two spaces, then a date or order ref. */
function tableRows(screen: string): string[] {
  return screen.split('\n').filter((l) => /^[› ] (\d{4}-\d{2}-\d{2}|\d{3}-\d{7}-\d{7}|東京)/.test(l));
}

describe.runIf(haveTmux())('the dashboard in a real terminal, over hostile data', () => {
  let term: RecordedTerminal | undefined;
  afterEach(() => term?.stop());

  it('the check is sensitive: tmux takes a title from an OSC that reaches it', async () => {
    term = new RecordedTerminal(80, 24, dir);
    term.start(['printf', '%s', TITLE]);
    await term.waitFor('[exited 0]');
    expect(term.title()).toBe('pwned');
    expect(term.raw().includes(Buffer.from(TITLE))).toBe(true);
  });

  /** Reads a detail view page by page; its lines joined, without indents, so wrapped values read whole. */
  async function readDetail(t: RecordedTerminal, look: (p: RegExp) => Promise<string>): Promise<string> {
    const text: string[] = [];
    for (let page = 0; page < 20; page++) {
      const s = await look(/lines \d+-\d+ of \d+|Transactions \(\d+\):/);
      const lines = s.trimEnd().split('\n');
      text.push(
        ...lines
          .slice(3, -3)
          .filter((l) => !/^Transactions \(\d+\):/.test(l))
          .map((l) => l.trim()),
      );
      const where = /lines (\d+)-(\d+) of (\d+)/.exec(s);
      if (!where || where[2] === where[3]) break;
      t.keys('PageDown');
      await t.waitFor(new RegExp(`lines (?!${where[1]}-)\\d+-\\d+ of ${where[3]}`));
    }
    return text.join('');
  }

  it.for([
    [80, 24],
    [132, 30],
  ])(
    '%ix%i: every tab and a detail show the escapes, aligned; the title stays; no control reaches the terminal',
    async ([cols, rows]) => {
      term = new RecordedTerminal(cols, rows, dir);
      const t = term;
      t.startCli([file, '--read-only']);
      await t.waitFor(/row 1 of 3/);
      const title = t.title();
      const look = async (pattern: RegExp | string | ((screen: string) => boolean)) => {
        const s = await t.waitFor(pattern);
        for (const line of s.split('\n')) expect(stringWidth(line), line).toBeLessThanOrEqual(cols);
        return s;
      };

      // Orders: the wide ref's row lines up with the others.
      const orders = await look((screen) => /Order#\s+Purchased/.test(screen) && /row 1 of 3/.test(screen));
      const header = orders.split('\n').find((l) => l.includes('Order#'))!;
      const orderRows = tableRows(orders);
      expect(orderRows).toHaveLength(3);
      for (const row of orderRows) {
        expect(fromColumn(row, columnOf(header, 'Purchased')), `${row}\n${header}`).toMatch(/^2026-11-1[012] /);
        expect(fromColumn(row, columnOf(header, 'Resolved')), `${row}\n${header}`).toMatch(/^(Yes|No)\b/);
      }
      if (header.includes('Buyer')) expect(orders).toContain('\\x1b]0;pwned');

      // The hostile order's detail: buyer, line SKU and title, its error and transaction, in full.
      t.keys('Enter');
      await look(`Order ${HOSTILE_REF}`);
      const order = await readDetail(t, look);
      for (const s of [TITLE + BIDI, `AMZ-${CSI}`, LINK + DCS + WIDE, LINK + C1 + BIDI, TITLE_ST + C0])
        expect(order).toContain(visible(s));
      t.keys('Escape');
      await look(/Order#\s+Purchased/);

      const tabs: [string, RegExp, string, RegExp, string[]][] = [
        ['2', /Date UTC▼?\s+SKU\s+/, 'Status', /^(Error|Success)\b/, [`${WIDE}${CSI}`, DCS + BIDI]],
        ['3', /Import Date/, 'Status', /^(Error|Success)\b/, [DCS + CSI, `${WIDE}${C1}`]],
        // Codes are never cut: the code column holds each whole.
        ['4', /Date UTC▼?\s+Code\s+Message/, 'Code', /^[A-Z_]+ /, [TITLE + WIDE, `${WIDE}${C1}`]],
      ];
      for (const [key, headerPattern, column, cellPattern, shown] of tabs) {
        t.keys(key);
        const s = await look((screen) => headerPattern.test(screen) && /row 1 of \d+/.test(screen));
        const h = s.split('\n').find((l) => headerPattern.test(l))!;
        const rowsNow = tableRows(s);
        expect(rowsNow.length, s).toBeGreaterThanOrEqual(2);
        for (const row of rowsNow) expect(fromColumn(row, columnOf(h, column)), `${row}\n${h}`).toMatch(cellPattern);
        expect(s).toContain('東京');
        // The newest row is the hostile one; its detail shows what it holds, escaped.
        t.keys('Enter');
        await look(/ (Inventory|Transaction|Error) \S+/);
        const d = await readDetail(t, look);
        for (const text of shown) expect(d).toContain(visible(text));
        t.keys('Escape');
        await look(headerPattern);
      }

      t.keys('q');
      await t.waitFor('[exited 0]');
      expect(t.title()).toBe(title);
      expect(title).not.toContain('pwned');

      const raw = t.raw().toString('utf8');
      // Whatever Ink writes starts with ESC [ (CSI); no OSC, DCS, APC/PM/SOS or string terminator.
      for (const m of raw.matchAll(/\x1b(.)/gs))
        expect(m[1], JSON.stringify(raw.slice(Math.max(0, m.index! - 10), m.index! + 20))).toBe('[');
      // The hostile CSI sequences never go out raw (they show as text instead).
      for (const seq of ['\x1b[6n', '\x1b[?1000h']) expect(raw.includes(seq)).toBe(false);
      expect(raw).not.toMatch(
        /[\u0000-\u0007\u000b\u000c\u000e-\u001a\u001c-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/u,
      );
      expect(raw).toContain('\\x1b]0;pwned');
    },
  );
});
