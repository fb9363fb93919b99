/**
 * A key that asks for rows the screen does not have waits a little for them:
 * a quick answer comes in the key's one frame, a slow one after a frame that
 * says "working…".
 */
import { describe, expect, it } from 'vitest';
import { createTriageSession } from '../../src/triage/session.js';
import type { TriageSource } from '../../src/triage/source.js';
import { ANSWER_WAIT_MS } from '../../src/ui/controller.js';
import { DROPPED, FAILED, uiSnapshot } from '../fixtures.js';
import { renderApp } from './harness.js';

/** The real session, its rows answered `delayMs` later, as from the database thread. */
async function slowRows(delayMs: { value: number }): Promise<TriageSource> {
  const session = createTriageSession(await uiSnapshot(), { actor: 'tester' });
  const source: TriageSource = Object.create(session);
  source.rows = (...args) =>
    new Promise((resolve, reject) => setTimeout(() => session.rows(...args).then(resolve, reject), delayMs.value));
  return source;
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
const working = /working(…|\.\.\.)/;
/** Show Errors Only's rows: the failed order, not the dropped one. */
const errorsOnlyRows = (frame: string) => frame.includes(FAILED) && !frame.includes(DROPPED);

describe('a key waiting for its rows', () => {
  it('draws the rows in its first frame when they come within ANSWER_WAIT_MS, not after a "working…" frame', async () => {
    const delay = { value: 0 };
    const app = await renderApp(await slowRows(delay));
    expect(app.frame()).toContain(DROPPED);
    // An answer in a later turn of the event loop, as from the database thread; its timer runs out before the wait's (set after it).
    delay.value = 1;
    const before = app.frames.length;
    app.write('e');
    await pause(ANSWER_WAIT_MS * 2);
    await app.settle();
    expect(errorsOnlyRows(app.frame())).toBe(true);
    // Every frame since the key that shows the toggle on shows its rows too.
    const drawn = app.frames.slice(before).filter((f) => f.includes('Filters: Show Errors Only'));
    expect(drawn.length).toBeGreaterThan(0);
    expect(drawn.filter((f) => !errorsOnlyRows(f))).toEqual([]);
    app.unmount();
  });

  it("shows an action's outcome at once, while the rows it changed are read again", async () => {
    const session = createTriageSession(await uiSnapshot(), { actor: 'tester' });
    const source: TriageSource = Object.create(session);
    let rowsHeld = false;
    const held: (() => void)[] = [];
    source.rows = async (...args) => {
      if (rowsHeld) await new Promise<void>((release) => held.push(release));
      return session.rows(...args);
    };
    // Rows that never come while the test holds them, and a wait for them that would outlast the test.
    const app = await renderApp(source, { answerWaitMs: 60_000 });
    await app.press('h', 'G', 'o');
    expect(app.frame()).toContain(`Options for order ${FAILED}`);
    rowsHeld = true;
    app.write('2');
    for (let i = 0; i < 100 && !app.frame().includes(`Marked order ${FAILED} as resolved`); i++) await pause(10);
    expect(app.frame()).toContain(`Marked order ${FAILED} as resolved`);
    expect(held.length).toBeGreaterThan(0);
    rowsHeld = false;
    for (const release of held) release();
    await app.settle();
    expect(app.frame()).not.toMatch(working);
    app.unmount();
  });

  it('says "working…" once ANSWER_WAIT_MS has passed without them, then draws them', async () => {
    const delay = { value: 0 };
    const app = await renderApp(await slowRows(delay));
    delay.value = ANSWER_WAIT_MS * 10;
    app.write('e');
    await pause(ANSWER_WAIT_MS * 3);
    expect(app.frame()).toMatch(working);
    expect(app.frame()).toContain('Filters: Show Errors Only');
    expect(errorsOnlyRows(app.frame())).toBe(false);
    await pause(ANSWER_WAIT_MS * 10);
    await app.settle();
    expect(errorsOnlyRows(app.frame())).toBe(true);
    expect(app.frame()).not.toMatch(working);
    app.unmount();
  });
});
