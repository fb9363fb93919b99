/**
 * The characters pictures are drawn with: block characters where the
 * terminal's locale is UTF-8, plain ASCII where it is not (a terminal set to
 * another charset shows block characters as garbage).
 */

export interface Glyphs {
  unicode: boolean;
  /** Sparkline levels: [0] for nothing that day, then 8 rising steps. */
  spark: readonly string[];
  /** A bar's full cell, and its partial cells from 1/8 to 7/8. */
  barFull: string;
  barPartial: readonly string[];
  /** "would pass if re-run now", and a message that went well. */
  check: string;
  /** A message that went wrong, a field's problem. */
  cross: string;
  /** Between two days of a range: "10-29 .. 11-27". */
  range: string;
  /** Before the selected row or field. */
  selected: string;
  /** Between the tabs, and the parts of the status line. */
  separator: string;
  /** The sorted column: descending, ascending. */
  down: string;
  up: string;
  /** What a cut string ends with. */
  ellipsis: string;
  /** Columns scrolled off to the left / more to the right. */
  moreLeft: string;
  moreRight: string;
  /** In key hints: Up/Down, Left/Right. */
  upDown: string;
  leftRight: string;
  /** "3 · 4" separators in lines of parts. */
  dot: string;
}

export const UNICODE_GLYPHS: Glyphs = {
  unicode: true,
  spark: [' ', '▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'],
  barFull: '█',
  barPartial: ['▏', '▎', '▍', '▌', '▋', '▊', '▉'],
  check: '✓',
  cross: '✗',
  range: '–',
  selected: '›',
  separator: '│',
  down: '▼',
  up: '▲',
  ellipsis: '…',
  moreLeft: '«',
  moreRight: '»',
  upDown: '↑↓',
  leftRight: '←→',
  dot: '·',
};

export const ASCII_GLYPHS: Glyphs = {
  unicode: false,
  spark: [' ', '.', ':', '-', '=', '+', '*', '#', '@'],
  barFull: '#',
  barPartial: ['', '', '', '', '', '', ''],
  check: '+',
  cross: 'x',
  range: '-',
  selected: '>',
  separator: '|',
  down: 'v',
  up: '^',
  ellipsis: '...',
  moreLeft: '<',
  moreRight: '>',
  upDown: 'Up/Dn',
  leftRight: 'Lt/Rt',
  dot: '-',
};

/** The glyphs a state draws with. */
export function glyphsOf(state: { unicode: boolean }): Glyphs {
  return state.unicode ? UNICODE_GLYPHS : ASCII_GLYPHS;
}

/** Whether the locale's charset is UTF-8 (LC_ALL, else LC_CTYPE, else LANG, as setlocale reads them). */
export function isUtf8Locale(env: NodeJS.ProcessEnv = process.env): boolean {
  const locale = env.LC_ALL || env.LC_CTYPE || env.LANG || '';
  return /utf-?8/i.test(locale);
}

export function glyphsFor(env: NodeJS.ProcessEnv = process.env): Glyphs {
  return isUtf8Locale(env) ? UNICODE_GLYPHS : ASCII_GLYPHS;
}

/**
 * One character per value, scaled to the largest: a value of 0 is blank, any
 * other at least the lowest step, so a single error on a quiet day shows.
 */
export function sparkline(values: readonly number[], g: Glyphs, max = Math.max(0, ...values)): string {
  const steps = g.spark.length - 1;
  return values
    .map((v) => (v <= 0 || max <= 0 ? g.spark[0] : g.spark[Math.max(1, Math.min(steps, Math.ceil((v / max) * steps)))]))
    .join('');
}

/** A bar of `value / max` of `width` cells, in eighths where the charset has them; padded to `width`. */
export function bar(value: number, max: number, width: number, g: Glyphs): string {
  if (width <= 0) return '';
  const eighths = max > 0 ? Math.round((Math.max(0, value) / max) * width * 8) : 0;
  const full = Math.floor(eighths / 8);
  const part = g.barPartial[(eighths % 8) - 1] ?? '';
  // A non-zero value never draws as nothing.
  const drawn = g.barFull.repeat(full) + part || (value > 0 ? g.barPartial[0] || g.barFull : '');
  return drawn + ' '.repeat(Math.max(0, width - [...drawn].length));
}
