import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NOBODY, unprivileged } from '../safety/support.js';

/**
 * The package as an ops server gets it: `npm pack`, installed into a prefix of
 * its own, run from another folder as an unprivileged user with a home of its
 * own. Nothing may be written into the install folder.
 */
let dir: string;
let prefix: string;
let tarball: string;
let install: { stdout: string; stderr: string };

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'alogs-pack-'));
  fs.chmodSync(dir, 0o755);
  // `npm test` built dist already; prepack would build it again under the feet of the other test files.
  const packed = execFileSync('npm', ['pack', '--silent', '--ignore-scripts', '--pack-destination', dir], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  })
    .trim()
    .split('\n')
    .at(-1)!;
  tarball = path.join(dir, packed);
  prefix = path.join(dir, 'prefix');
  // The dependencies come from npm's cache where `npm ci` left them; the registry only when missing.
  const r = spawnSync(
    'npm',
    ['install', '--global', '--prefix', prefix, tarball, '--prefer-offline', '--no-audit', '--no-fund'],
    { encoding: 'utf8' },
  );
  if (r.status !== 0) throw new Error(`npm install of the tarball failed:\n${r.stderr}`);
  install = { stdout: r.stdout, stderr: r.stderr };
  execFileSync('chmod', ['-R', 'a+rX', prefix]);
}, 600_000);
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('the packed tarball', () => {
  it('ships the built binary, the schema and the README, not the sources, tests, bench or CI', () => {
    const files = execFileSync('tar', ['tzf', tarball], { encoding: 'utf8' }).trim().split('\n');
    expect(files).toContain('package/dist/cli.js');
    expect(files).toContain('package/data/schema.sql');
    expect(files).toContain('package/README.md');
    expect(files).toContain('package/package.json');
    const unexpected = files.filter((f) => !/^package\/(dist\/|data\/schema\.sql$|README\.md$|package\.json$)/.test(f));
    expect(unexpected).toEqual([]);
    // No install script runs on a global install (and none asks to be trusted); the build runs when packing.
    expect(`${install.stdout}${install.stderr}`).not.toMatch(/install script/i);
    const scripts = (JSON.parse(fs.readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> })
      .scripts;
    expect(scripts.prepack).toBe('npm run build');
    expect(Object.keys(scripts).filter((s) => /^(pre|post)?install$|^prepare$/.test(s))).toEqual([]);
  });

  it.runIf(unprivileged.ok)(
    'runs from another folder as nobody: --version, demo, list, show; without a snapshot it asks for one',
    () => {
      const home = path.join(dir, 'home');
      const work = path.join(dir, 'work');
      for (const d of [home, work]) {
        fs.mkdirSync(d);
        fs.chownSync(d, NOBODY.uid, NOBODY.gid);
      }
      const bin = path.join(prefix, 'bin', 'amazon-logs');
      const env = { PATH: `${path.dirname(process.execPath)}:/usr/bin:/bin`, HOME: home };
      const run = (args: string[]) => {
        const r = spawnSync(
          'setpriv',
          ['--reuid', String(NOBODY.uid), '--regid', String(NOBODY.gid), '--clear-groups', bin, ...args],
          { encoding: 'utf8', cwd: work, env },
        );
        return { code: r.status, stdout: r.stdout, stderr: r.stderr };
      };
      const installed = () =>
        execFileSync('find', [prefix, '-newer', tarball, '-type', 'f'], { encoding: 'utf8' }).trim();
      const before = installed();

      const version = run(['--version']);
      expect(version.stdout.trim()).toBe(JSON.parse(fs.readFileSync('package.json', 'utf8')).version);
      const made = run(['demo', '--out', 'demo.db', '--transactions', '300']);
      expect(made.code, made.stderr).toBe(0);
      const list = run(['list', 'orders', '--db', 'demo.db', '--limit', '3']);
      expect(list.code, list.stderr).toBe(0);
      expect(list.stdout.trim().split('\n')).toHaveLength(4);
      expect(list.stderr).toContain('demo.db is a demo snapshot (made-up data)');
      const show = run(['show', 'orders', '1', '--db', 'demo.db']);
      expect(show.code, show.stderr).toBe(0);
      expect(show.stdout).toMatch(/^Order \d{3}-\d{7}-\d{7}/);
      const unnamed = run(['list', 'orders']);
      expect(unnamed.code).toBe(2);
      expect(unnamed.stderr.trim()).toBe(
        `amazon-logs: no snapshot named: give --db FILE, or set AMAZON_LOGS_DB, or "db" in ${home}/.config/amazon-logs/config.json (\`amazon-logs demo\` opens a demo snapshot)`,
      );
      // The demo a user asks for lives in their cache folder; the install folder is never written.
      const cached = run(['demo', '--path']);
      expect(cached.stdout.trim()).toBe(`${home}/.cache/amazon-logs/demo.db`);
      expect(fs.statSync(cached.stdout.trim()).uid).toBe(NOBODY.uid);
      expect(installed()).toBe(before);
    },
  );
});
