import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { ScreenWriter } from '../../src/ui/screen-writer.js';

class Out extends EventEmitter {
  columns = 40;
  rows = 6;
  isTTY = true;
  written: string[] = [];
  write(chunk: string) {
    this.written.push(chunk);
    return true;
  }
}

/** The terminal rows a write sets: row number -> text. */
function rowsSet(chunk: string): Record<number, string> {
  const rows: Record<number, string> = {};
  for (const m of chunk.matchAll(/\x1b\[(\d+);1H\x1b\[2K([^\x1b]*)/g)) rows[Number(m[1])] = m[2]!;
  return rows;
}

describe('ScreenWriter', () => {
  it('writes every line of the first frame, then only the lines that changed, each at its own row', () => {
    const out = new Out();
    const writer = new ScreenWriter(out);
    const sink = writer.sink();
    sink.write('tabs\n› row 1\n  row 2\nrow 1 of 2');
    expect(rowsSet(out.written[0]!)).toEqual({ 1: 'tabs', 2: '› row 1', 3: '  row 2', 4: 'row 1 of 2' });
    expect(out.written[0]).toMatch(/\x1b\[J\x1b\[\?2026l$/);
    sink.write('tabs\n  row 1\n› row 2\nrow 2 of 2');
    expect(rowsSet(out.written[1]!)).toEqual({ 2: '  row 1', 3: '› row 2', 4: 'row 2 of 2' });
    // The same frame again writes nothing.
    sink.write('tabs\n  row 1\n› row 2\nrow 2 of 2');
    expect(out.written).toHaveLength(2);
    expect(writer.bytes).toBe(Buffer.byteLength(out.written.join('')));
  });

  it('erases the rows a shorter frame no longer covers', () => {
    const out = new Out();
    const sink = new ScreenWriter(out).sink();
    sink.write('a\nb\nc');
    sink.write('terminal too small');
    expect(out.written[1]).toBe('\x1b[?2026h\x1b[1;1H\x1b[2Kterminal too small\x1b[2;1H\x1b[J\x1b[?2026l');
  });

  it('redraws every line after a resize (the terminal may have cut or moved them), and lets go of the terminal', () => {
    const out = new Out();
    const writer = new ScreenWriter(out);
    const sink = writer.sink();
    sink.write('a\nb\nc');
    out.emit('resize');
    sink.write('a\nb\nc');
    expect(rowsSet(out.written[1]!)).toEqual({ 1: 'a', 2: 'b', 3: 'c' });
    writer.release();
    expect(out.listenerCount('resize')).toBe(0);
  });

  it('passes the size and resize events of the terminal to Ink, and an empty write (its exit barrier) through', () => {
    const out = new Out();
    const sink = new ScreenWriter(out).sink();
    expect([sink.columns, sink.rows, sink.isTTY]).toEqual([40, 6, true]);
    let heard = 0;
    const listener = () => heard++;
    sink.on('resize', listener);
    out.emit('resize');
    sink.off('resize', listener);
    out.emit('resize');
    expect(heard).toBe(1);
    sink.write('', () => {});
    expect(out.written).toEqual(['']);
  });
});
