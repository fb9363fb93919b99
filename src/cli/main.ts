/** The command line: finds the command in the table, parses its flags, runs it, turns failures into exit codes. */
import fs from 'node:fs';
import { programVersion } from './version.js';
import { EXIT, isUserError, messageOf } from '../user-error.js';
import { commandHelp, parseCommand } from './command.js';
import { loadConfig } from './config.js';
import { debug, info, out } from './context.js';
import { UsageError } from './usage-error.js';
import { didYouMean } from '../text/suggest.js';
import { COMMANDS, commandNamed } from './table.js';
import { usage } from './usage.js';
import type { WaitingThread } from '../triage/database-thread.js';

/** Every name a command answers to, for "did you mean". */
const NAMES = COMMANDS.flatMap((c) => c.names).filter(Boolean);

/** What src/cli.ts started before the program loaded. */
export interface Ahead {
  databaseThread?: WaitingThread;
}

export async function main(argv: string[], ahead: Ahead = {}): Promise<number> {
  const started = performance.now();
  const first = argv[0];
  if (first === 'help') return help(argv.slice(1));
  const named = first !== undefined && !first.startsWith('-') ? commandNamed(first) : undefined;
  if (!named) {
    if (argv.includes('--help') || argv.includes('-h')) return (out(usage()), EXIT.done);
    if (argv.includes('--version') || argv.includes('-v')) return (out(readVersion()), EXIT.done);
    // A word that is no command and no file is a mistyped command more often than a snapshot's name.
    if (
      first !== undefined &&
      !first.startsWith('-') &&
      !fs.existsSync(first) &&
      !/[./]/.test(first) &&
      didYouMean(first, NAMES)
    ) {
      throw new UsageError(`unknown command "${first}"${didYouMean(first, NAMES)} (see amazon-logs --help)`);
    }
  }
  const command = named ?? commandNamed('')!;
  const name = named ? first! : '';
  const call = parseCommand(command, name, named ? argv.slice(1) : argv);
  if (call.help) return (out(commandHelp(command)), EXIT.done);
  const { file, config } = loadConfig(process.env, info);
  debug(`run amazon-logs ${argv.join(' ')}`);
  const code = await command.run({ ...call, config, configFile: file, databaseThread: ahead.databaseThread });
  debug(`done (exit ${code}) in ${Math.round(performance.now() - started)} ms`);
  return code;
}

/** `amazon-logs help [COMMAND]`. */
function help(args: string[]): number {
  if (args.length === 0) return (out(usage()), EXIT.done);
  const command = commandNamed(args[0]!);
  if (!command || args[0] === '')
    throw new UsageError(`no command "${args[0]}"${didYouMean(args[0]!, NAMES)} (see amazon-logs --help)`);
  return (out(commandHelp(command)), EXIT.done);
}

const readVersion = programVersion;

/** The exit status of a failure: the user's own (2 usage or bad file, 3 refused), one line; anything else is internal (70). */
export function reportFailure(err: unknown): number {
  if (isUserError(err)) {
    info(`amazon-logs: ${err.message}`);
    return err.exitCode;
  }
  info(`amazon-logs: internal error: ${messageOf(err)}`);
  debug(`internal error: ${(err as Error)?.stack ?? String(err)}`);
  if (process.env.AMAZON_LOGS_DEBUG) process.stderr.write(`${(err as Error)?.stack ?? ''}\n`);
  return EXIT.internal;
}
