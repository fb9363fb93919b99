import { listSettings } from '../../engine/index.js';
import { toJson } from '../../triage/index.js';
import { sanitize } from '../../text/sanitize.js';
import { oneOf, stringFlag } from '../args.js';
import type { Command } from '../command.js';
import { out, snapshotFile, withSnapshot } from '../context.js';
import { UsageError } from '../usage-error.js';
import { DB } from '../flags.js';

export const settings: Command = {
  names: ['settings'],
  synopsis: ['settings [--db FILE] [--format text|json]'],
  summary: 'print the settings that drive processing, with what each one means (read-only)',
  flags: [
    DB,
    { name: 'format', type: 'string', arg: 'FORMAT', help: 'output format', choices: () => ['text', 'json'] },
  ],
  async run({ flags, args, config, configFile }) {
    if (args.length) throw new UsageError(`unexpected argument "${args[0]}"`);
    const format = oneOf(flags.format, ['text', 'json'] as const, '--format', 'text');
    await withSnapshot(snapshotFile(stringFlag(flags.db), config, configFile), true, (db) => {
      const rows = listSettings(db);
      if (format === 'json') return out(toJson(rows));
      const k = Math.max(...rows.map((r) => r.key.length));
      const v = Math.max(5, ...rows.map((r) => (r.value ?? '-').length));
      out(rows.map((r) => sanitize(`${r.key.padEnd(k)}  ${(r.value ?? '-').padEnd(v)}  ${r.meaning}`)).join('\n'));
    });
    return 0;
  },
};
