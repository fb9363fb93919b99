// A real terminal for the bench: tmux at a chosen size, driven and read from
// outside as a person meets the program. Each read of the screen is one
// `tmux capture-pane` (a few ms), READ_PAUSE_MS apart; a timing runs from the
// key (or the start) to the first read that shows what was waited for.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';

let sockets = 0;
/** Milliseconds between two reads of the screen. */
export const READ_PAUSE_MS = 5;
const PAUSE = new Int32Array(new SharedArrayBuffer(4));

function quote(s) {
  return /^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

export class Terminal {
  constructor(cols, rows) {
    this.cols = cols;
    this.rows = rows;
    this.socket = `alogs-bench-${process.pid}-${++sockets}`;
  }

  tmux(...args) {
    return execFileSync('tmux', ['-L', this.socket, ...args], { encoding: 'utf8' });
  }

  /**
   * Starts `argv` (with `env` on top of a clean terminal environment: no CI,
   * which makes Ink draw only its last frame) waiting for an Enter; returns
   * the time the Enter was sent, when the program starts.
   */
  start(argv, env = {}) {
    const vars = Object.entries({ TERM: 'xterm-256color', ...env }).map(([k, v]) => `${k}=${quote(v)}`);
    const cmd = `read _; exec env -u CI ${vars.join(' ')} ${argv.map(quote).join(' ')}`;
    this.tmux('new-session', '-d', '-s', 'app', '-x', String(this.cols), '-y', String(this.rows), cmd);
    this.tmux('set-option', '-t', 'app', 'remain-on-exit', 'on');
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
      const screen = this.screen();
      const now = performance.now();
      if (test(screen)) return { ms: now - since, screen };
      if (now - since > timeoutMs)
        throw new Error(`the screen never showed what was waited for; last screen:\n${screen}`);
      // Each read is two processes (tmux's client and its server's work): back to back they kept one of
      // the two cores busy and slowed what was measured by ~0.1 s. A pause costs at most its length.
      Atomics.wait(PAUSE, 0, 0, READ_PAUSE_MS);
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

  /** Starts copying every byte the program writes to the terminal into `file`. */
  record(file) {
    fs.rmSync(file, { force: true });
    this.tmux('pipe-pane', '-o', '-t', 'app', `cat >> ${quote(file)}`);
  }

  stopRecording() {
    this.tmux('pipe-pane', '-t', 'app');
  }

  stop() {
    spawnSync('tmux', ['-L', this.socket, 'kill-server']);
  }
}
