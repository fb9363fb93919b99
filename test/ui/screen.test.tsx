import { EventEmitter } from 'node:events';
import { render } from 'ink-testing-library';
import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { createTriageSession } from '../../src/triage/session.js';
import { SizedApp } from '../../src/ui/app.js';
import { truncate } from '../../src/text/sanitize.js';
import { addManyOrders, DROPPED, FAILED, PENDING, uiSnapshot } from '../fixtures.js';
import { KEY, renderApp, renderSnapshot, screen } from './harness.js';

describe('the screen at 80x24', () => {
  it('shows the tabs with open error counts, the toggles and filters in words, the table and the status line', async () => {
    const snap = await uiSnapshot();
    const source = createTriageSession(snap, { actor: 'tester' });
    const counts = await source.openErrorCounts();
    const app = await renderApp(source);
    const lines = app.lines();
    expect(lines[0]).toBe(
      `[1 Orders ${counts.orders} open]│ 2 Inventory ${counts.inventory} open │ 3 Logs ${counts.logs} open │ 4 Errors ${counts.errors} open`,
    );
    expect(lines[1]).toBe('Filters: none (h Hide Resolved Exports, e Show Errors Only, f form, / search)');
    // Dates say they are UTC (Z shows local time).
    expect(lines[2]).toMatch(/^ {2}Order# +Purchased UTC▼ +Status +Outcome +Total Resolved/);
    // Newest first, the first row selected with a marker as well as inverse.
    expect(lines[3]).toMatch(new RegExp(`^› ${PENDING} 2026-11-14 +Pending`));
    expect(lines[4]).toMatch(new RegExp(`^  ${DROPPED} 2026-11-12 +Dropped SO-000001 sales … +19.99 Yes`));
    expect(lines[5]).toMatch(new RegExp(`^  ${FAILED} 2026-11-10 +Error`));
    expect(lines.at(-3)).toBe('row 1 of 3 │ in-memory snapshot');
    expect(lines.at(-2)).toBe('');
    expect(lines.at(-1)).toContain('↑↓ move  Enter open  o options  / search  f filters  c clear  ? help  q quit');
    app.unmount();
  });

  it('is never taller than rows - 1 and never wider than the terminal, in every view', async () => {
    const snap = await uiSnapshot();
    addManyOrders(snap, 40);
    for (const [columns, rows] of [
      [80, 24],
      [120, 40],
      [200, 30],
    ] as const) {
      const app = await renderSnapshot(snap, { columns, rows });
      const check = () => {
        const lines = app.lines();
        expect(lines.length).toBeLessThanOrEqual(rows - 1);
        for (const line of lines) expect(stringWidth(line)).toBeLessThanOrEqual(columns);
      };
      check();
      expect(app.lines().length).toBe(rows - 1);
      for (const keys of [
        ['G'],
        ['?'],
        [KEY.escape, KEY.enter],
        [KEY.pageDown, KEY.pageDown, KEY.escape, 'f'],
        [KEY.escape, 'o'],
        [KEY.escape, '/'],
        [KEY.escape, '3'],
        ['4'],
      ]) {
        await app.press(...keys);
        check();
      }
      app.unmount();
    }
  });

  it('renders only the rows that fit: 16 at 24 rows (and the line of the columns left out), all 43 on a taller terminal', async () => {
    const snap = await uiSnapshot();
    const refs = addManyOrders(snap, 40);
    const small = await renderSnapshot(snap);
    expect(small.lines().filter((l) => /^[› ] \d{3}-\d{7}-\d{7}/.test(l))).toHaveLength(16);
    expect(small.frame()).not.toContain(refs[0]); // the oldest order is at the very end
    expect(screen.status(small)).toContain('row 1 of 43');
    small.unmount();
    const tall = await renderSnapshot(snap, { rows: 60 });
    expect(tall.lines().filter((l) => /^[› ] \d{3}-\d{7}-\d{7}/.test(l))).toHaveLength(43);
    expect(tall.frame()).toContain(refs[0]);
    tall.unmount();
  });

  it('asks the source only for the rows on screen', async () => {
    const snap = await uiSnapshot();
    addManyOrders(snap, 40);
    const session = createTriageSession(snap, { actor: 'tester' });
    const asked: [number, number][] = [];
    const app = await renderApp({
      ...session,
      rows: (tab, filters, offset, limit) => {
        asked.push([offset, limit]);
        return session.rows(tab, filters, offset, limit);
      },
    });
    expect(asked).toEqual([[0, 16]]);
    await app.press('j', 'j'); // within the window: nothing fetched
    expect(asked).toHaveLength(1);
    await app.press('G');
    expect(asked.at(-1)).toEqual([27, 16]);
    app.unmount();
  });

  it('shows more columns when wider (the buyer on Orders, the message on Logs)', async () => {
    const snap = await uiSnapshot();
    const narrow = await renderSnapshot(snap);
    expect(narrow.lines()[2]).not.toContain('Buyer');
    expect(narrow.frame()).not.toContain('Ada Lovelace');
    // The columns left out are on the line under the table, for the selected row.
    await narrow.press('j', 'j');
    expect(screen.body(narrow).split('\n').at(-1)).toMatch(
      /^ {2}Reason ORD_SKU_UNLINKED: Amazon SKU AMZ-GHOST not linked to an ERP item · Cha/,
    );
    narrow.unmount();
    const wide = await renderSnapshot(snap, { columns: 160 });
    expect(wide.lines()[2]).toContain('Buyer');
    expect(wide.frame()).toContain('Ada Lovelace');
    await wide.press('3');
    // The article's six columns with their full names, dates with times, and ours beside them.
    expect(wide.lines()[4]).toMatch(
      /^ {2}Import Date UTC▼ +Start Date UTC +End Date UTC +Entity Type +Type +Order ref \/ SKU +Resolved +Sync Type +Status +Message/,
    );
    expect(wide.frame()).toMatch(
      /2026-11-10 09:01 2026-11-10 09:01:00 2026-11-10 09:01:00 Order +Order Import +112-0000001-0000001 No +Auto +Error +Validate lines: Amazon/,
    );
    wide.unmount();
  });

  it('shows the file name and a READ-ONLY badge when the source is read-only', async () => {
    const snap = await uiSnapshot();
    const source = {
      ...createTriageSession(snap, { actor: 'tester' }),
      label: 'shop.sqlite',
      readOnlyReason: 'opened with --read-only',
    };
    const app = await renderApp(source);
    expect(screen.status(app)).toBe('row 1 of 3 │ shop.sqlite │  READ-ONLY');
    expect(app.lines().at(-1)).not.toContain('o options');
    app.unmount();
  });
});

describe('a terminal below 80x24', () => {
  for (const [columns, rows] of [
    [79, 24],
    [80, 23],
    [60, 10],
    [40, 30],
  ] as const) {
    it(`at ${columns}x${rows} says so on one line, and q still quits`, async () => {
      const app = await renderSnapshot(await uiSnapshot(), { columns, rows });
      expect(app.frame()).toBe(truncate(`terminal too small (need 80x24, have ${columns}x${rows}) - q quits`, columns));
      await app.press('j', 'o', KEY.enter);
      expect(app.exited()).toBe(false);
      await app.press('q');
      expect(app.exited()).toBe(true);
    });
  }

  it('lays the screen out again when the terminal is resized', async () => {
    const snap = await uiSnapshot();
    const stdout = Object.assign(new EventEmitter(), { columns: 100, rows: 30 });
    const instance = render(<SizedApp source={createTriageSession(snap, { actor: 'tester' })} stdout={stdout} />);
    const frame = () => (instance.lastFrame() ?? '').replace(/\n$/, '');
    const settle = async () => {
      for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
      await new Promise((r) => setTimeout(r, 20));
    };
    await settle();
    expect(frame().split('\n')).toHaveLength(29);
    expect(frame()).toContain(FAILED);
    Object.assign(stdout, { columns: 70, rows: 20 });
    stdout.emit('resize');
    await settle();
    expect(frame()).toBe('terminal too small (need 80x24, have 70x20) - q quits');
    Object.assign(stdout, { columns: 90, rows: 26 });
    stdout.emit('resize');
    await settle();
    expect(frame().split('\n')).toHaveLength(25);
    expect(frame()).toContain(FAILED);
    instance.unmount();
  });
});
