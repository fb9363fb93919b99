/**
 * Terminal safety and display width. Every string that comes from a snapshot
 * (or from the user) goes through `sanitize` before it reaches Ink, and every
 * cell is padded/truncated by display width, not by `.length`.
 */
import { narrowAlone, textWidth as stringWidth } from './width.js';

/**
 * Characters a terminal would act on instead of printing: C0 controls (this
 * includes ESC, so CSI/OSC/DCS sequences lose their introducer and the rest is
 * harmless text), DEL, C1 controls (U+0080-U+009F; U+009B is an 8-bit CSI),
 * bidi overrides/isolates/marks that reorder what the line shows, the line and
 * paragraph separators, unpaired surrogates, and characters that take no room
 * or a room terminals disagree on (zero-width spaces and joiners outside an
 * emoji, the word joiner, a byte-order mark, Hangul fillers): a value must not
 * hide part of itself or shift the columns after it.
 */
const UNSAFE =
  /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]|[\u200b\u200c\u2060\ufeff\u180e\u115f\u1160\u3164\uffa0]|(?<!\p{Extended_Pictographic}\ufe0f?)\u200d|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/gu;

function visibleEscape(ch: string): string {
  const code = ch.charCodeAt(0);
  return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/** The string with every unsafe character replaced by a visible escape such as `\x1b` or `\u202e`. */
export function sanitize(value: string): string {
  return value.replace(UNSAFE, visibleEscape);
}

/** The string with every unsafe character removed (for text the user types into a prompt). */
export function stripUnsafe(value: string): string {
  return value.replace(UNSAFE, '');
}

/** Columns the (already sanitised) string takes in a terminal. */
export function displayWidth(value: string): number {
  return stringWidth(value);
}

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** User-perceived characters, one at a time, so a cut never separates a base from its combining marks. */
function* clusters(value: string): Generator<string> {
  for (const s of graphemes.segment(value)) yield s.segment;
}

/**
 * The part of a value a cell `width` columns wide can show, and whether it was cut:
 * no character takes fewer than one code unit per column except zero-width marks, so
 * a value longer than this is cut before it is measured. One 1 MB field costs what
 * a short one does.
 */
function showable(value: string, width: number): { text: string; cut: boolean } {
  const cap = width * 8 + 64;
  return value.length > cap ? { text: value.slice(0, cap), cut: true } : { text: value, cut: false };
}

/** The longest prefix that fits in `width` columns. */
function prefixWithin(value: string, width: number): { text: string; width: number } {
  if (narrowAlone(value)) {
    const text = value.slice(0, Math.max(0, width));
    return { text, width: text.length };
  }
  let text = '';
  let used = 0;
  for (const c of clusters(value)) {
    const w = stringWidth(c);
    if (used + w > width) break;
    text += c;
    used += w;
  }
  return { text, width: used };
}

/** Cuts the string to at most `width` columns, ending in `…` (or the `ellipsis` given, '...' in ASCII) when something was cut. */
export function truncate(value: string, width: number, ellipsis = '…'): string {
  if (width <= 0) return '';
  const { text, cut } = showable(value, width);
  if (!cut && stringWidth(text) <= width) return text;
  const mark = stringWidth(ellipsis) < width ? ellipsis : ellipsis.slice(0, 1);
  return prefixWithin(text, width - stringWidth(mark)).text + mark;
}

/** Exactly `width` columns: truncated, then padded with spaces on the side `align` says. */
export function fit(value: string, width: number, align: 'left' | 'right' = 'left', ellipsis = '…'): string {
  const cut = truncate(value, width, ellipsis);
  const gap = ' '.repeat(Math.max(0, width - stringWidth(cut)));
  return align === 'right' ? gap + cut : cut + gap;
}

/**
 * Breaks a line into pieces of at most `width` columns, at the last space when
 * there is one (words longer than a line are cut), never inside a character.
 */
export function wrap(value: string, width: number): string[] {
  if (width <= 0) return [];
  const lines: string[] = [];
  let line: string[] = [];
  let used = 0;
  for (const c of clusters(value)) {
    const w = stringWidth(c);
    if (used + w > width && line.length) {
      const space = line.lastIndexOf(' ');
      const carried = space > 0 ? line.slice(space + 1) : [];
      lines.push((space > 0 ? line.slice(0, space) : line).join(''));
      line = carried;
      used = stringWidth(carried.join(''));
    }
    line.push(c);
    used += w;
  }
  lines.push(line.join(''));
  return lines;
}

/** Sanitised and cut to at most `width` columns, looking at no more of the value than that can show. */
export function clip(value: string, width: number, ellipsis = '…'): string {
  const { text, cut } = showable(value, width);
  return truncate(sanitize(text) + (cut ? ellipsis : ''), width, ellipsis);
}

/** Sanitises and fits in one step: the usual path from a database value to a cell. */
export function cell(value: string, width: number, align: 'left' | 'right' = 'left', ellipsis = '…'): string {
  return fit(clip(value, width, ellipsis), width, align, ellipsis);
}

/** A long text cut to `max` code units for a view that wraps it, saying how much more there was. */
export function capped(value: string, max = 20_000): string {
  return value.length > max
    ? `${value.slice(0, max)}… (${(value.length - max).toLocaleString('en-US')} more characters)`
    : value;
}
