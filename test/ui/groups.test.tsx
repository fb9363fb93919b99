import { describe, expect, it } from 'vitest';
import { createSnapshot } from '../../src/db/index.js';
import { generateDemo } from '../../src/demo/generate-demo.js';
import { errorGroups } from '../../src/triage/index.js';
import { count } from '../fixtures.js';
import { KEY, renderSnapshot, screen } from './harness.js';

describe('error groups view (E)', () => {
  it('lists open errors by cause with counts; Enter shows the group in the Errors tab; o re-runs the whole group', async () => {
    const snap = await createSnapshot();
    generateDemo(snap, { transactions: 1500, seed: 9 });
    const groups = errorGroups(snap);
    const app = await renderSnapshot(snap, { columns: 160, rows: 30 });
    await app.press('E');
    const total = groups.reduce((n, g) => n + g.count, 0);
    expect(app.frame()).toContain(`Open errors by cause: ${groups.length} groups, ${total} errors`);
    const top = groups[0]!;
    // A table: count, its bar, code, pattern, two weeks per day, last seen, would pass.
    expect(app.lines()[3]).toMatch(/^ {2}Errors +Code +Pattern +14 days +Last seen +Pass +Orders +SKUs/);
    expect(screen.selected(app)).toMatch(new RegExp(`^› +${top.count} █+ +${top.code} `));
    expect(screen.selected(app)).toContain(`${top.lastSeen.slice(0, 10)} ${top.lastSeen.slice(11, 16)}`);
    if (top.wouldPass) expect(screen.selected(app)).toContain(`✓${top.wouldPass}`);

    await app.press('j');
    const second = groups[1]!;
    expect(screen.selected(app)).toMatch(new RegExp(`^› +${second.count} [█▏▎▍▌▋▊▉]+ +${second.code} `));
    // The selected group in full under the table.
    expect(app.frame()).toContain(`  ${second.code}: ${second.pattern.slice(0, 60)}`);
    await app.press(KEY.enter);
    expect(screen.tabBar(app)).toContain('[4 Errors');
    expect(screen.filterLine(app)).toContain(`Filters: Group ${second.code} "${second.pattern.slice(0, 40)}`);
    expect(screen.status(app)).toMatch(new RegExp(`^row 1 of ${second.count} `));

    await app.press('E', 'o');
    expect(app.frame()).toContain(`Options for ${top.count} marked error${top.count === 1 ? '' : 's'}`);
    const before = count(snap, 'SELECT MAX(id) FROM transactions');
    await app.press('1', 'y');
    const reruns = count(snap, "SELECT COUNT(*) FROM transactions WHERE id > ? AND sync_type = 'Manual'", [before]);
    const distinctRuns = count(
      snap,
      `SELECT COUNT(DISTINCT rerun_of) FROM transactions WHERE id > ? AND sync_type = 'Manual'`,
      [before],
    );
    expect(reruns).toBe(distinctRuns);
    expect(reruns).toBeGreaterThan(0);
    expect(screen.message(app)).toMatch(new RegExp(`^[✓✗] Re-ran ${top.count} errors: `));
    app.unmount();
  });
});
