#!/usr/bin/env node
// node scripts/captures.mjs [--write]
// Runs the built binary (npm run build first) on a fresh demo snapshot (the one
// `npm start` makes: 2,000 transactions, seed 1) in real terminals (tmux) of
// 80x24 and 120x40, and captures the four tabs and the error groups (E).
// Prints them; with --write, puts them into README.md between the
// "captures" markers. The screens are the program's, never typed by hand.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const cli = path.join(root, 'dist', 'cli.js');
const write = process.argv.includes('--write');
const SIZES = [
  [80, 24],
  [120, 40],
];
const VIEWS = [
  ['Orders', '1', /\[1 Orders/],
  ['Inventory', '2', /\[2 Inventory/],
  ['Logs', '3', /\[3 Logs/],
  ['Errors', '4', /\[4 Errors/],
  ['Error groups (`E`)', 'E', /Open errors by cause: \d+ group/],
];

if (!fs.existsSync(cli)) throw new Error('dist/cli.js is missing: run npm run build first');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'alogs-captures-'));
const db = path.join(dir, 'demo.db');
execFileSync(process.execPath, [cli, 'demo', '--out', db, '--transactions', '2000', '--seed', '1'], {
  stdio: 'inherit',
});

const socket = `alogs-captures-${process.pid}`;
const tmux = (...args) => execFileSync('tmux', ['-L', socket, ...args], { encoding: 'utf8' });
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** The screen once it shows `pattern`, nothing is loading, and it stayed the same for a moment. */
async function settled(pattern) {
  let last = '';
  let same = 0;
  for (let i = 0; i < 300; i++) {
    const screen = tmux('capture-pane', '-p', '-t', 'app');
    const ready = pattern.test(screen) && !/working…|loading…|counting…| {2}…\n/.test(screen);
    same = ready && screen === last ? same + 1 : 0;
    last = screen;
    if (same >= 3) return screen.replace(/\s+$/, '');
    await sleep(100);
  }
  throw new Error(`the screen never settled on ${pattern}:\n${last}`);
}

const captures = [];
try {
  for (const [cols, rows] of SIZES) {
    tmux(
      'new-session',
      '-d',
      '-s',
      'app',
      '-x',
      String(cols),
      '-y',
      String(rows),
      `env CI=false LANG=C.UTF-8 TERM=xterm-256color ${process.execPath} ${cli} ${db}`,
    );
    await settled(/row 1 of \d+/);
    for (const [name, key, pattern] of VIEWS) {
      tmux('send-keys', '-t', 'app', key);
      captures.push({ cols, rows, name, screen: await settled(pattern) });
    }
    tmux('send-keys', '-t', 'app', 'Escape', 'q');
    await sleep(300);
    spawnSync('tmux', ['-L', socket, 'kill-session', '-t', 'app']);
  }
} finally {
  spawnSync('tmux', ['-L', socket, 'kill-server']);
  fs.rmSync(dir, { recursive: true, force: true });
}

const text = SIZES.map(([cols, rows]) =>
  [
    `#### ${cols}x${rows}`,
    '',
    ...captures.filter((c) => c.cols === cols).flatMap((c) => [`${c.name}:`, '', '```', c.screen, '```', '']),
  ].join('\n'),
).join('\n');

if (!write) {
  console.log(text);
} else {
  const readme = path.join(root, 'README.md');
  const before = fs.readFileSync(readme, 'utf8');
  const start = '<!-- captures:start (scripts/captures.mjs --write) -->';
  const end = '<!-- captures:end -->';
  const a = before.indexOf(start);
  const b = before.indexOf(end);
  if (a < 0 || b < a) throw new Error(`README.md has no ${start} ... ${end} markers`);
  fs.writeFileSync(readme, `${before.slice(0, a + start.length)}\n\n${text}\n${before.slice(b)}`);
  console.log(`wrote ${captures.length} captures into README.md`);
}
