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
    'TAB is orders, inventory, logs or errors. Dates are YYYY-MM-DD (inclusive) or',
    'full ISO-8601 UTC. Actions are saved to the file before the command reports;',
    'the actor recorded in audit_log is --actor, else the OS user.',
    '',
    'Exit status: 0 done; 1 a re-run (or a processed run) is still failing (it was',
    'recorded and saved), or an import had bad rows (listed on stderr; the good',
    'ones were imported and saved); 2 bad arguments or a bad file (nothing was',
    'written).',
    '',
    'amazon-logs COMMAND --help shows a command\'s options and values.',
    '',
    'Options:',
    '  -h, --help      show this help',
    '  -v, --version   show the version',
  );
  return lines.join('\n');
}
