import { describe, expect, it } from 'vitest';
import { addManyOrders, DROPPED, FAILED, PENDING, uiSnapshot } from '../fixtures.js';
import { KEY, renderSnapshot, screen, type Rendered } from './harness.js';

/** The order ref on the line marked as selected. */
function selectedRef(app: Rendered): string | undefined {
  return app
    .lines()
    .find((l) => l.startsWith('› '))
    ?.slice(2)
    .split(' ')[0];
}
const { position } = screen;
const activeTab = (app: Rendered) => /\[\d (\w+)/.exec(app.lines()[0]!)?.[1];

describe('moving the selection', () => {
  it('j/k and the arrows move one row, and the marker follows', async () => {
    const app = await renderSnapshot(await uiSnapshot());
    expect(selectedRef(app)).toBe(PENDING);
    await app.press('j');
    expect(selectedRef(app)).toBe(DROPPED);
    expect(position(app)).toBe('row 2 of 3');
    await app.press(KEY.down);
    expect(selectedRef(app)).toBe(FAILED);
    await app.press(KEY.down); // already last: stays
    expect(position(app)).toBe('row 3 of 3');
    await app.press('k');
    expect(selectedRef(app)).toBe(DROPPED);
    await app.press(KEY.up, KEY.up);
    expect(selectedRef(app)).toBe(PENDING);
    app.unmount();
  });

  it('PgDn/PgUp move a page, G/End and g/Home go to the ends, fetching the rows that come into view', async () => {
    const snap = await uiSnapshot();
    const refs = addManyOrders(snap, 40); // 43 orders; the 200-... ones are older, newest (refs[39]) first
    const app = await renderSnapshot(snap);
    await app.press(KEY.pageDown);
    // A page is the 16 rows that fit (the line under them shows the selected row's columns that do not).
    expect(position(app)).toBe('row 17 of 43');
    expect(selectedRef(app)).toBe(refs[39 - 13]); // rows 4.. are refs[39], refs[38], ...
    await app.press(KEY.pageDown, KEY.pageDown);
    expect(position(app)).toBe('row 43 of 43');
    expect(selectedRef(app)).toBe(refs[0]);
    expect(app.frame()).not.toContain(PENDING); // scrolled out of view
    await app.press(KEY.pageUp);
    expect(position(app)).toBe('row 27 of 43');
    await app.press('g');
    expect(selectedRef(app)).toBe(PENDING);
    await app.press('G');
    expect(selectedRef(app)).toBe(refs[0]);
    await app.press(KEY.home);
    expect(position(app)).toBe('row 1 of 43');
    await app.press(KEY.end);
    expect(position(app)).toBe('row 43 of 43');
    app.unmount();
  });

  it('keys that arrive together in one read (key repeat, tmux send-keys) each count', async () => {
    const app = await renderSnapshot(await uiSnapshot());
    await app.press('jj');
    expect(selectedRef(app)).toBe(FAILED);
    await app.press('kG3');
    expect(activeTab(app)).toBe('Logs');
    await app.press('1');
    expect(selectedRef(app)).toBe(FAILED);
    // Tab and Enter inside a run, around a focused text input.
    await app.press('3', 'f', '\t\t', KEY.right, KEY.right, KEY.enter);
    expect(app.lines()[1]).toBe('Filters: Transaction type: Inventory Sync');
    await app.press('/AMZ-RED\r'); // the prompt opens and takes the rest of the run
    expect(app.lines()[1]).toBe('Filters: Transaction type: Inventory Sync · Keyword: "AMZ-RED"');
    expect(position(app)).toBe('row 1 of 1');
    app.unmount();
  });
});

describe('switching tabs', () => {
  it('1-4, Tab/Shift+Tab and ] / [ switch tabs', async () => {
    const app = await renderSnapshot(await uiSnapshot());
    expect(activeTab(app)).toBe('Orders');
    await app.press('2');
    expect(activeTab(app)).toBe('Inventory');
    expect(app.frame()).toContain('AMZ-RED');
    await app.press('3');
    expect(activeTab(app)).toBe('Logs');
    // Its pictures (failed against total per day) first, then the header.
    expect(app.lines()[2]).toMatch(/^Transactions\/day /);
    expect(app.lines()[4]).toContain('Import Date');
    await app.press('4');
    expect(activeTab(app)).toBe('Errors');
    expect(app.frame()).toContain('ORD_SKU_UNLINKED');
    await app.press(KEY.tab);
    expect(activeTab(app)).toBe('Orders');
    await app.press(KEY.shiftTab);
    expect(activeTab(app)).toBe('Errors');
    await app.press(']');
    expect(activeTab(app)).toBe('Orders');
    await app.press(']');
    expect(activeTab(app)).toBe('Inventory');
    await app.press('[', '[');
    expect(activeTab(app)).toBe('Errors');
    app.unmount();
  });

  it('each tab keeps its own filters, toggles and selection', async () => {
    const app = await renderSnapshot(await uiSnapshot());
    await app.press('j', 'j'); // Orders: third row
    await app.press('3', 'e'); // Logs: errors only
    expect(app.lines()[1]).toBe('Filters: Show Errors Only');
    await app.press('j');
    expect(position(app)).toBe('row 2 of 4'); // the four transactions with status Error
    await app.press('1');
    expect(app.lines()[1]).toMatch(/^Filters: none/);
    expect(selectedRef(app)).toBe(FAILED);
    expect(position(app)).toBe('row 3 of 3');
    await app.press('3');
    expect(app.lines()[1]).toBe('Filters: Show Errors Only');
    expect(position(app)).toBe('row 2 of 4');
    app.unmount();
  });
});

describe('help and quitting', () => {
  it('? shows every key from the binding table, and scrolls to the last; Esc and ? close it', async () => {
    const app = await renderSnapshot(await uiSnapshot());
    await app.press('?');
    for (const text of [
      'move one row',
      'a page up / down',
      'the first / the last row',
      'keyword',
      "the tab's filter form",
      'Hide Resolved Exports',
      'Show Errors Only',
      'Options for the row',
    ]) {
      expect(app.frame()).toContain(text);
    }
    expect(app.frame()).not.toContain(FAILED);
    // At 80x24 the help is taller than the screen: it scrolls to its last line.
    expect(app.frame()).toMatch(/lines 1-\d+ of (\d+)/);
    await app.press('G');
    const [, last, all] = /lines \d+-(\d+) of (\d+)/.exec(app.frame())!;
    expect(last).toBe(all);
    expect(app.frame()).toContain('close the help');
    await app.press('g');
    expect(app.frame()).toMatch(/lines 1-/);
    await app.press(KEY.escape);
    expect(app.frame()).toContain(FAILED);
    await app.press('?', '?');
    expect(app.frame()).toContain(FAILED);
    app.unmount();
  });

  it('q quits', async () => {
    const app = await renderSnapshot(await uiSnapshot());
    expect(app.exited()).toBe(false);
    await app.press('q');
    expect(app.exited()).toBe(true);
  });

  it('Ctrl+C quits, even from a text prompt', async () => {
    const app = await renderSnapshot(await uiSnapshot());
    await app.press('/');
    await app.type('q');
    expect(app.exited()).toBe(false); // q is text in the prompt
    await app.press(KEY.ctrlC);
    expect(app.exited()).toBe(true);
  });
});
