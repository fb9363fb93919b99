/** A new filter's rows show before its count: the count of a common word can take far longer than a page. */
import { describe, expect, it } from 'vitest';
import { createTriageSession } from '../../src/triage/session.js';
import type { TriageSource } from '../../src/triage/source.js';
import { KEY, renderApp, screen } from './harness.js';
import { addManyOrders, PENDING, uiSnapshot } from '../fixtures.js';

/** The real session, with every count held until release() (a slow count). */
function heldCounts(source: TriageSource): { source: TriageSource; asked: () => number; release: () => void } {
  const waiting: (() => void)[] = [];
  let asked = 0;
  const held: TriageSource = Object.create(source);
  held.count = (tab, filters) => {
    asked++;
    return new Promise((resolve, reject) => waiting.push(() => source.count(tab, filters).then(resolve, reject)));
  };
  return { source: held, asked: () => asked, release: () => waiting.splice(0).forEach((go) => go()) };
}

describe('rows first, count after', () => {
  it('shows the first page while the set is still being counted, then the total', async () => {
    const snap = await uiSnapshot();
    addManyOrders(snap, 40); // 43 orders: more than a page
    const slow = heldCounts(createTriageSession(snap, { actor: 'tester' }));
    const app = await renderApp(slow.source);
    expect(screen.position(app)).toBe('row 1 of … (counting)');
    expect(screen.selected(app)).toContain(PENDING);
    await app.press('j');
    expect(screen.position(app)).toBe('row 2 of … (counting)');
    slow.release();
    await app.settle();
    expect(screen.position(app)).toBe('row 2 of 43');
    app.unmount();
  });

  it('a first page shorter than the screen is its own count: no count is asked for', async () => {
    const snap = await uiSnapshot(); // 3 orders
    const slow = heldCounts(createTriageSession(snap, { actor: 'tester' }));
    const app = await renderApp(slow.source);
    expect(screen.position(app)).toBe('row 1 of 3');
    await app.press('/');
    await app.type('zzz-no-such-thing');
    await app.press(KEY.enter);
    expect(screen.position(app)).toBe('row 0 of 0');
    expect(screen.body(app)).toMatch(/No orders match/);
    expect(slow.asked()).toBe(0);
    app.unmount();
  });

  it('asks for the page before the tab counts and the pictures: the database thread answers in order', async () => {
    const snap = await uiSnapshot();
    const session = createTriageSession(snap, { actor: 'tester' });
    const asked: string[] = [];
    const recording: TriageSource = Object.create(session);
    for (const method of ['rows', 'count', 'openErrorCounts', 'daily'] as const) {
      const real = session[method] as (...args: unknown[]) => Promise<unknown>;
      (recording as unknown as Record<string, unknown>)[method] = (...args: unknown[]) => {
        asked.push(method);
        return real.apply(session, args);
      };
    }
    const app = await renderApp(recording, { opening: { tab: 'logs' } });
    expect(asked[0]).toBe('rows');
    asked.length = 0;
    await app.press('e');
    expect(asked[0]).toBe('rows');
    expect(asked).toContain('daily');
    app.unmount();
  });
});
