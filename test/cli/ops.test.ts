import { execFileSync, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Ajv } from 'ajv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, cli } from './run-cli.js';

/**
 * The command line as an ops server meets it: pipes, exit codes, the config file
 * and the environment, help, natural ids, script formats, the audit log, the
 * debug log. Every call is the built binary in a shell.
 */
let dir: string;
let file: string;
let home: string;
/** A user of their own: HOME, XDG folders and no AMAZON_LOGS_* from the caller. */
let env: Record<string, string>;
const run = (args: string[], extra: Record<string, string> = {}) => cli(args, { ...env, ...extra });
const sh = (script: string, extra: Record<string, string> = {}) =>
  spawnSync('bash', ['-c', `set -o pipefail; ${script}`], {
    encoding: 'utf8',
    env: { ...process.env, ...env, ...extra },
  });
const sql = (q: string) => execFileSync('sqlite3', [file, q]).toString().trim();

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'alogs-ops-'));
  home = path.join(dir, 'home');
  fs.mkdirSync(home);
  env = {
    HOME: home,
    XDG_CONFIG_HOME: '',
    XDG_CACHE_HOME: '',
    XDG_STATE_HOME: '',
    AMAZON_LOGS_DB: '',
    AMAZON_LOGS_ACTOR: '',
    SUDO_USER: '',
    AMAZON_LOGS_DEBUG: '',
  };
  file = path.join(dir, 'demo.db');
  const made = run(['demo', '--out', file, '--transactions', '2000', '--seed', '3']);
  if (made.code !== 0) throw new Error(made.stderr);
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const writeConfig = (value: unknown) => {
  fs.mkdirSync(path.join(home, '.config', 'amazon-logs'), { recursive: true });
  fs.writeFileSync(
    path.join(home, '.config', 'amazon-logs', 'config.json'),
    typeof value === 'string' ? value : JSON.stringify(value),
  );
};
const removeConfig = () => fs.rmSync(path.join(home, '.config'), { recursive: true, force: true });

describe('pipes and exit codes', () => {
  it.each(['csv', 'json', 'ndjson', 'tsv', 'table'])(
    'list --format %s | head -1 ends quietly with status 0',
    (format) => {
      const r = sh(
        `node ${CLI} list logs --db ${file} --format ${format} --limit 100000 2>${dir}/err | head -1; echo "status=\${PIPESTATUS[0]}"; cat ${dir}/err`,
      );
      expect(r.stdout.split('\n')[0]!.length).toBeGreaterThan(0);
      expect(r.stdout).toContain('status=0');
      expect(r.stdout).not.toMatch(/EPIPE|\bat .*\.js:\d+/);
    },
  );

  it('puts data on stdout and notes on stderr', () => {
    const r = run(['list', 'logs', '--db', file, '--limit', '5']);
    expect(r.stdout.trim().split('\n')).toHaveLength(6);
    expect(r.stderr).toMatch(/^\(5 of 2000 rows; use --limit to see more\)$/m);
    expect(r.stderr).toContain('is a demo snapshot (made-up data)');
  });

  it('exits 0 done, 1 still failing, 2 usage or a bad file, 3 refused', () => {
    const copy = path.join(dir, 'codes.db');
    fs.copyFileSync(file, copy);
    expect(run(['list', 'orders', '--db', copy]).code).toBe(0);
    // FreeEconomy is never mapped in the demo: that import fails again.
    const failing = execFileSync('sqlite3', [
      copy,
      "SELECT transaction_id FROM errors WHERE code = 'ORD_SHIP_SERVICE_UNMAPPED' AND resolved = 0 LIMIT 1",
    ])
      .toString()
      .trim();
    expect(run(['rerun', 'logs', failing, '--db', copy]).code).toBe(1);
    expect(run(['list', 'orderz', '--db', copy]).code).toBe(2);
    fs.writeFileSync(path.join(dir, 'text.db'), 'hello');
    expect(run(['list', 'orders', '--db', path.join(dir, 'text.db')]).code).toBe(2);
    // A live database (a -wal beside it) opens read-only: an action is refused.
    fs.writeFileSync(`${copy}-wal`, '');
    const refused = run(['resolve', 'orders', '1', '--db', copy]);
    expect(refused.code).toBe(3);
    expect(refused.stderr.trim().split('\n').at(-1)).toMatch(/^amazon-logs: read-only: .*; actions are disabled$/);
  });
});

describe('which snapshot, which actor: flags, environment, config file', () => {
  it('takes the snapshot from --db, else AMAZON_LOGS_DB, else the config file, and never guesses', () => {
    removeConfig();
    const none = run(['list', 'orders']);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('no snapshot named: give --db FILE, or set AMAZON_LOGS_DB');
    const other = path.join(dir, 'missing.db');
    writeConfig({ db: other });
    expect(run(['list', 'orders']).stderr).toContain(`${other}: no such file`);
    expect(run(['list', 'orders'], { AMAZON_LOGS_DB: file }).code).toBe(0);
    expect(run(['list', 'orders', '--db', file], { AMAZON_LOGS_DB: other }).code).toBe(0);
    writeConfig({ db: file });
    expect(run(['list', 'orders']).code).toBe(0);
    removeConfig();
  });

  it('audits as --actor, else AMAZON_LOGS_ACTOR, else the config file, else SUDO_USER, else the login name', () => {
    const copy = path.join(dir, 'actors.db');
    fs.copyFileSync(file, copy);
    const lastActor = () =>
      execFileSync('sqlite3', [copy, 'SELECT actor FROM audit_log ORDER BY id DESC LIMIT 1']).toString().trim();
    const resolve = (extra: Record<string, string>, args: string[] = []) =>
      expect(run(['resolve', 'orders', '1', '--db', copy, ...args], extra).code).toBe(0);
    resolve({});
    expect(lastActor()).toBe(os.userInfo().username);
    resolve({ SUDO_USER: 'anna' });
    expect(lastActor()).toBe('anna');
    writeConfig({ actor: 'ben' });
    resolve({ SUDO_USER: 'anna' });
    expect(lastActor()).toBe('ben');
    resolve({ SUDO_USER: 'anna', AMAZON_LOGS_ACTOR: 'chloe' });
    expect(lastActor()).toBe('chloe');
    resolve({ SUDO_USER: 'anna', AMAZON_LOGS_ACTOR: 'chloe' }, ['--actor', 'dmitri']);
    expect(lastActor()).toBe('dmitri');
    removeConfig();
  });

  it('reports a config file it cannot use with the file and the key, and stops', () => {
    const where = path.join(home, '.config', 'amazon-logs', 'config.json');
    writeConfig({ dbb: file });
    const typo = run(['list', 'orders', '--db', file]);
    expect(typo.code).toBe(2);
    expect(typo.stderr.trim()).toBe(
      `amazon-logs: ${where}: unknown key "dbb" (did you mean db?); the keys are db, actor, startTab, hideResolved, errorsOnly, theme, hiddenColumns`,
    );
    writeConfig({ startTab: 'shipments' });
    expect(run(['list', 'orders', '--db', file]).stderr.trim()).toBe(
      `amazon-logs: ${where}: "startTab" must be one of orders, inventory, logs, errors`,
    );
    writeConfig('{ "db": ');
    expect(run(['list', 'orders', '--db', file]).stderr).toMatch(
      new RegExp(`^amazon-logs: ${where.replace(/[.]/g, '\\.')}: is not valid JSON`),
    );
    writeConfig({ hideResolved: ['errors', 'logs'], startTab: 'errors', theme: 'mono' });
    expect(run(['list', 'orders', '--db', file]).code).toBe(0);
    removeConfig();
  });
});

describe('help that helps', () => {
  it('gives each command its own help with its flags, their values and examples; help COMMAND says the same', () => {
    const list = run(['list', '--help']);
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/^Usage:\n {2}amazon-logs list TAB/);
    expect(list.stdout).toMatch(
      /--status STATUS +status \(orders, inventory, logs; any case\) \(Pending,\n +Dropped, Error, Skipped, Success\)/,
    );
    expect(list.stdout).toContain('Examples:');
    expect(run(['help', 'list']).stdout).toBe(list.stdout);
    const rerun = run(['rerun', '--help']).stdout;
    expect(rerun).not.toBe(list.stdout);
    expect(rerun).toContain('--actor NAME');
    expect(run(['help']).stdout).toBe(run(['--help']).stdout);
  });

  it('says "did you mean" for commands, flags and values', () => {
    expect(run(['lsit']).stderr.trim()).toBe(
      'amazon-logs: unknown command "lsit" (did you mean list?) (see amazon-logs --help)',
    );
    expect(run(['help', 'shwo']).stderr.trim()).toBe(
      'amazon-logs: no command "shwo" (did you mean show?) (see amazon-logs --help)',
    );
    expect(run(['list', 'orders', '--db', file, '--serach', 'x']).stderr.trim()).toBe(
      'amazon-logs: --serach is not an option of `amazon-logs list` (did you mean --search?) (see amazon-logs list --help)',
    );
    expect(run(['list', 'ordres', '--db', file]).stderr.trim()).toContain(
      'unknown tab "ordres" (did you mean orders?)',
    );
    expect(run(['list', 'orders', '--db', file, '--status', 'Dropepd']).stderr).toContain(
      'unknown status "Dropepd" for the orders tab (did you mean Dropped?)',
    );
    expect(run(['list', 'orders', '--db', file, '--format', 'cvs']).stderr.trim()).toBe(
      'amazon-logs: --format must be one of table, json, ndjson, csv, tsv, not "cvs" (did you mean csv?)',
    );
  });

  it('prints completion scripts that bash can load and that complete commands, tabs and values', () => {
    const script = path.join(dir, 'completion.bash');
    fs.writeFileSync(script, run(['completion', 'bash']).stdout);
    const complete = (words: string[]) =>
      execFileSync('bash', [
        '-c',
        `source ${script}; COMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')}); COMP_CWORD=${words.length - 1}; _amazon_logs; echo "\${COMPREPLY[*]}"`,
      ])
        .toString()
        .trim();
    expect(complete(['amazon-logs', 'pro'])).toBe('process');
    expect(complete(['amazon-logs', 'list', 'e'])).toBe('errors');
    expect(complete(['amazon-logs', 'list', 'orders', '--status', 'Sk'])).toBe('Skipped');
    expect(complete(['amazon-logs', 'list', 'errors', '--code', 'ORD_SKU_U'])).toBe('ORD_SKU_UNLINKED');
    expect(complete(['amazon-logs', 'show', 'errors', '1', '--format', ''])).toBe('text json');
    expect(run(['completion', 'zsh']).stdout).toContain('bashcompinit');
    expect(run(['completion', 'fish']).code).toBe(2);
  });
});

describe('the ids people have', () => {
  it('takes an Amazon order number, tx:N and err:N wherever an id is taken', { timeout: 180_000 }, () => {
    const order = sql("SELECT order_ref FROM orders WHERE status = 'Error' ORDER BY id LIMIT 1");
    const orderId = sql(`SELECT id FROM orders WHERE order_ref = '${order}'`);
    const shown = run(['show', 'orders', order, '--db', file]);
    expect(shown.code, shown.stderr).toBe(0);
    expect(shown.stdout.split('\n')[0]).toBe(`Order ${order}`);
    expect(run(['show', 'orders', orderId, '--db', file]).stdout).toBe(shown.stdout);
    const txs = sql(`SELECT id FROM transactions WHERE order_ref = '${order}' ORDER BY id DESC`).split('\n');
    const logs = run(['show', 'logs', order, '--db', file]);
    expect(logs.stdout.split('\n')[0]).toMatch(new RegExp(`^Transaction ${txs[0]}: `));
    if (txs.length > 1)
      expect(logs.stderr).toContain(`names ${txs.length} transactions; showing the newest (${txs[0]})`);
    const error = sql(`SELECT id FROM errors WHERE order_ref = '${order}' ORDER BY id DESC LIMIT 1`);
    expect(run(['show', 'errors', `err:${error}`, '--db', file]).stdout.split('\n')[0]).toMatch(
      new RegExp(`^Error ${error}: `),
    );
    expect(run(['show', 'orders', `err:${error}`, '--db', file]).stdout).toBe(shown.stdout);
    expect(run(['show', 'logs', `tx:${txs[0]}`, '--db', file]).stdout).toBe(logs.stdout);
    const copy = path.join(dir, 'ids.db');
    fs.copyFileSync(file, copy);
    const rerun = run(['rerun', 'errors', order, '--db', copy, '--actor', 'anna']);
    expect(rerun.stdout).toMatch(new RegExp(`Re-run of error \\d+|Re-ran 1 problem`));
    expect(
      execFileSync('sqlite3', [copy, `SELECT COUNT(*) FROM transactions WHERE order_ref = '${order}'`])
        .toString()
        .trim(),
    ).toBe(String(txs.length + 1));
    for (const bad of ['999-0000000-0000000', 'tx:99999999', 'twelve']) {
      const r = run(['show', 'orders', bad, '--db', file]);
      expect(r.code).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(2);
    }
  });
});

describe('output for scripts', () => {
  const ajv = new Ajv({ allErrors: true });
  const rows = JSON.parse(fs.readFileSync('docs/schemas/rows.schema.json', 'utf8')) as object;
  ajv.addSchema(rows, 'rows');
  const record = ajv.compile(JSON.parse(fs.readFileSync('docs/schemas/record.schema.json', 'utf8')) as object);

  it.each(['orders', 'inventory', 'logs', 'errors'])(
    'list %s: json and ndjson rows match the documented schema, and say the same',
    (tab) => {
      const validate = ajv.getSchema(`rows#/definitions/${tab}`)!;
      const json = JSON.parse(
        run(['list', tab, '--db', file, '--limit', '300', '--format', 'json']).stdout,
      ) as unknown[];
      expect(json.length).toBeGreaterThan(10);
      for (const row of json) expect(validate(row), JSON.stringify(validate.errors)).toBe(true);
      const ndjson = run(['list', tab, '--db', file, '--limit', '300', '--format', 'ndjson'])
        .stdout.trim()
        .split('\n')
        .map((l) => JSON.parse(l) as unknown);
      expect(ndjson).toEqual(json);
    },
  );

  it.each(['orders', 'inventory', 'logs', 'errors'])(
    'show %s --format json: the raw record, the payload as an object, the named sections',
    (tab) => {
      const id = sql(
        `SELECT max(id) FROM ${tab === 'logs' ? 'transactions' : tab === 'inventory' ? 'inventory_log' : tab}`,
      );
      const out = JSON.parse(run(['show', tab, id, '--db', file, '--format', 'json']).stdout) as {
        id: number;
        payload: unknown;
      };
      expect(record(out), JSON.stringify(record.errors)).toBe(true);
      expect(out.id).toBe(Number(id));
    },
  );

  it('tsv prints whole values, one row per line, with tabs and newlines escaped', () => {
    const copy = path.join(dir, 'tsv.db');
    fs.copyFileSync(file, copy);
    execFileSync('sqlite3', [
      copy,
      "UPDATE transactions SET message = 'two' || char(9) || 'fields' || char(10) || 'and a line and a \\ backslash' WHERE id = 1",
    ]);
    const tsv = run(['list', 'logs', '--db', copy, '--format', 'tsv', '--transaction', '1']).stdout.split('\n');
    expect(tsv[0]).toBe(
      'id\timport_date\tstart_date\tend_date\tentity_type\ttype\torder_ref\tsku\tresolved\tsync_type\tstatus\tmessage',
    );
    expect(tsv[1]!.split('\t').at(-1)).toBe('two\\tfields\\nand a line and a \\\\ backslash');
    expect(tsv[2]).toBe('');
  });

  it('list audit: who did what, when, filtered by actor and dates', () => {
    const copy = path.join(dir, 'audit.db');
    fs.copyFileSync(file, copy);
    run(['resolve', 'orders', '1', '2', '--db', copy, '--actor', 'zoe']);
    const all = JSON.parse(run(['list', 'audit', '--db', copy, '--format', 'json']).stdout) as {
      actor: string;
      action: string;
    }[];
    expect(all.length).toBeGreaterThan(2);
    const zoe = JSON.parse(run(['list', 'audit', '--db', copy, '--actor', 'zoe', '--format', 'json']).stdout) as {
      actor: string;
      action: string;
      target_id: number;
    }[];
    expect(zoe.map((a) => [a.actor, a.action, a.target_id])).toEqual([
      ['zoe', 'resolve', 2],
      ['zoe', 'resolve', 1],
    ]);
    expect(
      JSON.parse(
        run(['list', 'audit', '--db', copy, '--actor', 'zoe', '--to', '2020-01-01', '--format', 'json']).stdout,
      ),
    ).toEqual([]);
    expect(run(['list', 'audit', '--db', copy, '--code', 'X']).code).toBe(2);
  });

  it('ndjson streams a 200,000-transaction snapshot in bounded memory', { timeout: 600_000 }, async () => {
    const big = path.join(dir, 'big.db');
    // Generating it takes longer than cli()'s time limit on a busy machine.
    const made = spawnSync(process.execPath, [CLI, 'demo', '--out', big, '--transactions', '200000', '--seed', '4'], {
      encoding: 'utf8',
      timeout: 500_000,
    });
    expect(made.status, made.stderr).toBe(0);
    const size = fs.statSync(big).size;
    // Peak memory of the process from outside: VmHWM is its high-water mark.
    const child = spawn(process.execPath, [CLI, 'list', 'logs', '--db', big, '--format', 'ndjson'], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    let bytes = 0;
    let lines = 0;
    child.stdout.on('data', (d: Buffer) => {
      bytes += d.length;
      for (const b of d) if (b === 10) lines++;
    });
    let peak = 0;
    const poll = setInterval(() => {
      try {
        const kb = Number(/VmHWM:\s+(\d+)/.exec(fs.readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1] ?? 0);
        peak = Math.max(peak, kb * 1024);
      } catch {
        // The process has ended.
      }
    }, 20);
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    clearInterval(poll);
    expect(code).toBe(0);
    expect(lines).toBe(200_000);
    // The output is far larger than what the process holds beyond the snapshot itself.
    expect(bytes).toBeGreaterThan(40 * 1024 * 1024);
    expect(peak).toBeLessThan(size + 160 * 1024 * 1024);
  });
});

describe('the debug log', () => {
  it('AMAZON_LOGS_DEBUG=1 writes timings, notes and errors to $XDG_STATE_HOME/amazon-logs/debug.log', () => {
    const state = path.join(dir, 'state');
    const log = path.join(state, 'amazon-logs', 'debug.log');
    run(['list', 'orders', '--db', file, '--limit', '2'], { AMAZON_LOGS_DEBUG: '1', XDG_STATE_HOME: state });
    run(['list', 'orders', '--db', path.join(dir, 'nope.db')], { AMAZON_LOGS_DEBUG: '1', XDG_STATE_HOME: state });
    const text = fs.readFileSync(log, 'utf8');
    expect(text).toMatch(
      new RegExp(`\\[\\d+\\] run amazon-logs list orders --db ${file.replace(/[.]/g, '\\.')} --limit 2`),
    );
    // list runs no integrity check: it reads only the pages of its answer.
    expect(text).toMatch(/opened .* \(read-only\) in \d+ ms/);
    expect(text).toMatch(/done \(exit 0\) in \d+ ms/);
    expect(text).toContain('note: (2 of ');
    expect(text).toContain('nope.db: no such file');
    run(['list', 'orders', '--db', file], { XDG_STATE_HOME: state });
    expect(fs.readFileSync(log, 'utf8')).toBe(text);
  });
});
