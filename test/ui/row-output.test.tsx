/**
 * src/ui/row-output.ts draws a frame to the same text as Ink's own Output
 * class: on random frames (styled, wide and joining characters, overlaps,
 * clips, lines outside the frame), on the cases it must leave to Ink, and on
 * the dashboard's own frames in colour, which must all take its fast path.
 */
import chalk, { Chalk } from 'chalk';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fallbacks, type InkOutput } from '../../src/ui/row-output.js';
import { uiSnapshot } from '../fixtures.js';
import { compared, PristineInk, RowOutput } from '../ink-output-check.js';
import { KEY, renderSnapshot } from './harness.js';

const styled = new Chalk({ level: 3 });

/** A small seeded generator (mulberry32): the same frames on every run. */
function random(seed: number) {
  let a = seed;
  const next = () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1));
  const pick = <T,>(items: readonly T[]): T => items[int(0, items.length - 1)]!;
  return { next, int, pick };
}

const WORDS = ['a', 'order', '114-3941689', ' ', '  ', '…', '│', '▁▂▃', '✓', 'Ünïcödé', '→'];
const ODD = ['漢字', '✅', 'e\u0301', '👩‍💻', '\t'];
const STYLES = [
  (s: string) => styled.bold(s),
  (s: string) => styled.inverse(s),
  (s: string) => styled.dim(s),
  (s: string) => styled.red(s),
  (s: string) => styled.bgBlue.white(s),
  (s: string) => styled.bold.inverse(s),
];

function randomText(r: ReturnType<typeof random>, odd: boolean): string {
  const lines: string[] = [];
  for (let l = r.int(1, 3); l > 0; l--) {
    let line = '';
    for (let f = r.int(0, 4); f > 0; f--) {
      const word = odd && r.next() < 0.15 ? r.pick(ODD) : r.pick(WORDS);
      line += r.next() < 0.4 ? r.pick(STYLES)(word) : word;
    }
    lines.push(line);
  }
  return lines.join('\n');
}

/** A frame of random operations, written into both classes. */
function randomFrame(r: ReturnType<typeof random>, odd: boolean): [InkOutput, InkOutput] {
  const width = r.int(4, 30);
  const height = r.int(1, 6);
  const ink = new PristineInk({ width, height });
  const ours = new RowOutput({ width, height });
  let clips = 0;
  for (let n = r.int(0, 8); n > 0; n--) {
    const roll = r.next();
    if (roll < 0.12) {
      const clip = {
        x1: r.next() < 0.7 ? r.int(-1, width) : undefined,
        x2: r.next() < 0.7 ? r.int(0, width + 1) : undefined,
        y1: r.next() < 0.7 ? r.int(-1, height) : undefined,
        y2: r.next() < 0.7 ? r.int(0, height + 1) : undefined,
      };
      for (const o of [ink, ours]) o.clip(clip);
      clips++;
    } else if (roll < 0.18 && clips > 0) {
      for (const o of [ink, ours]) o.unclip();
      clips--;
    } else {
      const x = r.int(-2, width + 1);
      const y = r.int(-1, height);
      const text = randomText(r, odd);
      const transformers =
        r.next() < 0.3 ? [(line: string, index: number) => (index === 0 ? styled.inverse(line) : line)] : [];
      for (const o of [ink, ours]) o.write(x, y, text, { transformers });
    }
  }
  return [ink, ours];
}

describe('row-output: the same text as Ink', () => {
  it('draws 4,000 random frames of one-column text as Ink does', () => {
    const r = random(1);
    for (let i = 0; i < 4000; i++) {
      const [ink, ours] = randomFrame(r, false);
      expect(ours.get(), `frame ${i}`).toEqual(ink.get());
    }
  });

  it('draws 4,000 random frames with wide, joining and control characters as Ink does', () => {
    const r = random(2);
    for (let i = 0; i < 4000; i++) {
      const [ink, ours] = randomFrame(r, true);
      expect(ours.get(), `frame ${i}`).toEqual(ink.get());
    }
  });

  it('leaves to Ink the rows it cannot join as strings, and only those', () => {
    const cases: { name: string; writes: [number, number, string][] }[] = [
      {
        name: 'overlapping pieces',
        writes: [
          [0, 0, 'abcdef'],
          [3, 0, 'XY'],
        ],
      },
      {
        name: 'styled pieces that touch',
        writes: [
          [0, 0, styled.inverse('ab')],
          [2, 0, styled.bold('cd')],
        ],
      },
      { name: 'a wide character', writes: [[0, 0, '漢字 order']] },
    ];
    for (const { name, writes } of cases) {
      const ink = new PristineInk({ width: 12, height: 2 });
      const ours = new RowOutput({ width: 12, height: 2 });
      for (const o of [ink, ours]) {
        for (const [x, y, text] of writes) o.write(x, y, text, { transformers: [] });
        o.write(0, 1, 'plain row', { transformers: [] });
      }
      const before = fallbacks.rows;
      expect(ours.get(), name).toEqual(ink.get());
      expect(fallbacks.rows - before, name).toBe(1);
    }
  });

  it('leaves a frame to Ink when a clip cuts styled text', () => {
    const ink = new PristineInk({ width: 10, height: 1 });
    const ours = new RowOutput({ width: 10, height: 1 });
    for (const o of [ink, ours]) {
      o.clip({ x1: 2, x2: 6 });
      o.write(0, 0, styled.inverse('abcdefgh'), { transformers: [] });
      o.unclip();
    }
    const before = fallbacks.frames;
    expect(ours.get()).toEqual(ink.get());
    expect(fallbacks.frames - before).toBe(1);
  });
});

describe("row-output: the dashboard's frames", () => {
  let level: typeof chalk.level;
  beforeEach(() => {
    // The tests run without colour (FORCE_COLOR=0); the terminal has it.
    level = chalk.level;
    chalk.level = 3;
  });
  afterEach(() => {
    chalk.level = level;
  });

  it('draws every frame of a session in colour as Ink does, with no frame or row left to Ink', async () => {
    const framesBefore = compared.frames;
    const fellBack = { ...fallbacks };
    for (const size of [
      { columns: 80, rows: 24 },
      { columns: 120, rows: 40 },
    ]) {
      const app = await renderSnapshot(await uiSnapshot(), size);
      expect(app.frame()).toContain('\u001b[');
      await app.press(KEY.down, KEY.down, KEY.enter);
      await app.press(KEY.escape, KEY.tab, 'e', 'h', KEY.pageDown, '?');
      await app.press(KEY.escape, 'f');
      await app.type('Ada');
      await app.press(KEY.escape, KEY.tab, KEY.tab, 'g', KEY.escape, 'S', KEY.escape);
      app.unmount();
    }
    const frames = compared.frames - framesBefore;
    // The afterEach hook of test/ink-output-check.ts fails the test on any frame that differed.
    expect(frames).toBeGreaterThan(20);
    expect(fallbacks.frames - fellBack.frames).toBe(0);
    expect(fallbacks.rows - fellBack.rows).toBe(0);
  });
});
