import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { cell, displayWidth, fit, sanitize, stripUnsafe, truncate, wrap } from '../../src/text/sanitize.js';

/** Nothing a terminal would act on: no C0/C1 controls, DEL, bidi controls or line separators. */
const ACTIVE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

describe('sanitize', () => {
  const hostile: [string, string, string][] = [
    ['CSI colour', 'red \x1b[31mALERT\x1b[0m', 'red \\x1b[31mALERT\\x1b[0m'],
    ['CSI clear screen and cursor move', '\x1b[2J\x1b[H', '\\x1b[2J\\x1b[H'],
    ['OSC window title (BEL)', '\x1b]0;pwned\x07', '\\x1b]0;pwned\\x07'],
    [
      'OSC 8 hyperlink (ST)',
      '\x1b]8;;http://evil\x1b\\click\x1b]8;;\x1b\\',
      '\\x1b]8;;http://evil\\x1b\\click\\x1b]8;;\\x1b\\',
    ],
    ['DCS', '\x1bP1$qm\x1b\\', '\\x1bP1$qm\\x1b\\'],
    ['8-bit CSI (C1)', 'a\u009b31mb', 'a\\x9b31mb'],
    ['other C1 (NEL, OSC)', '\u0085\u009d', '\\x85\\x9d'],
    ['C0: NUL, BEL, BS, CR, LF, TAB', 'a\0b\x07c\bd\re\nf\tg', 'a\\x00b\\x07c\\x08d\\x0de\\x0af\\x09g'],
    ['DEL', 'x\x7fy', 'x\\x7fy'],
    ['bidi override RLO/PDF', 'abc\u202etxt.exe\u202c', 'abc\\u202etxt.exe\\u202c'],
    ['bidi embeddings LRE/RLE/LRO', '\u202a\u202b\u202d', '\\u202a\\u202b\\u202d'],
    ['bidi isolates', '\u2066\u2067\u2068\u2069', '\\u2066\\u2067\\u2068\\u2069'],
    ['bidi marks LRM/RLM/ALM', '\u200e\u200f\u061c', '\\u200e\\u200f\\u061c'],
    ['line/paragraph separators', 'a\u2028b\u2029c', 'a\\u2028b\\u2029c'],
    ['lone surrogate', 'a\ud800b', 'a\\ud800b'],
  ];
  for (const [name, input, shown] of hostile) {
    it(`shows ${name} as visible escapes`, () => {
      const out = sanitize(input);
      expect(out).toBe(shown);
      expect(out).not.toMatch(ACTIVE);
    });
  }

  it('leaves ordinary text, accents, CJK and emoji alone', () => {
    for (const s of ['112-1989129-7674645', 'Café crème', '東京都', 'e\u0301', '👍🏽 ok', '👨‍👩‍👧'])
      expect(sanitize(s)).toBe(s);
  });

  it('stripUnsafe removes what sanitize would escape', () => {
    expect(stripUnsafe('ab\x1b[31mc\u202ed')).toBe('ab[31mcd');
  });
});

describe('width', () => {
  it('pads and truncates by display width, not length', () => {
    expect(fit('東京', 6)).toBe('東京  ');
    expect(displayWidth(fit('東京都庁舎', 6))).toBe(6);
    expect(fit('東京都庁舎', 6)).toBe('東京… ');
    expect(fit('abc', 5, 'right')).toBe('  abc');
  });

  it('never cuts a base letter from its combining mark', () => {
    const s = 'e\u0301e\u0301e\u0301e\u0301';
    expect(truncate(s, 3)).toBe('e\u0301e\u0301…');
    expect(stringWidth(fit(s, 3))).toBe(3);
  });

  it('fills a gap left by a wide character that does not fit', () => {
    // 'a' + two wide chars into 4 columns: 'a東' is 3, the next wide char would make 5.
    expect(fit('a東京x', 4)).toBe('a東…');
    expect(fit('a東京', 4)).toBe('a東…');
    expect(stringWidth(fit('ab東京', 4))).toBe(4);
  });

  it('keeps emoji sequences whole', () => {
    expect(truncate('👨‍👩‍👧abc', 3)).toBe('👨‍👩‍👧…');
  });

  it('cells of any content line up: every cell is exactly its width', () => {
    const values = ['plain', '東京都庁舎前', 'e\u0301te\u0301', '👍🏽👍🏽👍🏽👍🏽', '\x1b[31mred\x1b[0m', 'a\u202eb'];
    for (const v of values) for (const w of [1, 5, 8, 13]) expect(stringWidth(cell(v, w))).toBe(w);
  });

  it('wraps by display width', () => {
    expect(wrap('東京都庁舎', 4)).toEqual(['東京', '都庁', '舎']);
    expect(wrap('abcdef', 4)).toEqual(['abcd', 'ef']);
    expect(wrap('', 4)).toEqual(['']);
  });

  it('wraps at the last space when there is one', () => {
    expect(wrap('Amazon SKU AMZ-GHOST not linked', 12)).toEqual(['Amazon SKU', 'AMZ-GHOST', 'not linked']);
    expect(wrap('a verylongwordthatdoesnotfit', 8)).toEqual(['a', 'verylong', 'wordthat', 'doesnotf', 'it']);
  });
});
