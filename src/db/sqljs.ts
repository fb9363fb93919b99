import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import v8 from 'node:v8';
import type initSqlJs from 'sql.js';
import type { SqlJsStatic } from 'sql.js';

const require = createRequire(import.meta.url);
let loading: Promise<SqlJsStatic> | undefined;

/**
 * sql.js, initialised once, and loaded only then: the dashboard's own thread
 * never uses it (the database thread does). A wrong wasm path aborts the
 * process, so it is resolved explicitly.
 */
export function loadSqlJs(): Promise<SqlJsStatic> {
  baselineWasmOnly();
  // require(), not import(): sql.js is CommonJS, and import() first scans its source for exports (25 ms here).
  loading ??= Promise.resolve().then(() =>
    (require('sql.js') as typeof initSqlJs)({ locateFile: (file: string) => require.resolve(`sql.js/dist/${file}`) }),
  );
  return loading;
}

/**
 * SQLite's wasm runs on V8's baseline compiler (Liftoff) only. By default V8
 * recompiles the functions that run often with its optimising compiler in
 * background threads, and a process waits for those compiles before it exits:
 * on a 2-core machine `show` spent 0.3-0.6 s of its 1 s there and in the
 * competition for the cores, and the dashboard's first screen came 0.5 s
 * later. The optimised code is worth about 10% on a scan of a million rows
 * once it is there (measured: 793 against 709 ms), far less than its cost.
 * The flag exists in the V8 of Node 20 to 24 (V8 11 to 13); an unknown flag
 * would be reported on stderr, so other versions are left as they are.
 */
function baselineWasmOnly(): void {
  const major = Number(process.versions.v8.split('.')[0]);
  if (major >= 11 && major <= 13) v8.setFlagsFromString('--liftoff-only');
}

/** The sql.js release whose in-memory file src/db/lazy-file.ts was built and tested against (pinned in package.json). */
export const SQLJS_TESTED = '1.16.0';

/** The sql.js release installed. */
export function sqlJsVersion(): string {
  try {
    // Its package.json is not among the files sql.js exports: read beside its main file (dist/sql-wasm.js).
    const manifest = path.join(path.dirname(require.resolve('sql.js')), '..', 'package.json');
    return (JSON.parse(fs.readFileSync(manifest, 'utf8')) as { version: string }).version;
  } catch {
    return 'of an unknown version';
  }
}
