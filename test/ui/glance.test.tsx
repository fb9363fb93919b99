/** Issue 16 in the dashboard: pictures, reasons, the article's columns, the filters people expect, open work first. */
import { describe, expect, it } from 'vitest';
import { buildSearchIndexes, createSnapshot, type Snapshot } from '../../src/db/index.js';
import { generateDemo } from '../../src/demo/generate-demo.js';
import { dailyFigures, NO_FILTERS } from '../../src/triage/index.js';
import { createTriageSession } from '../../src/triage/session.js';
import { ASCII_GLYPHS, isUtf8Locale, sparkline, UNICODE_GLYPHS } from '../../src/ui/glyphs.js';
import { KEY, renderApp, renderSnapshot, screen } from './harness.js';
import { FAILED, uiSnapshot } from '../fixtures.js';

async function demo(): Promise<Snapshot> {
  const snap = await createSnapshot();
  generateDemo(snap, { transactions: 1500, seed: 9 });
  await buildSearchIndexes(snap);
  return snap;
}

/** "first ▁▂█ last  peak N on MM-DD" of a picture line, as numbers and the drawn part. */
function readPicture(line: string, label: string) {
  const m = new RegExp(
    `^${label.replace('/', '\\/')} +(\\d+) (.{30}) (\\d+) +(?:peak (\\d+) on (\\d\\d-\\d\\d)|none)`,
  ).exec(line);
  if (!m) throw new Error(`not a picture line: ${line}`);
  return {
    first: Number(m[1]),
    spark: m[2]!,
    last: Number(m[3]),
    peak: m[4] === undefined ? 0 : Number(m[4]),
    peakDay: m[5],
  };
}

describe('pictures in the dashboard', () => {
  it('Errors: new errors per day over 30 days, the figures at the ends, following the filters', async () => {
    const snap = await demo();
    const app = await renderSnapshot(snap);
    await app.press('4');
    const truth = await dailyFigures(snap, 'errors', NO_FILTERS, 30);
    const values = truth.series[0]!.values;
    const drawn = readPicture(app.lines()[2]!, 'New errors/day');
    expect(drawn).toMatchObject({
      first: values[0],
      last: values.at(-1),
      peak: Math.max(...values),
      spark: sparkline(values, UNICODE_GLYPHS),
    });
    expect(app.lines()[2]).toContain(`· ${truth.days[0]!.slice(5)}–${truth.days.at(-1)!.slice(5)}`);
    // Hide Resolved: the picture is of the open errors only.
    await app.press('h');
    const open = (await dailyFigures(snap, 'errors', { ...NO_FILTERS, hideResolved: true }, 30)).series[0]!.values;
    expect(open).not.toEqual(values);
    expect(readPicture(app.lines()[2]!, 'New errors/day').spark).toBe(sparkline(open, UNICODE_GLYPHS));
    app.unmount();
  });

  it('Logs: failed against total transactions per day, on two lines that line up', async () => {
    const snap = await demo();
    const app = await renderSnapshot(snap, { columns: 100 });
    await app.press('3');
    const truth = await dailyFigures(snap, 'logs', NO_FILTERS, 30);
    const [all, failed] = truth.series.map((s) => s.values);
    const total = readPicture(app.lines()[2]!, 'Transactions/day');
    const bad = readPicture(app.lines()[3]!, 'Failed/day');
    expect(total).toMatchObject({ first: all![0], last: all!.at(-1), spark: sparkline(all!, UNICODE_GLYPHS) });
    expect(bad).toMatchObject({ first: failed![0], last: failed!.at(-1), spark: sparkline(failed!, UNICODE_GLYPHS) });
    expect(app.lines()[2]!.indexOf(total.spark)).toBe(app.lines()[3]!.indexOf(bad.spark));
    app.unmount();
  });

  it('draws in ASCII where the locale is not UTF-8', async () => {
    expect(isUtf8Locale({ LANG: 'en_US.UTF-8' })).toBe(true);
    expect(isUtf8Locale({ LC_ALL: 'C.utf8', LANG: 'C' })).toBe(true);
    expect(isUtf8Locale({ LANG: 'C' })).toBe(false);
    expect(isUtf8Locale({ LC_CTYPE: 'en_US.ISO-8859-1', LANG: 'en_US.UTF-8' })).toBe(false);
    expect(isUtf8Locale({})).toBe(false);
    expect(sparkline([0, 1, 4, 8], ASCII_GLYPHS)).toBe(' .=@');
    const snap = await demo();
    const app = await renderApp(createTriageSession(snap, { actor: 't' }), { opening: { unicode: false } });
    await app.press('4');
    const line = app.lines()[2]!;
    expect(line).toMatch(/^New errors\/day +\d+ [ .:\-=+*#@]{30} \d+/);
    expect(line).not.toMatch(/[▁▂▃▄▅▆▇█–]/);
    await app.press('E');
    expect(app.frame()).not.toMatch(/[▁▂▃▄▅▆▇█▏▎▍▌▋▊▉✓]/);
    app.unmount();
  });
});

describe('reasons first', () => {
  it('Orders shows the first open error as the Reason where space allows', async () => {
    const app = await renderSnapshot(await uiSnapshot(), { columns: 120 });
    expect(app.lines()[2]).toMatch(/Outcome +Reason +Total Resolved/);
    expect(app.frame()).toMatch(new RegExp(`${FAILED} 2026-11-10 +Error +ORD_SKU_UNLINKED: Amazon SKU AMZ… +19.99 No`));
    app.unmount();
    const wide = await renderSnapshot(await uiSnapshot(), { columns: 200 });
    expect(wide.frame()).toMatch(
      new RegExp(
        `${FAILED} 2026-11-10 +Error +ORD_SKU_UNLINKED: Amazon SKU AMZ-GHOST not linked to an ERP item +19.99`,
      ),
    );
    wide.unmount();
  });

  it('e in an order goes to its errors in the Errors tab, and Esc comes back to the order', async () => {
    const app = await renderSnapshot(await uiSnapshot());
    await app.press('G', KEY.enter);
    expect(app.lines()[2]).toContain(`Order ${FAILED}`);
    expect(screen.keys(app)).toContain('e its errors');
    await app.press('e');
    expect(screen.tabBar(app)).toContain('[4 Errors');
    expect(screen.filterLine(app)).toBe(`Filters: Order ref: "${FAILED}"`);
    expect(screen.message(app)).toBe(`✓ Errors of order ${FAILED}; Esc goes back`);
    expect(screen.total(app)).toBe(1);
    expect(screen.selected(app)).toContain('ORD_SKU_UNLINKED');
    await app.press(KEY.escape);
    expect(app.lines()[2]).toContain(`Order ${FAILED}`);
    app.unmount();
  });
});

describe('the filter forms', () => {
  it('Logs: Status, Sync Type and Entity Type are menus', async () => {
    const snap = await uiSnapshot();
    const app = await renderSnapshot(snap);
    await app.press('3', 'f', KEY.tab, KEY.tab, KEY.tab, KEY.right, KEY.right, KEY.right); // Status: Error
    expect(app.frame()).toContain('[Error]');
    await app.press(KEY.tab, KEY.right); // Sync Type: Auto
    await app.press(KEY.tab, 'f'); // Entity Type: typed, "f" picks Fulfillment
    expect(app.frame()).toContain('[Fulfillment]');
    await app.press(KEY.enter);
    expect(screen.filterLine(app)).toBe('Filters: Status: Error · Sync Type: Auto · Entity Type: Fulfillment');
    expect(screen.total(app)).toBe(
      Number(
        snap.value(
          "SELECT COUNT(*) FROM transactions WHERE status = 'Error' AND sync_type = 'Auto' AND entity_type = 'Fulfillment'",
        ),
      ),
    );
    app.unmount();
  });

  it('Orders: dropped as a sales order or an invoice, and waiting longer than N days', async () => {
    const snap = await demo();
    const app = await renderSnapshot(snap);
    await app.press('f', KEY.tab, KEY.tab, KEY.right, KEY.right); // Dropped as: invoice
    expect(app.frame()).toContain('[invoice]');
    await app.press(KEY.enter);
    expect(screen.filterLine(app)).toBe('Filters: Dropped as: invoice');
    expect(screen.total(app)).toBe(Number(snap.value("SELECT COUNT(*) FROM documents WHERE kind = 'invoice'")));
    await app.press('c', 'f', KEY.tab, KEY.tab, KEY.tab);
    await app.type('3');
    await app.press(KEY.enter);
    expect(screen.filterLine(app)).toBe('Filters: Waiting longer than (days): 3');
    const cutoff = new Date(Date.now() - 3 * 86_400_000).toISOString();
    expect(screen.total(app)).toBe(
      Number(
        snap.value(
          "SELECT COUNT(*) FROM orders WHERE status = 'Pending' AND coalesce(import_date, purchase_date) < ?",
          [cutoff],
        ),
      ),
    );
    expect(screen.selected(app)).toMatch(/Pending waiting (\d+)d/);
    expect(Number(/waiting (\d+)d/.exec(screen.selected(app))![1])).toBeGreaterThanOrEqual(3);
    app.unmount();
  });

  it('Errors: the code is picked from the catalogue, each with its count', async () => {
    const snap = await demo();
    const app = await renderSnapshot(snap);
    await app.press('4', 'h', 'f');
    const counts = new Map(
      snap
        .all<{ code: string; n: number }>('SELECT code, COUNT(*) AS n FROM errors WHERE resolved = 0 GROUP BY code')
        .map((r) => [r.code, Number(r.n)]),
    );
    // The list under the form: (any), then the codes, most frequent first, each with its count.
    const listed = app
      .lines()
      .map((l) => /^[› ] ([A-Z]+_[A-Z_]+) +(\d+)$/.exec(l.trimEnd()))
      .filter((m) => m !== null)
      .map((m) => [m[1]!, Number(m[2])] as const);
    expect(listed.length).toBeGreaterThan(3);
    for (const [code, n] of listed) expect(n).toBe(counts.get(code) ?? 0);
    expect(listed.map(([, n]) => n)).toEqual([...listed.map(([, n]) => n)].sort((a, b) => b - a));
    expect(listed[0]![1]).toBe(Math.max(...counts.values()));
    const [top, topCount] = listed[0]!;
    await app.press(KEY.right);
    expect(app.lines()).toContainEqual(expect.stringMatching(new RegExp(`^› ${top} +${topCount}$`)));
    expect(app.frame()).toContain(`› Error code`);
    expect(app.frame()).toContain(`[${top}]`);
    await app.press(KEY.enter);
    expect(screen.filterLine(app)).toBe(`Filters: Hide Resolved Exports · Error code: ${top}`);
    expect(screen.total(app)).toBe(topCount);
    app.unmount();
  });
});

describe('open work first', () => {
  it("opened with Hide Resolved (the config file's hideResolved), every tab says so on its Filters line, and c keeps it", async () => {
    const snap = await uiSnapshot();
    const app = await renderApp(createTriageSession(snap, { actor: 't' }), {
      opening: { hideResolved: ['orders', 'inventory', 'logs', 'errors'] },
    });
    for (const tab of ['1', '2', '3', '4']) {
      await app.press(tab);
      expect(screen.filterLine(app)).toBe('Filters: Hide Resolved Exports');
    }
    await app.press('1');
    expect(screen.total(app)).toBe(Number(snap.value('SELECT COUNT(*) FROM orders WHERE resolved = 0')));
    await app.press('e', 'c');
    expect(screen.filterLine(app)).toBe('Filters: Hide Resolved Exports');
    expect(screen.message(app)).toBe('✓ Orders: filters cleared (Hide Resolved Exports kept: the default)');
    await app.press('h');
    expect(screen.filterLine(app)).toMatch(/^Filters: none/);
    app.unmount();
  });
});
