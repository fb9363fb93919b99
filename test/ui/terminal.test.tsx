import { Console as NodeConsole } from 'node:console';
import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import { createTriageSession } from '../../src/triage/session.js';
import { runTui } from '../../src/ui/run.js';
import { wantsNoColor } from '../../src/ui/env.js';
import {
  ENTER_ALT_SCREEN,
  guardTerminal,
  LEAVE_ALT_SCREEN,
  SHOW_CURSOR,
  type ProcessLike,
} from '../../src/ui/terminal.js';
import { FAILED, uiSnapshot } from '../fixtures.js';

const RESTORE = SHOW_CURSOR + LEAVE_ALT_SCREEN;

class FakeStdout extends EventEmitter {
  isTTY = true;
  columns = 80;
  rows = 24;
  written = '';
  write = (chunk: string) => {
    this.written += chunk;
    return true;
  };
}

class FakeStdin extends EventEmitter {
  isTTY = true;
  private data: string | null = null;
  setRawMode() {}
  setEncoding() {}
  resume() {}
  pause() {}
  ref() {}
  unref() {}
  read = () => {
    const d = this.data;
    this.data = null;
    return d;
  };
  press(data: string) {
    this.data = data;
    this.emit('readable');
  }
}

class FakeProcess extends EventEmitter implements ProcessLike {
  exit = vi.fn<(code?: number) => void>();
  stderr = { text: '', write: (s: string) => (this.stderr.text += s) };
}

// Ink patches the console through console.Console, which vitest's console lacks.
if (!(console as { Console?: unknown }).Console) Object.assign(console, { Console: NodeConsole });

const later = (ms = 30) => new Promise((r) => setTimeout(r, ms));

describe('guardTerminal', () => {
  it('enters the alternate screen at once and restores it (and the cursor) exactly once', () => {
    const out = new FakeStdout();
    const proc = new FakeProcess();
    const guard = guardTerminal(out, proc);
    expect(out.written).toBe(ENTER_ALT_SCREEN);
    expect(ENTER_ALT_SCREEN.startsWith('\x1b[?1049h')).toBe(true);
    expect(LEAVE_ALT_SCREEN.endsWith('\x1b[?1049l')).toBe(true);
    guard.restore();
    guard.restore();
    proc.emit('exit');
    expect(out.written).toBe(ENTER_ALT_SCREEN + RESTORE);
    guard.release();
  });

  for (const [signal, code] of [
    ['SIGTERM', 143],
    ['SIGINT', 130],
    ['SIGHUP', 129],
  ] as const) {
    it(`on ${signal}: unmounts, restores the terminal, exits ${code}`, () => {
      const out = new FakeStdout();
      const proc = new FakeProcess();
      const order: string[] = [];
      guardTerminal(out, proc, () => order.push('unmount'));
      proc.emit(signal);
      expect(order).toEqual(['unmount']);
      expect(out.written.endsWith(RESTORE)).toBe(true);
      expect(proc.exit).toHaveBeenCalledWith(code);
    });
  }

  it('on an uncaught exception or rejection: restores the terminal, prints the error, exits 1', () => {
    for (const event of ['uncaughtException', 'unhandledRejection']) {
      const out = new FakeStdout();
      const proc = new FakeProcess();
      const crashes: unknown[] = [];
      guardTerminal(
        out,
        proc,
        () => {
          throw new Error('Ink was already gone');
        },
        (problem) => crashes.push(problem),
      );
      proc.emit(event, new Error('boom'));
      expect(out.written.endsWith(RESTORE)).toBe(true);
      expect(proc.stderr.text).toContain('boom');
      expect(proc.exit).toHaveBeenCalledWith(1);
      // The stack also goes where the debug log keeps it.
      expect((crashes[0] as Error).stack).toContain('boom');
    }
  });

  it('release removes every handler it installed', () => {
    const proc = new FakeProcess();
    const guard = guardTerminal(new FakeStdout(), proc);
    expect(proc.listenerCount('SIGTERM')).toBe(1);
    guard.release();
    for (const event of ['SIGTERM', 'SIGINT', 'SIGHUP', 'uncaughtException', 'unhandledRejection', 'exit'])
      expect(proc.listenerCount(event)).toBe(0);
  });
});

describe('runTui', () => {
  async function start() {
    const stdout = new FakeStdout();
    const stdin = new FakeStdin();
    const proc = new FakeProcess();
    const source = createTriageSession(await uiSnapshot(), { actor: 'tester' });
    const done = runTui(source, {
      stdout: stdout as unknown as NodeJS.WriteStream,
      stdin: stdin as unknown as NodeJS.ReadStream,
      process: proc,
    });
    // Ink is imported on the first run; wait for the first full screen.
    for (let i = 0; i < 200 && !stdout.written.includes(FAILED); i++) await later(10);
    await later();
    return { stdout, stdin, proc, done };
  }

  it('draws on the alternate screen, then rewrites only the lines a key changed, and restores the terminal when q quits', async () => {
    const { stdout, stdin, proc, done } = await start();
    expect(stdout.written.startsWith(ENTER_ALT_SCREEN)).toBe(true);
    expect(stdout.written).toContain(FAILED);
    const before = stdout.written.length;
    stdin.press('j');
    await later(100);
    const move = stdout.written.slice(before);
    // The two rows whose selection changed, the line under the table with the selected row's columns left out, and the status line, each at its own row: no full-screen redraw.
    expect(move.match(/\x1b\[\d+;1H/g)).toHaveLength(4);
    expect(move).toContain('row 2 of');
    expect(move).not.toContain('\x1b[2J');
    expect(Buffer.byteLength(move)).toBeLessThan(400);
    stdin.press('q');
    await done;
    expect(stdout.written.endsWith(RESTORE)).toBe(true);
    expect(proc.listenerCount('SIGTERM')).toBe(0);
    expect(stdout.listenerCount('resize')).toBe(0);
    expect(proc.exit).not.toHaveBeenCalled();
  });

  it('restores the terminal on Ctrl+C', async () => {
    const { stdout, stdin, done } = await start();
    stdin.press('\u0003');
    await done;
    expect(stdout.written.endsWith(RESTORE)).toBe(true);
  });

  it('restores the terminal on SIGTERM', async () => {
    const { stdout, proc, done } = await start();
    proc.emit('SIGTERM');
    await done;
    expect(stdout.written).toContain(RESTORE);
    expect(stdout.written.lastIndexOf(RESTORE)).toBeGreaterThan(stdout.written.lastIndexOf(FAILED));
    expect(proc.exit).toHaveBeenCalledWith(143);
  });

  it('lays the screen out again on resize', async () => {
    const { stdout, stdin, done } = await start();
    Object.assign(stdout, { columns: 60, rows: 20 });
    stdout.emit('resize');
    await later(150); // Ink throttles frames to 30 per second outside debug mode
    expect(stdout.written).toContain('terminal too small (need 80x24, have 60x20)');
    stdin.press('q');
    await done;
  });
});

describe('NO_COLOR', () => {
  it('is asked for by any non-empty value, and leaves chalk (inverse, bold) alone: only colour goes', () => {
    const env: NodeJS.ProcessEnv = { NO_COLOR: '1' };
    expect(wantsNoColor(env)).toBe(true);
    expect(env.FORCE_COLOR).toBeUndefined();
    expect(wantsNoColor({})).toBe(false);
    expect(wantsNoColor({ NO_COLOR: '' })).toBe(false);
  });
});
