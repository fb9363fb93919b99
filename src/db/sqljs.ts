import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
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
  // require(), not import(): sql.js is CommonJS, and import() first scans its source for exports (25 ms here).
  loading ??= Promise.resolve().then(() =>
    (require('sql.js') as typeof initSqlJs)({ locateFile: (file: string) => require.resolve(`sql.js/dist/${file}`) }),
  );
  return loading;
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
