/** The command line: finds the command in the table, parses its flags, runs it, turns failures into exit codes. */
import fs from 'node:fs';
import { isUserFacing } from '../triage/index.js';
import { commandHelp, parseCommand } from './command.js';
import { info, out } from './context.js';
import { UsageError } from './errors.js';
import { commandNamed } from './table.js';
import { usage } from './usage.js';

export async function main(argv: string[]): Promise<number> {
  const first = argv[0];
  const named = first !== undefined && !first.startsWith('-') ? commandNamed(first) : undefined;
  if (!named) {
    if (argv.includes('--help') || argv.includes('-h')) return out(usage()), 0;
    if (argv.includes('--version') || argv.includes('-v')) return out(readVersion()), 0;
  }
  const command = named ?? commandNamed('')!;
  const name = named ? first! : '';
  const call = parseCommand(command, name, named ? argv.slice(1) : argv);
  if (call.help) return out(commandHelp(command)), 0;
  return command.run(call);
}

function readVersion(): string {
  const pkg = JSON.parse(fs.readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

/** The exit status of a failure: 2 for the user's mistakes and bad files (one line), 1 for a crash. */
export function reportFailure(err: unknown): number {
  if (err instanceof UsageError || isUserFacing(err)) {
    info(`amazon-logs: ${err.message}`);
    return 2;
  }
  const msg = err instanceof Error ? err.message : String(err);
  info(`amazon-logs: internal error: ${msg.split('\n')[0]}`);
  if (process.env.AMAZON_LOGS_DEBUG) process.stderr.write(`${(err as Error)?.stack ?? ''}\n`);
  return 1;
}
