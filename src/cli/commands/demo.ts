import fs from 'node:fs';
import { writeDemo } from '../../engine/demo/index.js';
import { parsePositiveInt, stringFlag } from '../args.js';
import type { Command } from '../command.js';
import { out } from '../context.js';
import { UsageError } from '../errors.js';

export const demo: Command = {
  names: ['demo'],
  synopsis: ['demo --out FILE [--transactions N] [--seed S] [--force]'],
  summary: "write a demo snapshot: a seller's set-up and 90 days of integration history, made by running the rules",
  flags: [
    { name: 'out', type: 'string', arg: 'FILE', help: 'where to write it' },
    { name: 'transactions', type: 'string', arg: 'N', help: 'how many transactions (default 2000)' },
    { name: 'seed', type: 'string', arg: 'S', help: 'the generator seed: the same options give the same snapshot (default 1)' },
    { name: 'force', type: 'boolean', help: 'replace FILE when it exists' },
  ],
  examples: ['amazon-logs demo --out /tmp/big.db --transactions 1000000 --seed 7'],
  async run({ flags, args }) {
    const file = stringFlag(flags.out);
    if (!file) throw new UsageError('demo needs --out FILE');
    if (args.length) throw new UsageError(`unexpected argument "${args[0]}"`);
    if (fs.existsSync(file) && flags.force !== true) throw new UsageError(`${file} already exists; pass --force to replace it`);
    const transactions = flags.transactions === undefined ? 2000 : parsePositiveInt(String(flags.transactions), '--transactions');
    const seed = flags.seed === undefined ? 1 : parsePositiveInt(String(flags.seed), '--seed');
    out(await writeDemo(file, { transactions, seed }));
    return 0;
  },
};
