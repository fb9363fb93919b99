import fs from 'node:fs';
import { demoPath, ensureFolder } from '../../db/index.js';
import { writeDemo } from '../../demo/generate-demo.js';
import { parsePositiveInt, stringFlag } from '../args.js';
import type { Command } from '../command.js';
import { actorOf, info, out } from '../context.js';
import { UsageError } from '../usage-error.js';
import { ACTOR } from '../flags.js';
import { openDashboard, requireTerminal } from './dashboard.js';

export const demo: Command = {
  names: ['demo'],
  synopsis: [
    'demo [--read-only] [--actor NAME]',
    'demo --out FILE [--transactions N] [--seed S] [--force]',
    'demo --path',
  ],
  summary:
    "a demo snapshot: a seller's set-up and 90 days of integration history, made by running the rules on made-up data",
  details:
    'Without --out, opens the dashboard on the demo snapshot kept in the user\'s cache folder ($XDG_CACHE_HOME/amazon-logs/demo.db), writing it the first time; --path prints that file\'s name (writing it first if needed), for scripts: amazon-logs list orders --db "$(amazon-logs demo --path)". With --out, writes a demo snapshot there. The demo is never written anywhere else, and every screen and command that opens it says it is a demo.',
  flags: [
    { name: 'out', type: 'string', arg: 'FILE', help: 'write the demo snapshot there' },
    { name: 'transactions', type: 'string', arg: 'N', help: 'how many transactions (default 2000)' },
    {
      name: 'seed',
      type: 'string',
      arg: 'S',
      help: 'the generator seed: the same options give the same snapshot (default 1)',
    },
    { name: 'force', type: 'boolean', help: 'replace FILE when it exists' },
    { name: 'path', type: 'boolean', help: "print the cached demo snapshot's file name" },
    { name: 'read-only', type: 'boolean', help: 'browse without ever writing the file' },
    ACTOR,
  ],
  examples: ['amazon-logs demo', 'amazon-logs demo --out /tmp/big.db --transactions 1000000 --seed 7'],
  async run({ flags, args, config, configFile, databaseThread }) {
    if (args.length) throw new UsageError(`unexpected argument "${args[0]}"`);
    const transactions =
      flags.transactions === undefined ? 2000 : parsePositiveInt(String(flags.transactions), '--transactions');
    const seed = flags.seed === undefined ? 1 : parsePositiveInt(String(flags.seed), '--seed');
    const file = stringFlag(flags.out);
    if (file) {
      if (fs.existsSync(file) && flags.force !== true)
        throw new UsageError(`${file} already exists; pass --force to replace it`);
      out(await writeDemo(file, { transactions, seed }));
      return 0;
    }
    const cached = demoPath();
    // Without a terminal the dashboard refuses: before the demo is written, not after (one line, no file).
    if (flags.path !== true) requireTerminal();
    if (!fs.existsSync(cached) || flags.force === true) {
      ensureFolder(cached);
      info(`amazon-logs: writing the demo snapshot ${cached} (made-up data) ...`);
      info(`amazon-logs: ${await writeDemo(cached, { transactions, seed })}`);
    }
    if (flags.path === true) return (out(cached), 0);
    return openDashboard(cached, {
      readOnly: flags['read-only'] === true,
      actor: actorOf(flags, config),
      config,
      configFile,
      databaseThread,
    });
  },
};
