// The same SQL in the native sqlite3 program, for the ratio column.
import { execFileSync, spawnSync } from 'node:child_process';

export function ensureSqlite3() {
  if (spawnSync('sqlite3', ['-version']).status === 0) return;
  console.log('installing the sqlite3 program (apt-get) for the native comparison ...');
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
  execFileSync('apt-get', ['install', '-y', '-qq', 'sqlite3'], { stdio: 'inherit' });
}

/** SQL literal for a bench-controlled parameter (numbers and plain strings only). */
function literal(v) {
  if (v === null) return 'NULL';
  if (typeof v === 'number') return String(v);
  return `'${String(v).replace(/'/g, "''")}'`;
}

export function inline(sql, params) {
  let i = 0;
  return sql.replace(/\?/g, () => literal(params[i++]));
}

/** Median wall time in ms of the query in sqlite3, each run in the same process after a warm-up. */
export function nativeMs(file, sql, params, runs = 5) {
  const text = inline(sql, params);
  const script = ['.timer on', ...Array.from({ length: runs + 1 }, () => `${text};`)].join('\n');
  const out = execFileSync('sqlite3', ['-readonly', file], { input: script, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const times = [...out.matchAll(/Run Time: real ([\d.]+)/g)].map((m) => Number(m[1]) * 1000).slice(1);
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}
