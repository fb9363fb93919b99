// A real terminal for the bench: tmux at a chosen size, driven and read from
// outside as a person meets the program. Each read of the screen is one
// `tmux capture-pane` (a few ms); the screen is read again once the program
// has written something more (tmux copies what it writes into a file, see
// start()). A timing runs from the key (or the start) to the first read that
// shows what was waited for.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

let sockets = 0;
/** Milliseconds between two looks at the size of the program's output (a stat, in this process). */
export const OUTPUT_CHECK_MS = 1;
/** The screen is read at least this often, written to or not. */
const READ_ANYWAY_MS = 50;
const PAUSE = new Int32Array(new SharedArrayBuffer(4));

function quote(s) {
  return /^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

export class Terminal {
  constructor(cols, rows) {
    this.cols = cols;
    this.rows = rows;
    this.socket = `alogs-bench-${process.pid}-${++sockets}`;
    /** Every byte the program writes to the terminal, in order (tmux pipe-pane). */
    this.output = path.join(os.tmpdir(), `${this.socket}.out`);
    this.recording = undefined;
  }

  tmux(...args) {
    return execFileSync('tmux', ['-L', this.socket, ...args], { encoding: 'utf8' });
  }

  /**
   * Starts `argv` (with `env` on top of a clean terminal environment: no CI,
   * which makes Ink draw only its last frame) waiting for an Enter; returns
   * the time the Enter was sent, when the program starts. What it writes is
   * copied into `this.output` by one `cat`, so that a wait for the screen to
   * change is a look at a file's size rather than reads of the screen: those
   * are two processes each, and 200 of them a second (every 5 ms) competed
   * with the program for the two cores.
   */
  start(argv, env = {}) {
    const vars = Object.entries({ TERM: 'xterm-256color', ...env }).map(([k, v]) => `${k}=${quote(v)}`);
    const cmd = `read _; exec env -u CI ${vars.join(' ')} ${argv.map(quote).join(' ')}`;
    this.tmux('new-session', '-d', '-s', 'app', '-x', String(this.cols), '-y', String(this.rows), cmd);
    this.tmux('set-option', '-t', 'app', 'remain-on-exit', 'on');
    fs.writeFileSync(this.output, '');
    this.tmux('pipe-pane', '-t', 'app', `cat >> ${quote(this.output)}`);
    const t0 = performance.now();
    this.tmux('send-keys', '-t', 'app', 'Enter');
    return t0;
  }

  screen() {
    return this.tmux('capture-pane', '-p', '-t', 'app');
  }

  /** Sends keys (tmux key names); returns the time they were sent. */
  keys(...keys) {
    const t0 = performance.now();
    this.tmux('send-keys', '-t', 'app', ...keys);
    return t0;
  }

  type(text) {
    const t0 = performance.now();
    this.tmux('send-keys', '-t', 'app', '-l', text);
    return t0;
  }

  /**
   * Reads the screen until `test(screen)` holds; returns the ms since `since`
   * and the screen. Throws after `timeoutMs`.
   */
  until(test, since = performance.now(), timeoutMs = 60_000) {
    for (;;) {
      // Taken before the read: output that lands during it makes the next read come at once.
      const written = this.written();
      const screen = this.screen();
      const now = performance.now();
      if (test(screen)) return { ms: now - since, screen };
      if (now - since > timeoutMs)
        throw new Error(`the screen never showed what was waited for; last screen:\n${screen}`);
      // tmux has put the bytes on its screen before it hands them to the pipe's `cat`.
      const readAnyway = performance.now() + READ_ANYWAY_MS;
      while (this.written() === written && performance.now() < readAnyway) Atomics.wait(PAUSE, 0, 0, OUTPUT_CHECK_MS);
    }
  }

  /** Bytes the program has written to the terminal so far. */
  written() {
    try {
      return fs.statSync(this.output).size;
    } catch {
      return 0;
    }
  }

  /** The process running in the pane (the program, as it was started with exec). */
  pid() {
    return Number(this.tmux('display-message', '-p', '-t', 'app', '#{pane_pid}').trim());
  }

  /** Current and peak resident memory of the program, in MB, from /proc. */
  memory() {
    const status = fs.readFileSync(`/proc/${this.pid()}/status`, 'utf8');
    const kb = (field) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
    return { rssMb: kb('VmRSS') / 1024, peakMb: kb('VmHWM') / 1024 };
  }

  /** From now on, every byte the program writes to the terminal is kept for `file` (written by stopRecording). */
  record(file) {
    this.recording = { file, from: this.written() };
  }

  stopRecording() {
    const { file, from } = this.recording;
    this.recording = undefined;
    fs.writeFileSync(file, fs.readFileSync(this.output).subarray(from));
  }

  stop() {
    spawnSync('tmux', ['-L', this.socket, 'kill-server']);
    fs.rmSync(this.output, { force: true });
  }
}
