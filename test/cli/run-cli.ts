import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export const CLI = new URL('../../dist/cli.js', import.meta.url).pathname;

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs the built binary as a user would, without a terminal: the file itself,
 * so its launcher runs too (with this node first on the PATH).
 */
export function cli(args: string[], env: Record<string, string> = {}): CliResult {
  if (!fs.existsSync(CLI)) throw new Error('dist/cli.js is missing: run `npm run build` (npm test does)');
  const r = spawnSync(CLI, args, {
    encoding: 'utf8',
    env: {
      ...process.env,
      PATH: `${path.dirname(process.execPath)}${path.delimiter}${process.env.PATH ?? ''}`,
      ...env,
    },
    timeout: 120_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
