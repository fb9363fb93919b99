import { describe, expect, it } from 'vitest';
import { createSnapshot } from '../../src/db/index.js';
import { generateDemo } from '../../src/demo/generate-demo.js';
import { indexOfRow, listIds, listRows, NO_FILTERS } from '../../src/triage/index.js';
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
});
