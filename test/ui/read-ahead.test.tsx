/**
 * Once the keys pause, the dashboard reads ahead: the other tabs' pages into
 * the screen's state, and the toggles one key away in the database thread.
 */
import { render } from 'ink-testing-library';
import { useLayoutEffect, type ReactNode } from 'react';
import { describe, expect, it } from 'vitest';
import { createTriageSession } from '../../src/triage/session.js';
import type { TriageSource } from '../../src/triage/source.js';
import type { ExpectedView, TabId } from '../../src/triage/triage-types.js';
import { App } from '../../src/ui/app.js';
import { READ_AHEAD_AFTER_MS } from '../../src/ui/fetcher.js';
import { KEY, renderApp, screen } from './harness.js';
import { uiSnapshot } from '../fixtures.js';

/** The real session, with the tabs whose rows were asked for and the views it was told to expect. */
async function recordingSource(): Promise<{ source: TriageSource; rowsOf: TabId[]; expected: ExpectedView[][] }> {
  const session = createTriageSession(await uiSnapshot(), { actor: 'tester' });
  const rowsOf: TabId[] = [];
  const expected: ExpectedView[][] = [];
  const source: TriageSource = Object.create(session);
  source.rows = (tab, ...rest) => {
    rowsOf.push(tab);
    return session.rows(tab, ...rest);
  };
  source.expect = (views) => void expected.push(views);
  return { source, rowsOf, expected };
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Waits (a few pauses of the keys at most) until `done`. */
async function until(done: () => boolean): Promise<void> {
  for (let i = 0; i < 50 && !done(); i++) await pause(READ_AHEAD_AFTER_MS / 3);
}

describe('reading ahead', () => {
  it('asks for the first page before the first frame is drawn, so the database thread reads it meanwhile', async () => {
    const { source, rowsOf } = await recordingSource();
    const asked = source.rows.bind(source);
    // Ink writes a frame as React commits it, before any effect runs: a layout effect marks the first one written.
    let drawn = false;
    let drawnWhenAsked: boolean | undefined;
    function FirstFrame({ children }: { children: ReactNode }) {
      useLayoutEffect(() => void (drawn = true), []);
      return <>{children}</>;
    }
    source.rows = (...args) => ((drawnWhenAsked ??= drawn), asked(...args));
    const app = render(
      <FirstFrame>
        <App source={source} columns={80} rows={24} />
      </FirstFrame>,
    );
    expect(drawn).toBe(true);
    expect(drawnWhenAsked).toBe(false);
    await pause(50);
    expect(app.lastFrame()).toMatch(/row 1 of \d+/);
    // Asked once: starting the controller after the first frame asks for nothing again.
    expect(rowsOf).toEqual(['orders']);
    app.unmount();
  });

  it("reads the other tabs' pages once the keys pause, not while they come: a tab key then shows its rows without asking", async () => {
    const { source, rowsOf } = await recordingSource();
    const app = await renderApp(source);
    expect(rowsOf[0]).toBe('orders');
    // Keys that come faster than the pause: nothing is read ahead meanwhile.
    for (let i = 0; i < 10; i++) {
      await app.press(i % 2 ? 'k' : 'j');
      await pause(READ_AHEAD_AFTER_MS / 5);
    }
    expect(rowsOf).toEqual(['orders']);
    await until(() => rowsOf.length === 4);
    expect(rowsOf).toEqual(['orders', 'inventory', 'logs', 'errors']);
    expect(screen.tabBar(app)).toMatch(/\[1 Orders/);
    rowsOf.length = 0;
    await app.press('2');
    expect(screen.tabBar(app)).toMatch(/\[2 Inventory/);
    expect(screen.body(app)).toContain('AMZ-RED');
    await app.press('4');
    expect(screen.selected(app)).not.toBe('');
    expect(rowsOf).toEqual([]);
    app.unmount();
  });

  it('tells the database thread the toggles one key away, this tab first, once the keys pause', async () => {
    const { source, expected } = await recordingSource();
    const app = await renderApp(source, { opening: { tab: 'logs' } });
    await until(() => expected.length > 0);
    const first = expected[0]!;
    expect(first.slice(0, 2).map((v) => [v.tab, v.filters.hideResolved, v.filters.errorsOnly])).toEqual([
      ['logs', true, false],
      ['logs', false, true],
    ]);
    expect(first.map((v) => v.tab)).toEqual([
      'logs',
      'logs',
      ...['orders', 'inventory', 'errors'].flatMap((t) => [t, t]),
    ]);
    expect(first.every((v) => v.offset === 0 && v.limit > 0)).toBe(true);
    // A row move changes none of it: nothing new is said.
    const told = expected.length;
    await app.press('j');
    await pause(READ_AHEAD_AFTER_MS * 2);
    expect(expected.length).toBe(told);
    // A toggle does: its own view is now shown, and the one back is expected first.
    await app.press('e');
    await until(() => expected.length > told);
    expect(
      expected
        .at(-1)!
        .slice(0, 2)
        .map((v) => [v.filters.hideResolved, v.filters.errorsOnly]),
    ).toEqual([
      [true, true],
      [false, false],
    ]);
    app.unmount();
  });

  it('reads ahead only views of the toggles alone: not the toggles of a keyword view (its count may walk the table)', async () => {
    const { source, expected } = await recordingSource();
    const app = await renderApp(source, { opening: { tab: 'logs' } });
    await app.press('/');
    await app.type('AMZ');
    await app.press(KEY.enter);
    expect(screen.filterLine(app)).toContain('Keyword: "AMZ"');
    await until(() => expected.at(-1)?.[0]?.tab === 'orders');
    // The toggles of the keyword view are not expected; the other tabs' still are.
    expect(expected.at(-1)!.map((v) => v.tab)).toEqual([
      'orders',
      'orders',
      'inventory',
      'inventory',
      'errors',
      'errors',
    ]);
    app.unmount();
  });
});
