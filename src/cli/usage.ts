/** The global usage text, made from the command table. */
import { wrap } from './command.js';
import { COMMANDS } from './table.js';

export function usage(): string {
  const lines = ['amazon-logs: triage the logs of an Amazon sales-channel integration', '', 'Usage:'];
  for (const c of COMMANDS) {
    for (const s of c.synopsis) lines.push(`  amazon-logs ${s}`.trimEnd());
    lines.push(...wrap(c.summary, 72).map((l) => `      ${l}`));
  }
  lines.push(
    '',
    'TAB is orders, inventory, logs or errors; an ID is a row id as list prints it,',
    'an Amazon order number, tx:N or err:N. The snapshot is FILE or --db, else',
    'AMAZON_LOGS_DB, else "db" in ~/.config/amazon-logs/config.json; actions are',
    'audited as --actor, else AMAZON_LOGS_ACTOR, the config, SUDO_USER, the login.',
    '',
    'Exit status: 0 done; 1 a re-run (or a processed run) is still failing (it was',
    'recorded and saved), or an import had bad rows (listed on stderr; the good',
    'ones were imported and saved); 2 bad arguments or a bad file; 3 refused',
    '(read-only, or the file changed on disk); 70 internal error. Nothing is',
    'written on 2 or 3.',
    '',
    "amazon-logs COMMAND --help shows a command's options and values.",
    '',
    'Options:',
    '  -h, --help      show this help',
    '  -v, --version   show the version',
  );
  return lines.join('\n');
}
