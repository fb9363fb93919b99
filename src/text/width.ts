/**
 * Terminal column widths, as string-width counts them, without its cost on
 * the text the dashboard draws. string-width answers printable ASCII at once
 * but sends any other character (the table's `…`, the tab bar's `│`, the
 * pictures' `▁▂▃`) through grapheme segmentation and an emoji regex per
 * character: a third of the dashboard's time per key went there (Ink measures
 * and writes every line of every frame through it too; the bundle hands Ink
 * this function in its place, see esbuild.config.mjs).
 *
 * NARROW_ALONE lists characters that each take one column and never join a
 * neighbour into one user-perceived character (no marks, joiners, controls,
 * emoji or Hangul jamo): a string made only of them is as wide as it is long.
 * test/text/width.test.ts checks every one of them against string-width.
 */
import stringWidth from 'string-width';

/** ASCII; Latin-1 (but ©, the soft hyphen and ®) to Latin Extended-B and the spacing modifiers; dashes, quotes, bullets, `…`, `‹›`; ←↑→↓; box drawing, blocks and the geometric shapes that are no emoji; ✓ ✗. */
const NARROW_ALONE =
  /^[\u0020-\u007e\u00a0-\u00a8\u00aa-\u00ac\u00af-\u02ff\u2010-\u2027\u2030-\u203b\u2190-\u2193\u2500-\u25a9\u25ac-\u25b5\u25b7-\u25bf\u25c1-\u25fa\u2713\u2717]*$/;

/** SGR sequences (colour, bold, inverse): what Ink's lines carry besides text. */
const SGR = /\u001b\[[0-9;]*m/g;

/** Whether every character of the string takes one column and stands alone (its width is its length). */
export function narrowAlone(text: string): boolean {
  return NARROW_ALONE.test(text);
}

/** Columns the string takes in a terminal: string-width's answer. */
export function textWidth(text: string): number {
  return NARROW_ALONE.test(text) ? text.length : stringWidth(text);
}

/**
 * string-width's own signature (ANSI sequences do not count), for Ink: lines
 * styled only with SGR sequences and made of NARROW_ALONE characters are
 * answered here, anything else by string-width.
 */
export default function fastStringWidth(text: string, options?: Parameters<typeof stringWidth>[1]): number {
  if (options === undefined && typeof text === 'string') {
    if (NARROW_ALONE.test(text)) return text.length;
    if (text.includes('\u001b')) {
      const plain = text.replace(SGR, '');
      if (NARROW_ALONE.test(plain)) return plain.length;
    }
  }
  return stringWidth(text, options);
}
