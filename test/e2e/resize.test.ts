/**
 * Resizing the real terminal: after the terminal shrinks (where Ink's own
 * incremental rendering goes wrong) and grows again, the screen is exactly
 * what a fresh start at that size shows; a key moves the selection with a few
 * hundred bytes, not a whole frame.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cli } from '../cli/run-cli.js';
import { haveTmux, RecordedTerminal } from '../safety/support.js';

let dir: string;
let file: string;
const terms: RecordedTerminal[] = [];

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'alogs-e2e-resize-'));
  file = path.join(dir, 'demo.db');
  const made = cli(['demo', '--out', file, '--transactions', '600', '--seed', '2']);
  if (made.code !== 0) throw new Error(made.stderr);
});
afterEach(() => {
  for (const t of terms.splice(0)) t.stop();
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** A terminal of this size running the dashboard, its second row selected. */
async function started(cols: number, rows: number): Promise<RecordedTerminal> {
  const term = new RecordedTerminal(cols, rows, dir);
  terms.push(term);
  term.startCli([file]);
  await term.waitFor(/row 1 of \d+ │/);
  term.keys('j');
  await term.waitFor(/row 2 of \d+ │/);
  return term;
}

/** The screen once it stops changing. */
async function settled(term: RecordedTerminal): Promise<string> {
  let last = term.screen();
  for (let i = 0; i < 50; i++) {
    await new Promise((r) => setTimeout(r, 150));
    const now = term.screen();
    if (now === last && !now.includes('working…')) return now;
    last = now;
  }
  return last;
}

describe.runIf(haveTmux())('the dashboard when the terminal is resized', () => {
  it('shrinks and grows to exactly the screen a fresh start at each size shows', async () => {
    const term = await started(120, 40);
    for (const [cols, rows] of [
      [90, 30],
      [80, 24],
      [60, 20],
      [100, 31],
    ] as const) {
      term.resize(cols, rows);
      const after = await settled(term);
      const fresh = cols >= 80 && rows >= 24 ? await started(cols, rows) : undefined;
      if (fresh) {
        expect(after, `${cols}x${rows}`).toBe(await settled(fresh));
        fresh.stop();
      } else {
        expect(after).toMatch(/^terminal too small \(need 80x24, have 60x20\) - q quits\n\n/);
      }
    }
  });

  it('moves the selection one row with a few hundred bytes at 120x40', async () => {
    const term = await started(120, 40);
    const before = term.raw().length;
    for (let i = 3; i <= 12; i++) {
      term.keys('j');
      await term.waitFor(new RegExp(`row ${i} of \\d+ │`));
    }
    await settled(term);
    const perMove = (term.raw().length - before) / 10;
    expect(perMove).toBeGreaterThan(50);
    expect(perMove).toBeLessThan(800);
  });
});
