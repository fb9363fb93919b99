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

function median(xs) {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** Median of sqlite3's own timer over `runs` runs in one process, after a warm-up (whole milliseconds). */
function timerMs(file, text, runs) {
  const script = ['.timer on', ...Array.from({ length: runs + 1 }, () => `${text};`)].join('\n');
  const out = execFileSync('sqlite3', ['-readonly', file], {
    input: script,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  return median([...out.matchAll(/Run Time: real ([\d.]+)/g)].map((m) => Number(m[1]) * 1000).slice(1));
}

/** Wall time of one sqlite3 process running the query k times. */
function wallMs(file, text, k) {
  const t0 = performance.now();
  execFileSync('sqlite3', ['-readonly', file], {
    input: Array.from({ length: k }, () => `${text};`).join('\n'),
    stdio: ['pipe', 'ignore', 'pipe'],
    maxBuffer: 64 * 1024 * 1024,
  });
  return performance.now() - t0;
}

/**
 * Time in ms of the query in sqlite3, warm. sqlite3's timer shows whole
 * milliseconds, so a short query is timed as (41 runs - 1 run) / 40 over the
 * whole process instead (median of 3).
 */
export function nativeMs(file, sql, params, runs = 5) {
  const text = inline(sql, params);
  const timed = timerMs(file, text, runs);
  if (timed >= 20) return timed;
  const samples = [];
  for (let i = 0; i < 3; i++) samples.push(Math.max(0, (wallMs(file, text, 41) - wallMs(file, text, 1)) / 40));
  return median(samples);
}
