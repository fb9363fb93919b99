/**
 * A command as data: its names, flags and help, and what it runs. The table in
 * table.ts drives parsing, the usage text and each command's --help.
 */
import type { WaitingThread } from '../triage/database-thread.js';
import { parseArgs } from 'node:util';
import type { Config } from './config.js';
import { UsageError } from './usage-error.js';
import { didYouMean } from '../text/suggest.js';

export interface FlagSpec {
  name: string;
  type: 'string' | 'boolean';
  short?: string;
  /** The value's placeholder in help: FILE, TEXT, N. */
  arg?: string;
  help: string;
  /** The values it takes, listed in help. */
  choices?: () => readonly string[];
}

export type FlagValues = Record<string, string | boolean | undefined>;

export interface ParsedCall {
  /** The name it was called by (resolve, rerun, ...). */
  name: string;
  flags: FlagValues;
  /** Positional arguments after the command's name. */
  args: string[];
}

export interface CommandCall extends ParsedCall {
  /** The user's config file, checked. */
  config: Config;
  configFile: string;
  /** The dashboard's database thread, when src/cli.ts started it ahead. */
  databaseThread?: WaitingThread;
}

export interface Command {
  /** Names it answers to; '' is the dashboard, which takes no command word. */
  names: readonly string[];
  /** The usage line(s) after "amazon-logs". */
  synopsis: readonly string[];
  /** What it does, in a line. */
  summary: string;
  flags: readonly FlagSpec[];
  /** More about it, for its --help. */
  details?: string;
  examples?: readonly string[];
  run(call: CommandCall): Promise<number>;
}

export const HELP_FLAG: FlagSpec = { name: 'help', type: 'boolean', short: 'h', help: "this command's help" };

/** Parses a command's arguments by its flag table; a stray or malformed flag is a UsageError. */
export function parseCommand(command: Command, name: string, argv: string[]): ParsedCall & { help: boolean } {
  const options: Record<string, { type: 'string' | 'boolean'; short?: string }> = {};
  for (const f of [...command.flags, HELP_FLAG])
    options[f.name] = f.short ? { type: f.type, short: f.short } : { type: f.type };
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (err) {
    const message = String((err as Error).message).split('\n')[0]!;
    const unknown = /Unknown option '(-{1,2}[^']+)'/.exec(message);
    if (unknown) {
      const known = [...command.flags, HELP_FLAG].map((f) => `--${f.name}`);
      const where = name ? `\`amazon-logs ${name}\`` : 'the dashboard';
      throw new UsageError(
        `${unknown[1]} is not an option of ${where}${didYouMean(unknown[1]!, known)} (see ${name ? `amazon-logs ${name} --help` : 'amazon-logs --help'})`,
      );
    }
    throw new UsageError(message.replace(/\. To specify a positional.*$/, ''));
  }
  const { help, ...flags } = parsed.values as FlagValues & { help?: boolean };
  return { name, flags, args: parsed.positionals, help: help === true };
}

/** One command's --help: its usage, what it does, its flags with their values, examples. */
export function commandHelp(command: Command): string {
  const lines = [
    'Usage:',
    ...command.synopsis.map((s) => `  amazon-logs ${s}`.trimEnd()),
    '',
    ...wrap(command.summary, 80),
  ];
  if (command.details) lines.push('', ...wrap(command.details, 80));
  const flags = [...command.flags, HELP_FLAG];
  const left = (f: FlagSpec) => `${f.short ? `-${f.short}, ` : ''}--${f.name}${f.arg ? ` ${f.arg}` : ''}`;
  const width = Math.max(...flags.map((f) => left(f).length));
  lines.push('', 'Options:');
  for (const f of flags) {
    const choices = f.choices ? ` (${f.choices().join(', ')})` : '';
    const [head, ...rest] = wrap(`${f.help}${choices}`, Math.max(30, 80 - width - 4));
    lines.push(`  ${left(f).padEnd(width)}  ${head}`, ...rest.map((l) => `${' '.repeat(width + 4)}${l}`));
  }
  if (command.examples?.length) lines.push('', 'Examples:', ...command.examples.map((e) => `  ${e}`));
  return lines.join('\n');
}

/** Words into lines of at most `width` characters. */
export function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}
