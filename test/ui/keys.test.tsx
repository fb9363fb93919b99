/** Issue 15 in the rendered dashboard: ctrl keys, line editing, wide text, copy, pager, `:`, n/N, Z, the help at 80x24. */
import { describe, expect, it } from 'vitest';
import { createTriageSession } from '../../src/triage/session.js';
import { osc52 } from '../../src/ui/copy.js';
import type { DashboardIO } from '../../src/ui/controller.js';
import { helpLines } from '../../src/ui/help-text.js';
import { addManyOrders, FAILED, PENDING, uiSnapshot } from '../fixtures.js';
import { KEY, renderApp, renderSnapshot, screen, type Rendered } from './harness.js';

const CTRL = { B: '\x02', D: '\x04', E: '\x05', F: '\x06', U: '\x15', W: '\x17', A: '\x01', K: '\x0b' } as const;
const { position } = screen;
const selectedRef = (app: Rendered) =>
  app
    .lines()
    .find((l) => l.startsWith('› '))
    ?.slice(2)
    .trim()
    .split(' ')[0];
/** The line being typed under the tab bar. */
const promptLine = (app: Rendered) => app.lines()[1]!;

async function manyOrders(size: { columns?: number; rows?: number } = {}) {
  const snap = await uiSnapshot();
  addManyOrders(snap, 40);
  return renderSnapshot(snap, size);
}

describe('ctrl keys', () => {
  it('Ctrl-D / Ctrl-U move half a page, Ctrl-F / Ctrl-B a page, as in less and vim', async () => {
    const app = await manyOrders();
    await app.press(CTRL.D);
    expect(position(app)).toBe('row 9 of 43');
    await app.press(CTRL.F);
    expect(position(app)).toBe('row 25 of 43');
    await app.press(CTRL.U);
    expect(position(app)).toBe('row 17 of 43');
    await app.press(CTRL.B);
    expect(position(app)).toBe('row 1 of 43');
    app.unmount();
  });

  it('no other Ctrl+letter acts as its letter: Ctrl-U keeps the marks, Ctrl-F opens no form, Ctrl-E toggles nothing', async () => {
    const app = await manyOrders();
    await app.press(' ');
    expect(position(app)).toBe('row 2 of 43 · 1 marked');
    const filters = screen.filterLine(app);
    await app.press(CTRL.U, CTRL.E, CTRL.W, CTRL.K);
    expect(position(app)).toBe('row 1 of 43 · 1 marked');
    expect(screen.filterLine(app)).toBe(filters);
    await app.press(CTRL.F);
    expect(app.frame()).not.toMatch(/Filters for|Apply/);
    expect(position(app)).toBe('row 17 of 43 · 1 marked');
    app.unmount();
  });
});

describe('typing a line', () => {
  it('Ctrl-W, Ctrl-U, Ctrl-A, Ctrl-E, Ctrl-K and Alt-B/F edit the keyword as readline does', async () => {
    const app = await renderSnapshot(await uiSnapshot());
    await app.press('/');
    await app.type('sku unlinked');
    expect(promptLine(app)).toMatch(/^\/ Keyword \(Orders\): sku unlinked ?$/);
    await app.press(CTRL.W);
    expect(promptLine(app)).toMatch(/: sku ?$/);
    await app.press(CTRL.A, 'x', CTRL.E, 'y');
    expect(promptLine(app)).toMatch(/: xsku y ?$/);
    await app.press('\x1bb', CTRL.K);
    expect(promptLine(app)).toMatch(/: xsku ?$/);
    await app.press(CTRL.U);
    expect(promptLine(app)).toMatch(/: {2}text to find/);
    await app.press(KEY.escape);
    app.unmount();
  });

  it('applies every key of a burst in order: pasted text, then several Backspaces that arrive together', async () => {
    const app = await renderSnapshot(await uiSnapshot());
    await app.press('/');
    await app.typeAhead('dropped as SOxx');
    await app.typeAhead('\x7f\x7f');
    expect(promptLine(app)).toMatch(/: dropped as SO ?$/);
    await app.typeAhead('\x7f\x7f\x7f', ' SO');
    expect(promptLine(app)).toMatch(/: dropped as SO ?$/);
    await app.press(KEY.enter);
    expect(screen.filterLine(app)).toContain('dropped as SO');
    app.unmount();
  });
});

describe('wide text', () => {
  it('Left/Right scroll the columns, the selection column stays; w wraps the selected row; C hides a column and keeps the choice', async () => {
    const saved: unknown[] = [];
    const io: DashboardIO = {
      saveColumns: async (hidden) => (saved.push(hidden), { ok: true, message: 'Columns kept in cfg.json' }),
    };
    const app = await renderApp(createTriageSession(await uiSnapshot(), { actor: 'tester' }), { io });
    const header = () => app.lines()[2]!;
    expect(header()).toMatch(/^ {2}Order# +Purchased UTC/);
    await app.press(KEY.right);
    // The header says columns are scrolled off to the left.
    expect(header()).toMatch(/^« Purchased UTC/);
    expect(app.lines().some((l) => l.startsWith('› '))).toBe(true);
    await app.press(KEY.left);
    expect(header()).toMatch(/^ {2}Order#/);

    const before = app.lines().length;
    await app.press('w');
    const rowAt = app.lines().findIndex((l) => l.startsWith('› '));
    expect(app.lines()[rowAt + 1]).toMatch(/^ {4}\S/);
    expect(app.lines().length).toBe(before);
    await app.press('w');

    await app.press('C');
    expect(app.frame()).toContain('Order#');
    await app.press(' ', KEY.enter);
    expect(header()).not.toContain('Order#');
    expect(saved).toEqual([expect.objectContaining({ orders: ['order_ref'] })]);
    expect(app.frame()).toContain('Columns kept in cfg.json');
    app.unmount();
  });
});

describe('copy and pager', () => {
  it('y offers the order number first and sends it to the terminal as OSC 52', async () => {
    const written: string[] = [];
    const app = await renderApp(createTriageSession(await uiSnapshot(), { actor: 'tester' }), {
      io: { writeRaw: (t) => void written.push(t) },
    });
    await app.press('y');
    expect(app.frame()).toContain(`Order number: ${PENDING}`);
    await app.press(KEY.enter);
    expect(written).toEqual([osc52(PENDING)]);
    expect(app.frame()).toContain(`Copied order number ${PENDING} to the clipboard`);
    app.unmount();
  });

  it('v hands the whole record (fields and sections) to the pager and says how it went', async () => {
    const paged: string[] = [];
    const io: DashboardIO = {
      page: async (text) => (paged.push(text), { ok: true, message: 'Back from the pager (cat)' }),
    };
    const app = await renderApp(createTriageSession(await uiSnapshot(), { actor: 'tester' }), { io });
    await app.press('j', 'j');
    const ref = selectedRef(app)!;
    await app.press('v');
    expect(paged).toHaveLength(1);
    expect(paged[0]).toContain(ref);
    expect(paged[0]!.split('\n').filter((l) => /^\S.*:$/.test(l)).length).toBeGreaterThan(0);
    expect(app.frame()).toContain('Back from the pager (cat)');
    app.unmount();
  });
});

describe('go to and find', () => {
  it(': takes an order number or a tab name and Esc comes back', async () => {
    const app = await renderSnapshot(await uiSnapshot());
    expect(selectedRef(app)).toBe(PENDING);
    await app.press(':');
    await app.type(FAILED);
    await app.press(KEY.enter);
    expect(selectedRef(app)).toBe(FAILED);
    await app.press(KEY.escape);
    expect(selectedRef(app)).toBe(PENDING);
    await app.press(':');
    await app.type('errors');
    await app.press(KEY.enter);
    expect(screen.tabBar(app)).toMatch(/\[4 Errors/);
    await app.press(':');
    await app.type('nowhere');
    await app.press(KEY.enter);
    expect(app.frame()).toContain('is not something to go to');
    app.unmount();
  });

  it('n / N move to the next and previous row with the last keyword; without one, n says so', async () => {
    const app = await manyOrders();
    await app.press('n');
    expect(app.frame()).toContain('No keyword yet');
    await app.press('/');
    await app.type('200');
    await app.press(KEY.enter);
    const first = position(app);
    await app.press('n');
    expect(position(app)).not.toBe(first);
    expect(position(app)).toMatch(/^row 2 of/);
    await app.press('N');
    expect(position(app)).toBe(first);
    app.unmount();
  });
});

describe('chrome', () => {
  it('Z shows dates in local time and back in UTC, the headers say which', async () => {
    const app = await renderSnapshot(await uiSnapshot());
    expect(app.lines()[2]).toContain('Purchased UTC');
    await app.press('Z');
    expect(app.lines()[2]).toContain('Purchased loc');
    expect(app.frame()).toContain('Dates in local time');
    await app.press('Z');
    expect(app.lines()[2]).toContain('Purchased UTC');
    app.unmount();
  });

  it('the help at 80x24 shows the version, and scrolls to its last line', async () => {
    const app = await renderApp(createTriageSession(await uiSnapshot(), { actor: 'tester' }), {
      opening: { version: '1.2.3' },
    });
    await app.press('?');
    expect(app.lines()[2]).toContain('amazon-logs 1.2.3');
    const last = helpLines({ version: '1.2.3' }).at(-1)!.text;
    expect(app.frame()).not.toContain(last);
    await app.press('G');
    expect(app.frame()).toContain(last.slice(0, 40));
    await app.press('g');
    expect(app.frame()).not.toContain(last);
    await app.press(KEY.escape);
    expect(app.frame()).not.toContain('amazon-logs 1.2.3');
    app.unmount();
  });

  it('q with actions not yet in the file says so and asks; n stays, y quits', async () => {
    const source = createTriageSession(await uiSnapshot(), { actor: 'tester' });
    source.unsaved = async () => 2;
    const app = await renderApp(source);
    await app.press('q');
    expect(app.exited()).toBe(false);
    expect(app.frame()).toMatch(/2 actions are in the journal[\s\S]*not in the\s+file yet/);
    await app.press('n');
    expect(app.exited()).toBe(false);
    await app.press('q', 'y');
    expect(app.exited()).toBe(true);
  });
});
