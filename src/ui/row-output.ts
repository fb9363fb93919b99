/**
 * Ink's Output (ink/build/output.js, the class that turns a laid-out frame
 * into text) with the frame assembled a row at a time from whole pieces of
 * text, to the same string.
 *
 * Ink 6.8 builds every frame as a grid of one object per cell (4,800 at
 * 120x40), tokenizes every line of text into it, and writes each row back out
 * comparing the styles of every pair of neighbouring cells: on the first
 * frame with rows, half of the main thread's time and most of its garbage.
 * Here a row whose pieces do not overlap is the pieces joined by spaces; a
 * piece's text in Ink's normal form (how its styles are written) is worked
 * out once, with Ink's own code, and remembered across frames. A row this
 * cannot be sure of (pieces that overlap or touch in styles, characters wider
 * than a column or joining their neighbours) is left to Ink's own code, one
 * row at a time; a frame it cannot follow (text cut by a clip in the middle of
 * its styles), to Ink's own code whole.
 *
 * It builds on an internal of Ink's, so the bundle hands it to Ink only for
 * the Ink release it was checked against (esbuild.config.mjs), and
 * test/ui/row-output.test.ts checks that it answers what Ink's own class
 * answers, frame by frame.
 */
import { narrowAlone } from '../text/width.js';

type Transformer = (line: string, index: number) => string;
interface Clip {
  x1?: number;
  x2?: number;
  y1?: number;
  y2?: number;
}
type Operation =
  | { type: 'write'; x: number; y: number; text: string; transformers: Transformer[] }
  | { type: 'clip'; clip: Clip }
  | { type: 'unclip' };

/** What Ink's renderer uses of its Output class. */
export interface InkOutput {
  readonly width: number;
  readonly height: number;
  operations: Operation[];
  write(x: number, y: number, text: string, options: { transformers: Transformer[] }): void;
  clip(clip: Clip): void;
  unclip(): void;
  get(): { output: string; height: number };
}
export type InkOutputClass = new (options: { width: number; height: number }) => InkOutput;

/** A line of text on a row, at a column, after its transformers (colours, inverse). */
interface Piece {
  x: number;
  text: string;
}

/** What a piece's text puts on a row: its width, its text as Ink writes it, whether its first and last cells carry styles. */
interface Shape {
  width: number;
  written: string;
  styledStart: boolean;
  styledEnd: boolean;
}

const SGR = /\u001b\[[0-9;]*m/g;
const ENDS_WITH_SGR = /\u001b\[[0-9;]*m$/;
const SGR_SPLIT = /(\u001b\[[0-9;]*m)/;
const SGR_OR_RUN = /\u001b\[[0-9;]*m|x/g;

/** Thrown inside a frame this class cannot follow: Ink's own class draws it. */
class UseInk extends Error {}

/** How often a frame went to Ink's own code whole, or a row of it (the tests read these). */
export const fallbacks = { frames: 0, rows: 0 };

/** Ink's Output with rows of pieces joined as strings when that gives the same text. */
export function rowOutput(Ink: InkOutputClass): InkOutputClass {
  /** Shapes by text, across frames (a frame mostly repeats the last one's texts); undefined: a text for Ink's own code. */
  const shapes = new Map<string, Shape | undefined>();

  /** What a piece's text puts on a row; undefined when only Ink's own code can say (wide or joining characters). */
  function shapeOf(text: string): Shape | undefined {
    if (shapes.has(text)) return shapes.get(text);
    let shape: Shape | undefined;
    if (!text.includes('\u001b')) {
      // Plain characters of one column each, that never join a neighbour: Ink writes them as they are.
      shape = narrowAlone(text)
        ? { width: text.length, written: text, styledStart: false, styledEnd: false }
        : undefined;
    } else {
      const plain = text.replace(SGR, '');
      if (narrowAlone(plain)) {
        const written = writtenByInk(text);
        if (written !== undefined)
          shape = {
            width: plain.length,
            written,
            styledStart: written.startsWith('\u001b'),
            styledEnd: ENDS_WITH_SGR.test(written),
          };
      }
    }
    // A frame's texts number in the hundreds: a cap keeps what a long session draws from piling up.
    if (shapes.size > 20_000) shapes.clear();
    shapes.set(text, shape);
    return shape;
  }

  /**
   * Styled text as Ink writes it alone on a row (with an unstyled cell after
   * it, which is then taken off). Between two characters of the same styles
   * Ink writes nothing, so each run of characters between styles stands in as
   * one `x`, and the runs go back in place of Ink's `x`s: Ink works on a few
   * characters rather than a whole line's.
   */
  function writtenByInk(text: string): string | undefined {
    const runs: string[] = [];
    let compact = '';
    for (const [i, part] of text.split(SGR_SPLIT).entries()) {
      if (i % 2 === 1) compact += part;
      else if (part !== '') {
        runs.push(part);
        compact += 'x';
      }
    }
    const alone = new Ink({ width: runs.length + 1, height: 1 });
    alone.write(0, 0, compact, { transformers: [] });
    alone.write(runs.length, 0, '.', { transformers: [] });
    const out = alone.get().output;
    if (!out.endsWith('.')) return undefined;
    let next = 0;
    const written = out.slice(0, -1).replace(SGR_OR_RUN, (match) => (match === 'x' ? (runs[next++] ?? '') : match));
    return next === runs.length ? written : undefined;
  }

  /** The row as Ink's own code writes it (its pieces in the order they were written). */
  function inkRow(width: number, pieces: Piece[]): string {
    fallbacks.rows++;
    const row = new Ink({ width, height: 1 });
    for (const piece of pieces) row.write(piece.x, 0, piece.text, { transformers: [] });
    return row.get().output;
  }

  function rowText(width: number, pieces: Piece[]): string {
    if (pieces.length === 0) return '';
    const placed: { x: number; shape: Shape }[] = [];
    for (const piece of pieces) {
      const shape = shapeOf(piece.text);
      if (!shape) return inkRow(width, pieces);
      if (shape.width > 0) placed.push({ x: piece.x, shape });
    }
    // Pieces that do not overlap come out the same in any order.
    placed.sort((a, b) => a.x - b.x);
    let out = '';
    let end = 0;
    let lastStyled = false;
    for (const { x, shape } of placed) {
      // Ink's row grows past the frame's width for text wider than it, but a piece that starts beyond its end leaves holes.
      if (x < end || (x === end && lastStyled && shape.styledStart) || x > Math.max(width, end)) {
        return inkRow(width, pieces);
      }
      out += ' '.repeat(x - end) + shape.written;
      end = x + shape.width;
      lastStyled = shape.styledEnd;
    }
    return out.trimEnd();
  }

  return class RowOutput extends Ink {
    override get(): { output: string; height: number } {
      try {
        return { output: this.rows().join('\n'), height: this.height };
      } catch (err) {
        if (!(err instanceof UseInk)) throw err;
        fallbacks.frames++;
        return super.get();
      }
    }

    /** Each row's pieces, placed and clipped as Ink's get() places and clips them, joined into text. */
    private rows(): string[] {
      const rows: Piece[][] = Array.from({ length: this.height }, () => []);
      const clips: Clip[] = [];
      for (const operation of this.operations) {
        if (operation.type === 'clip') clips.push(operation.clip);
        if (operation.type === 'unclip') clips.pop();
        if (operation.type !== 'write') continue;
        let { x, y } = operation;
        if (!Number.isInteger(x) || !Number.isInteger(y)) throw new UseInk();
        let lines = operation.text.split('\n');
        const clip = clips.at(-1);
        if (clip) {
          const clipX = typeof clip.x1 === 'number' && typeof clip.x2 === 'number';
          const clipY = typeof clip.y1 === 'number' && typeof clip.y2 === 'number';
          const widths = lines.map((line) => widthOf(line));
          if (clipX && (x + Math.max(...widths) < clip.x1! || x > clip.x2!)) continue;
          if (clipY && (y + lines.length < clip.y1! || y > clip.y2!)) continue;
          if (clipX) {
            const from = x < clip.x1! ? clip.x1! - x : 0;
            lines = lines.map((line, i) => {
              const to = x + widths[i]! > clip.x2! ? clip.x2! - x : widths[i]!;
              if (from === 0 && to === widths[i]) return line;
              // Ink cuts with slice-ansi: the same as slice() for plain one-column characters only.
              if (line.includes('\u001b') || !narrowAlone(line)) throw new UseInk();
              return line.slice(from, Math.max(from, to));
            });
            if (x < clip.x1!) x = clip.x1!;
          }
          if (clipY) {
            const from = y < clip.y1! ? clip.y1! - y : 0;
            const to = y + lines.length > clip.y2! ? clip.y2! - y : lines.length;
            lines = lines.slice(from, to);
            if (y < clip.y1!) y = clip.y1!;
          }
        }
        // As in Ink: a line that falls outside the frame is dropped and the next goes to the same row.
        let offsetY = 0;
        for (const [index, original] of lines.entries()) {
          const row = rows[y + offsetY];
          if (!row) continue;
          let line = original;
          for (const transformer of operation.transformers) line = transformer(line, index);
          if (line.includes('\n')) throw new UseInk();
          row.push({ x, text: line });
          offsetY++;
        }
      }
      return rows.map((pieces) => rowText(this.width, pieces));
    }
  };

  /** A line's width for clipping; a line whose width is not its length (wide or joining characters) is Ink's to draw. */
  function widthOf(line: string): number {
    const plain = line.includes('\u001b') ? line.replace(SGR, '') : line;
    if (!narrowAlone(plain)) throw new UseInk();
    return plain.length;
  }
}
