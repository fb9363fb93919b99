/**
 * Puts Ink's frames on the terminal by rewriting only the lines that changed.
 *
 * Ink 6.8 rewrites the whole frame on every change (5,269 bytes for a row
 * move at 120x40), and its `incrementalRendering` option starts each frame
 * one line too low when the frame is shorter than the terminal (its
 * `cursorUp` counts from the last line while the cursor sits below it),
 * which the dashboard's frame always is: the screen came out shifted in tmux.
 * So Ink renders in its documented `debug` mode, which hands over each whole
 * frame as one write and moves no cursor, into the stand-in stdout `sink`; this
 * writer compares the frame with the one on screen and writes each changed line
 * at its own row (absolute positions: the alternate screen is ours, so no
 * cursor arithmetic can drift). A resize redraws every line: the terminal may
 * have cut or moved what was there. Auto-wrap is off while the dashboard runs
 * (see terminal.ts), so a line laid out for a wider terminal cannot spill.
 */
import type { EventEmitter } from 'node:events';

/** Begin and end a synchronized update: terminals that know it show the frame at once. */
const BEGIN = '\x1b[?2026h';
const END = '\x1b[?2026l';
const HIDE_CURSOR = '\x1b[?25l';
/** Erases the whole row first: written after the text, it would take the last column of a full-width row (auto-wrap off leaves the cursor there). */
const ERASE_LINE = '\x1b[2K';
const ERASE_BELOW = '\x1b[J';

const at = (row: number) => `\x1b[${row + 1};1H`;

/** What the writer needs of the real terminal. */
export interface TerminalOut extends Pick<EventEmitter, 'on' | 'off'> {
  write(chunk: string, callback?: () => void): unknown;
  columns?: number;
  rows?: number;
  isTTY?: boolean;
}

export class ScreenWriter {
  /** The frame on screen, line by line; undefined when every line must be written. */
  private shown: string[] | undefined;
  /** Bytes written since the start (the bench and tests read it). */
  bytes = 0;

  constructor(private readonly out: TerminalOut) {
    // Before Ink's own listener (registered when it renders): its frame at the new size is a full redraw.
    out.on('resize', this.redraw);
  }

  /** Every line is written with the next frame. */
  readonly redraw = (): void => {
    this.shown = undefined;
  };

  /** Stops following resizes. */
  release(): void {
    this.out.off('resize', this.redraw);
  }

  /** Writes `frame` (lines joined by '\n'), only the lines that differ from the frame on screen. */
  frame(frame: string): void {
    const lines = frame.split('\n');
    const shown = this.shown;
    let text = '';
    for (let i = 0; i < lines.length; i++) {
      if (shown && shown[i] === lines[i]) continue;
      text += at(i) + ERASE_LINE + lines[i];
    }
    if (!shown) text = HIDE_CURSOR + text + ERASE_BELOW;
    else if (shown.length > lines.length) text += at(lines.length) + ERASE_BELOW;
    this.shown = lines;
    if (text === '') return;
    this.write(BEGIN + text + END);
  }

  private write(text: string): void {
    this.bytes += Buffer.byteLength(text);
    this.out.write(text);
  }

  /**
   * The stdout Ink renders into: its size and resize events are the
   * terminal's; what Ink writes in debug mode is a whole frame, and an empty
   * write (Ink's barrier at exit) goes through to keep its order.
   */
  sink(): NodeJS.WriteStream {
    const out = this.out;
    // The stream object below has its own `this`: the writer is named for its methods.
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const writer = this;
    const sink = {
      get columns() {
        return out.columns;
      },
      get rows() {
        return out.rows;
      },
      isTTY: out.isTTY === true,
      on(event: string, listener: (...args: unknown[]) => void) {
        out.on(event, listener);
        return sink;
      },
      off(event: string, listener: (...args: unknown[]) => void) {
        out.off(event, listener);
        return sink;
      },
      removeListener(event: string, listener: (...args: unknown[]) => void) {
        out.off(event, listener);
        return sink;
      },
      write(chunk: string | Uint8Array, encodingOrCallback?: unknown, callback?: () => void) {
        const done = typeof encodingOrCallback === 'function' ? (encodingOrCallback as () => void) : callback;
        const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
        if (text === '') out.write('', done);
        else {
          writer.frame(text);
          done?.();
        }
        return true;
      },
    };
    return sink as unknown as NodeJS.WriteStream;
  }
}
