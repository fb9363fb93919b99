/** Shared by the safety tests: the built binary as another user, file fingerprints, a terminal that records raw output. */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'vitest';
import { CLI, cli, type CliResult } from '../cli/run-cli.js';
import { triageSnapshot } from '../fixtures.js';

export { CLI, cli, type CliResult };

/** nobody:nogroup on Debian; numeric so it works where the names differ. */
export const NOBODY = { uid: 65534, gid: 65534 };
const DROP = ['--reuid', String(NOBODY.uid), '--regid', String(NOBODY.gid), '--clear-groups'];

/**
 * Whether the tests can run the binary as an unprivileged user: they run as
 * root in CI, and root ignores file permissions, so permission cases need this.
 */
export const unprivileged: { ok: boolean; why: string } = (() => {
  if (process.getuid?.() !== 0)
    return { ok: false, why: 'the tests are not running as root, so they cannot switch to the user nobody' };
  const r = spawnSync('setpriv', [...DROP, process.execPath, '-e', 'process.stdout.write(String(process.getuid()))'], {
    encoding: 'utf8',
  });
  if (r.status !== 0 || r.stdout !== String(NOBODY.uid))
    return { ok: false, why: `setpriv cannot run node as uid ${NOBODY.uid}: ${r.error?.message ?? r.stderr.trim()}` };
  return { ok: true, why: '' };
})();

/** The command line that runs the built binary as nobody. */
export function asNobody(args: string[]): string[] {
  return ['setpriv', ...DROP, process.execPath, CLI, ...args];
}

/** Runs the built binary as nobody, without a terminal. */
export function cliAsNobody(args: string[]): CliResult {
  const [cmd, ...rest] = asNobody(args);
  const r = spawnSync(cmd!, rest, { encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A temporary folder every user can enter (mkdtemp makes it 0700). */
export function openDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  fs.chmodSync(dir, 0o755);
  return dir;
}

/** A folder of the test's own (see openDir) holding good.db, the triage snapshot as we write it. */
export async function folderWithGoodSnapshot(prefix: string): Promise<{ dir: string; good: string }> {
  const dir = openDir(prefix);
  const good = path.join(dir, 'good.db');
  const snap = await triageSnapshot();
  snap.saveAs(good);
  snap.close();
  return { dir, good };
}

/** What a file and its folder are now, to show later that nothing was written. */
export interface Fingerprint {
  file: string;
  bytes: Buffer | undefined;
  mtimeMs: number | undefined;
  ino: number | undefined;
  folder: string[];
}

export function fingerprint(file: string): Fingerprint {
  const st = fs.statSync(file, { throwIfNoEntry: false });
  return {
    file,
    bytes: st?.isFile() ? fs.readFileSync(file) : undefined,
    mtimeMs: st?.mtimeMs,
    ino: st?.ino,
    folder: fs.readdirSync(path.dirname(file)).sort(),
  };
}

/** The file is byte-for-byte, inode and mtime the same, and nothing appeared or vanished beside it. */
export function expectUnchanged(before: Fingerprint): void {
  const now = fingerprint(before.file);
  expect(now.folder, `files beside ${before.file}`).toEqual(before.folder);
  expect(now.ino, `inode of ${before.file}`).toBe(before.ino);
  expect(now.mtimeMs, `mtime of ${before.file}`).toBe(before.mtimeMs);
  if (before.bytes) expect(now.bytes?.equals(before.bytes), `bytes of ${before.file}`).toBe(true);
}

/** One line on stderr, starting "amazon-logs: ", exit status 2, nothing on stdout, no stack trace. */
export function expectOneLineError(r: CliResult, pattern: RegExp | string): void {
  expect(r.stdout).toBe('');
  expect(r.stderr.endsWith('\n')).toBe(true);
  expect(r.stderr.trimEnd().split('\n'), r.stderr).toHaveLength(1);
  expect(r.stderr).toMatch(/^amazon-logs: /);
  expect(r.stderr).not.toMatch(/\bat .*\.js:\d+/);
  if (typeof pattern === 'string') expect(r.stderr).toContain(pattern);
  else expect(r.stderr).toMatch(pattern);
  expect(r.code, r.stderr).toBe(2);
}

export function haveTmux(): boolean {
  return spawnSync('tmux', ['-V']).status === 0;
}

function shellQuote(s: string): string {
  return /^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

/**
 * A real terminal (tmux) that also records every byte the program writes to
 * it (pipe-pane), so escape sequences the screen would swallow can be checked.
 * The program waits for a first Enter so the recording starts before it runs.
 */
export class RecordedTerminal {
  private readonly socket = `alogs-safety-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  private readonly name = 'app';
  readonly rawFile: string;

  constructor(
    readonly cols = 80,
    readonly rows = 24,
    dir = os.tmpdir(),
  ) {
    this.rawFile = path.join(dir, `${this.socket}.raw`);
  }

  private tmux(...args: string[]): string {
    return execFileSync('tmux', ['-L', this.socket, ...args], { encoding: 'utf8' });
  }

  /** Starts `command` (argv) in the terminal with CI=false (Ink skips redraws under CI). */
  start(command: string[], env: Record<string, string> = {}): void {
    const vars = { CI: 'false', TERM: 'xterm-256color', ...env };
    const assignments = Object.entries(vars).map(([k, v]) => `${k}=${shellQuote(v)}`);
    const cmd = ['env', ...assignments, ...command.map(shellQuote)].join(' ');
    this.tmux(
      'new-session',
      '-d',
      '-s',
      this.name,
      '-x',
      String(this.cols),
      '-y',
      String(this.rows),
      `read _; ${cmd}; echo "[exited $?]"; sleep 60`,
    );
    this.tmux('pipe-pane', '-o', '-t', this.name, `cat > ${shellQuote(this.rawFile)}`);
    this.tmux('send-keys', '-t', this.name, 'Enter');
  }

  /** The built binary with these arguments. */
  startCli(args: string[], env: Record<string, string> = {}): void {
    this.start([process.execPath, CLI, ...args], env);
  }

  keys(...keys: string[]): void {
    for (const k of keys) this.tmux('send-keys', '-t', this.name, k);
  }

  /** Resizes the terminal, as a user dragging its window would. */
  resize(cols: number, rows: number): void {
    this.tmux('resize-window', '-t', this.name, '-x', String(cols), '-y', String(rows));
  }

  type(text: string): void {
    this.tmux('send-keys', '-t', this.name, '-l', text);
  }

  screen(): string {
    return this.tmux('capture-pane', '-p', '-t', this.name);
  }

  /** Lets programs set tmux's paste buffer with OSC 52, as `set-clipboard on` in a tmux.conf does. */
  acceptClipboard(): void {
    this.tmux('set-option', '-s', 'set-clipboard', 'on');
  }

  /** tmux's newest paste buffer: what an OSC 52 that reached the pane put on the clipboard ('' when none). */
  clipboard(): string {
    const r = spawnSync('tmux', ['-L', this.socket, 'show-buffer'], { encoding: 'utf8' });
    return r.status === 0 ? r.stdout : '';
  }

  /** The pane's title: an OSC 0/2 that reached the terminal would have changed it. */
  title(): string {
    return this.tmux('display-message', '-p', '-t', this.name, '#{pane_title}').trimEnd();
  }

  /** Every byte written to the terminal so far. */
  raw(): Buffer {
    return fs.existsSync(this.rawFile) ? fs.readFileSync(this.rawFile) : Buffer.alloc(0);
  }

  /** Polls the screen until it shows the text, matches the pattern, or passes the test. */
  async waitFor(pattern: string | RegExp | ((screen: string) => boolean), timeoutMs = 15_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    const ok = (s: string) =>
      typeof pattern === 'string' ? s.includes(pattern) : pattern instanceof RegExp ? pattern.test(s) : pattern(s);
    let last = '';
    while (Date.now() < deadline) {
      last = this.screen();
      if (ok(last)) return last;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`screen never showed ${String(pattern)}; last screen:\n${last}`);
  }

  /**
   * Waits for the screen to show `text` with rows that answer it: the rows of
   * the previous filter stay on screen under a new filter line until the new
   * ones arrive ("working…" meanwhile).
   */
  async waitForRowsOf(text: string, timeoutMs = 15_000): Promise<string> {
    return this.waitFor((s) => s.includes(text) && !s.includes('working') && /^› /m.test(s), timeoutMs);
  }

  stop(): void {
    spawnSync('tmux', ['-L', this.socket, 'kill-server']);
    fs.rmSync(this.rawFile, { force: true });
  }
}

/**
 * This process's descriptors on `file`, replaced versions included (named
 * "FILE (deleted)"): at once, or, given `want`, once they are that (waiting
 * up to 2 s for closes still under way).
 */
export async function descriptorsOn(file: string, want?: string[]): Promise<string[]> {
  const now = () =>
    fs
      .readdirSync('/proc/self/fd')
      .map((fd) => {
        try {
          return fs.readlinkSync(`/proc/self/fd/${fd}`);
        } catch {
          return '';
        }
      })
      .filter((target) => target === file || target === `${file} (deleted)`)
      .sort();
  for (let i = 0; want && i < 200 && now().join() !== want.join(); i++) await new Promise((r) => setTimeout(r, 10));
  return now();
}

/** Swaps two cell pointers of a transactions leaf page: damage that only PRAGMA quick_check finds. */
export function corruptLeaf(file: string): void {
  const page = Number(
    execFileSync('sqlite3', [
      file,
      "SELECT pageno FROM dbstat WHERE name = 'transactions' AND pagetype = 'leaf' LIMIT 1 OFFSET 2",
    ]).toString(),
  );
  const size = Number(execFileSync('sqlite3', [file, 'PRAGMA page_size']).toString());
  const fd = fs.openSync(file, 'r+');
  const pointers = Buffer.alloc(4);
  fs.readSync(fd, pointers, 0, 4, (page - 1) * size + 8);
  fs.writeSync(fd, Buffer.concat([pointers.subarray(2), pointers.subarray(0, 2)]), 0, 4, (page - 1) * size + 8);
  fs.closeSync(fd);
}
