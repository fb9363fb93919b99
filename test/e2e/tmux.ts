/** The built binary in a real terminal: tmux runs it, send-keys types, capture-pane reads the screen. */
import { execFileSync, spawnSync } from 'node:child_process';
import { CLI } from '../cli/run.js';

export function haveTmux(): boolean {
  return spawnSync('tmux', ['-V']).status === 0;
}

export class Terminal {
  private readonly socket = `alogs-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  private readonly name = 'app';

  constructor(
    readonly cols = 80,
    readonly rows = 24,
  ) {}

  private tmux(...args: string[]): string {
    return execFileSync('tmux', ['-L', this.socket, ...args], { encoding: 'utf8' });
  }

  /** Starts `amazon-logs ARGS` in a new terminal of the given size. */
  start(args: string[], env: Record<string, string> = {}): void {
    // Ink skips redraws when CI is set; CI runs this suite with CI=true.
    const vars = { CI: 'false', TERM: 'xterm-256color', ...env };
    const assignments = Object.entries(vars).map(([k, v]) => `${k}=${shellQuote(v)}`);
    const cmd = ['env', ...assignments, shellQuote(process.execPath), shellQuote(CLI), ...args.map(shellQuote)].join(' ');
    this.tmux('new-session', '-d', '-s', this.name, '-x', String(this.cols), '-y', String(this.rows), `${cmd}; echo "[exited $?]"; sleep 30`);
  }

  /** Sends tmux key names ('Down', 'Enter', 'Escape', 'C-c') or literal text. */
  keys(...keys: string[]): void {
    for (const k of keys) this.tmux('send-keys', '-t', this.name, k);
  }

  /** Types text literally (no key-name lookup). */
  type(text: string): void {
    this.tmux('send-keys', '-t', this.name, '-l', text);
  }

  screen(): string {
    return this.tmux('capture-pane', '-p', '-t', this.name);
  }

  resize(cols: number, rows: number): void {
    this.tmux('resize-window', '-t', this.name, '-x', String(cols), '-y', String(rows));
  }

  /** Polls the screen until it matches, or throws with the last screen. */
  async waitFor(pattern: string | RegExp, timeoutMs = 15_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    let last = '';
    while (Date.now() < deadline) {
      last = this.screen();
      if (typeof pattern === 'string' ? last.includes(pattern) : pattern.test(last)) return last;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`screen never showed ${String(pattern)}; last screen:\n${last}`);
  }

  stop(): void {
    spawnSync('tmux', ['-L', this.socket, 'kill-server']);
  }
}

function shellQuote(s: string): string {
  return /^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}
