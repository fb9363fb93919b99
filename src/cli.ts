#!/usr/bin/env node
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { parseIds, parsePositiveInt, parseTab, filtersFromFlags } from './cli/args.js';
import { act, listText, osUser, resolveDb, showText, writeDemo } from './cli/commands.js';
import { UsageError } from './cli/errors.js';
import { runImport } from './cli/import.js';
import { USAGE } from './cli/usage.js';
import { openSnapshot, type Snapshot } from './db/index.js';
import { isUserFacing, listIds, type ActionId } from './triage/index.js';
import { recoverJournal } from './triage/durable.js';
import { openWorkerSource } from './triage/worker-source.js';
import { sanitize } from './ui/sanitize.js';

const OPTIONS = {
  db: { type: 'string' },
  search: { type: 'string' },
  order: { type: 'string' },
  sku: { type: 'string' },
  type: { type: 'string' },
  from: { type: 'string' },
  to: { type: 'string' },
  status: { type: 'string' },
  code: { type: 'string' },
  transaction: { type: 'string' },
  'hide-resolved': { type: 'boolean' },
  'errors-only': { type: 'boolean' },
  limit: { type: 'string' },
  format: { type: 'string' },
  out: { type: 'string' },
  transactions: { type: 'string' },
  seed: { type: 'string' },
  force: { type: 'boolean' },
  actor: { type: 'string' },
  'read-only': { type: 'boolean' },
  'dry-run': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
} as const;

type Flag = keyof typeof OPTIONS;
const LIST_FLAGS: Flag[] = ['db', 'search', 'order', 'sku', 'type', 'from', 'to', 'status', 'code', 'transaction', 'hide-resolved', 'errors-only', 'limit', 'format'];
const ALLOWED: Record<string, Flag[]> = {
  list: LIST_FLAGS,
  show: ['db', 'format'],
  action: ['db', 'actor', ...LIST_FLAGS.filter((f) => f !== 'limit' && f !== 'format')],
  demo: ['out', 'transactions', 'seed', 'force'],
  tui: ['read-only', 'actor'],
  replay: ['db'],
  import: ['db', 'actor', 'dry-run'],
};
const ACTIONS: ActionId[] = ['resolve', 'unresolve', 'rerun', 'resolve-rerun'];

function out(text: string): void {
  process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
}

/** A line on stderr; it can carry text from the file (table names, values), so it is made terminal-safe. */
function info(line: string): void {
  process.stderr.write(`${sanitize(line)}\n`);
}

/**
 * Opens the snapshot after PRAGMA quick_check, before anything is printed or
 * written; what the user should know (a migration, a live database) goes to stderr.
 */
function open(file: string, readOnly: boolean): Promise<Snapshot> {
  return openSnapshot(file, { readOnly, quickCheck: true, onNotice: (line) => info(`amazon-logs: ${line}`) });
}

function oneOf<T extends string>(value: string | undefined, choices: readonly T[], flag: string, fallback: T): T {
  if (value === undefined) return fallback;
  if (!(choices as readonly string[]).includes(value)) throw new UsageError(`${flag} must be one of ${choices.join(', ')}, not "${value}"`);
  return value as T;
}

async function main(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (err) {
    throw new UsageError(String((err as Error).message).split('\n')[0]!.replace(/\. To specify a positional.*$/, ''));
  }
  const { values: flags, positionals } = parsed;
  if (flags.help) return out(USAGE), 0;
  if (flags.version) return out(readVersion()), 0;
  const [command, ...rest] = positionals;
  const kind = command === 'list' || command === 'show' || command === 'demo' || command === 'replay' || command === 'import' ? command : ACTIONS.includes(command as ActionId) ? 'action' : 'tui';
  const given = Object.keys(flags) as Flag[];
  const stray = given.filter((f) => !ALLOWED[kind]!.includes(f));
  if (stray.length) throw new UsageError(`--${stray[0]} is not an option of ${kind === 'tui' ? 'the dashboard' : (command ?? '')}`);

  switch (kind) {
    case 'list': {
      const tab = parseTab(rest[0]);
      if (rest.length > 1) throw new UsageError(`unexpected argument "${rest[1]}"`);
      const db = await open(await resolveDb(flags.db, info), true);
      try {
        out(
          listText(db, {
            tab,
            filters: filtersFromFlags(flags),
            limit: flags.limit === undefined ? undefined : parsePositiveInt(flags.limit, '--limit'),
            format: oneOf(flags.format, ['table', 'json', 'csv'] as const, '--format', 'table'),
            terminal: process.stdout.isTTY === true,
          }),
        );
      } finally {
        db.close();
      }
      return 0;
    }
    case 'show': {
      const tab = parseTab(rest[0]);
      const [id, extra] = parseIds(rest.slice(1));
      if (extra !== undefined) throw new UsageError('show takes one ID');
      const db = await open(await resolveDb(flags.db, info), true);
      try {
        out(showText(db, tab, id!, oneOf(flags.format, ['text', 'json'] as const, '--format', 'text')));
      } finally {
        db.close();
      }
      return 0;
    }
    case 'action': {
      const tab = parseTab(rest[0]);
      // Rows by id, or every row the filters match (as `list` would show them): never both, never neither.
      const filters = filtersFromFlags(flags);
      const filtered = given.some((f) => f !== 'db' && f !== 'actor');
      if (filtered && rest.length > 1) throw new UsageError('give row ids or filters, not both');
      const ids = filtered ? undefined : parseIds(rest.slice(1));
      const db = await open(await resolveDb(flags.db, info), false);
      try {
        // Actions an interrupted dashboard journaled come first, so these apply on top of them.
        const recovery = recoverJournal(db);
        if (recovery.message) info(`amazon-logs: ${recovery.message}`);
        const targets = ids ?? listIds(db, tab, filters);
        if (targets.length === 0) throw new UsageError(`no ${tab} rows match the filters; nothing done`);
        const result = act(db, tab, command as ActionId, targets, flags.actor ?? osUser());
        // The line names rows by their order ref or SKU: text from the file.
        out(sanitize(result.line));
        return result.ok ? 0 : 1;
      } finally {
        db.close();
      }
    }
    case 'replay': {
      const file = rest[0] ?? flags.db;
      if (rest.length > 1 || (rest[0] && flags.db)) throw new UsageError('replay takes one FILE');
      if (!file) throw new UsageError('replay needs the snapshot FILE whose unsaved actions to apply');
      const db = await open(file, false);
      try {
        const recovery = recoverJournal(db, true);
        out(sanitize(recovery.message ?? `no unsaved actions for ${file}`));
        return 0;
      } finally {
        db.close();
      }
    }
    case 'import':
      return runImport(rest, flags, { out, info, open, actor: flags.actor ?? osUser() });
    case 'demo': {
      if (!flags.out) throw new UsageError('demo needs --out FILE');
      if (rest.length) throw new UsageError(`unexpected argument "${rest[0]}"`);
      if (fs.existsSync(flags.out) && !flags.force) throw new UsageError(`${flags.out} already exists; pass --force to replace it`);
      const transactions = flags.transactions === undefined ? 2000 : parsePositiveInt(flags.transactions, '--transactions');
      const seed = flags.seed === undefined ? 1 : parsePositiveInt(flags.seed, '--seed');
      out(await writeDemo(flags.out, { transactions, seed }));
      return 0;
    }
    default: {
      if (positionals.length > 1) throw new UsageError(`unknown command "${command}" (see --help)`);
      if (!process.stdin.isTTY || !process.stdout.isTTY) {
        throw new UsageError('the dashboard needs a terminal (stdin and stdout); for scripts and pipes use `amazon-logs list TAB` (see --help)');
      }
      const file = await resolveDb(command, info);
      // chalk ignores NO_COLOR; it must see FORCE_COLOR before Ink is first imported.
      if (process.env.NO_COLOR) process.env.FORCE_COLOR = '0';
      // The database lives in a worker thread, so no query or save can stall the screen.
      const source = await openWorkerSource({ file, readOnly: flags['read-only'] === true, actor: flags.actor ?? osUser(), exportDir: process.cwd() });
      // Loaded only here: the dashboard's modules (Ink, React) must not slow the scriptable commands.
      const { runTui } = await import('./ui/run.js');
      try {
        await runTui(source);
        const saved = await source.flush();
        if (!saved.ok) info(`amazon-logs: ${saved.message}`);
      } finally {
        await source.close();
      }
      return 0;
    }
  }
}

function readVersion(): string {
  const pkg = JSON.parse(fs.readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    if (err instanceof UsageError || isUserFacing(err)) {
      info(`amazon-logs: ${err.message}`);
      process.exitCode = 2;
      return;
    }
    const msg = err instanceof Error ? err.message : String(err);
    info(`amazon-logs: internal error: ${msg.split('\n')[0]}`);
    if (process.env.AMAZON_LOGS_DEBUG) process.stderr.write(`${(err as Error)?.stack ?? ''}\n`);
    process.exitCode = 1;
  },
);
