import { describe, expect, it } from 'vitest';
import { createSnapshot } from '../../src/db/index.js';
import { generateDemo } from '../../src/demo/generate-demo.js';
import { indexOfRow, listIds, listRows, NO_FILTERS } from '../../src/triage/index.js';
import { uiSnapshot } from '../fixtures.js';
import { renderSnapshot, screen } from './harness.js';

describe('sorting (s / S)', () => {
  it('s cycles the sort column, S reverses it, the header shows which; rows and positions follow the order', async () => {
    const snap = await createSnapshot();
    generateDemo(snap, { transactions: 400, seed: 3 });
    const app = await renderSnapshot(snap);
    await app.press('4'); // Errors: its picture line, then Date, Code, ...
    expect(app.lines()[3]).toMatch(/^ {2}Date UTC▼ /);
    await app.press('s');
    expect(app.lines()[3]).toMatch(/Code▼/);
    const byCodeDesc = snap
      .all<{ code: string }>('SELECT code FROM errors ORDER BY code DESC, id DESC LIMIT 5')
      .map((r) => r.code);
    expect(screen.selected(app)).toContain(byCodeDesc[0]!);
    await app.press('S');
    expect(app.lines()[3]).toMatch(/Code▲/);
    const byCodeAsc = snap
      .all<{ code: string; id: number }>('SELECT code, id FROM errors ORDER BY code ASC, id ASC')
      .map((r) => r.id);
    const sorted = { ...NO_FILTERS, sortBy: 'code', sortAsc: true };
    expect(listIds(snap, 'errors', sorted)).toEqual(byCodeAsc);
    expect(listRows(snap, 'errors', sorted, 20, 10).map((r) => r.id)).toEqual(byCodeAsc.slice(20, 30));
    expect(indexOfRow(snap, 'errors', sorted, byCodeAsc[37]!)).toBe(37);
    await app.press('G');
    expect(screen.selected(app)).toContain(
      snap.value<string>('SELECT code FROM errors WHERE id = ?', [byCodeAsc.at(-1)!])!,
    );
    // Round the columns back to the date.
    for (let i = 0; i < 6 && !/Date UTC[▼▲]/.test(app.lines()[3]!); i++) await app.press('s');
    expect(app.lines()[3]).toMatch(/^ {2}Date UTC▲/);
    await app.press('c');
    expect(app.lines()[3]).toMatch(/^ {2}Date UTC▼/);
    app.unmount();
  });

  it('s sorts only by columns shown at the width (never one the width hides), and the header marks the column it sorts by', async () => {
    const snap = await uiSnapshot();
    const app = await renderSnapshot(snap, { columns: 80, rows: 24 });
    await app.press('3'); // Logs: at 80 columns Sync Type, Entity Type and Resolved show only under the table
    const header = () => app.lines().find((l) => l.includes('Import Date'))!;
    expect(header()).toMatch(/^ {2}Import Date UTC▼ +Type +Order ref \/ SKU +Status +Message$/);
    expect(app.frame()).toMatch(/Sync Type Auto/);
    // Each s puts the one marker on the next column on screen, then back on the date.
    for (const title of ['Type', 'Order ref / SKU', 'Status', 'Import Date UTC']) {
      await app.press('s');
      expect(header()).toContain(`${title}▼`);
      expect(header().match(/[▼▲]/g), title).toHaveLength(1);
    }
    expect(header()).toMatch(/^ {2}Import Date UTC▼ /);
    // Sorted by Status (three s from the date): the rows follow it.
    await app.press('s', 's', 's');
    expect(header()).toMatch(/ Status▼ /);
    const statuses = [...screen.body(app).matchAll(/ (Success|Pending|Error) /g)].map((m) => m[1]);
    expect(statuses).toEqual(
      snap.all<{ s: string }>('SELECT status AS s FROM transactions ORDER BY status DESC, id DESC').map((r) => r.s),
    );
    app.unmount();
  });

  it('keeps the mark on a sorted column whose title fills it (Resolved, Sync Type at 120 columns): the title gives way', async () => {
    const snap = await uiSnapshot();
    const app = await renderSnapshot(snap, { columns: 120, rows: 40 });
    await app.press('3');
    const header = () => app.lines().find((l) => l.includes('Import Date'))!;
    expect(header()).toMatch(/ Resolved Sync Type /);
    const marked: string[] = [];
    for (let i = 0; i < 8 && marked.at(-1) !== 'UTC'; i++) {
      await app.press('s');
      expect(header().match(/[▼▲]/g), header()).toHaveLength(1);
      marked.push(/(\S+)[▼▲]/.exec(header())![1]!);
    }
    expect(marked).toEqual(['Type', 'SKU', 'Resolv…', 'Ty…', 'Status', 'UTC']);
    app.unmount();
  });
});
