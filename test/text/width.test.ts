import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import fastStringWidth, { narrowAlone, textWidth } from '../../src/text/width.js';

const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
const BMP = Array.from({ length: 0x10000 }, (_, c) => c).filter((c) => c < 0xd800 || c > 0xdfff);
const ALONE = BMP.map((c) => String.fromCharCode(c)).filter((ch) => narrowAlone(ch));

describe('the width of text as string-width counts it, answered at once for narrow characters', () => {
  it('every character answered without string-width is one column wide alone and between others', () => {
    expect(ALONE.length).toBeGreaterThan(500);
    const wrong = ALONE.filter(
      (ch) =>
        stringWidth(ch) !== 1 ||
        stringWidth(`a${ch}${ch}b`) !== 4 ||
        [...segmenter.segment(`a${ch}${ch}b`)].length !== 4 ||
        /[\p{M}\p{C}\p{Extended_Pictographic}\p{Emoji_Presentation}\p{Default_Ignorable_Code_Point}]/u.test(ch),
    );
    expect(wrong.map((ch) => ch.codePointAt(0)!.toString(16))).toEqual([]);
  });

  it('what the dashboard draws is among them, and what it must not take is not', () => {
    for (const ch of '…│›«»·–—▁▂▃▄▅▆▇█▏▎▍▌▋▊▉▼▲✓✗←→↑↓') expect(narrowAlone(ch)).toBe(true);
    for (const ch of ['\u00ad', '©', '®', '\u200d', '\ufe0f', '\u0301', '界', '😀', '\u1100', '▶', '◀', '\u001b', '\t'])
      expect(narrowAlone(ch)).toBe(false);
  });

  it('gives string-width its answer for any text, styled or not', () => {
    const pieces = [
      'abc',
      ' ',
      '…',
      '│',
      '▁▂█',
      '✓',
      'é',
      'e\u0301',
      '界',
      '😀',
      '👩‍💻',
      '1\u20e3',
      '\u00ad',
      '\u200b',
      '\u1100\u1161',
      'ｶﾞ',
      '\u001b[7m',
      '\u001b[1;2m',
      '\u001b[0m',
      '\u001b]8;;x\u0007',
      '\u009b31m',
      '\t',
    ];
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
    for (let i = 0; i < 3000; i++) {
      const text = Array.from({ length: next() % 8 }, () => pieces[next() % pieces.length]).join('');
      expect([text, fastStringWidth(text)]).toEqual([text, stringWidth(text)]);
      if (!text.includes('\u001b') && !text.includes('\u009b'))
        expect([text, textWidth(text)]).toEqual([text, stringWidth(text)]);
    }
    expect(fastStringWidth('\u001b[7mab\u001b[0m', { countAnsiEscapeCodes: true })).toBe(
      stringWidth('\u001b[7mab\u001b[0m', { countAnsiEscapeCodes: true }),
    );
  });
});
