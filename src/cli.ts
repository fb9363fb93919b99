#!/usr/bin/env node
import { startWaitingThread, type WaitingThread } from './triage/database-thread.js';

const argv = process.argv.slice(2);

/**
 * The dashboard's database thread starts before the rest of the program
 * loads, so both happen at once (see triage/database-thread.ts). Only a guess
 * from the words typed: in a terminal, no help or version asked, and either no
 * command word, `demo`, or a file's name (with a dot or a slash). A wrong guess
 * costs a thread that is never used; a missed one, only this head start.
 */
function looksLikeDashboard(args: string[]): boolean {
  if (!process.stdin.isTTY || !process.stdout.isTTY) return false;
  if (args.some((a) => a === '--help' || a === '-h' || a === '--version' || a === '-v')) return false;
  const first = args[0];
  return first === undefined || first.startsWith('-') || first === 'demo' || /[./]/.test(first);
}

const databaseThread: WaitingThread | undefined = looksLikeDashboard(argv)
  ? startWaitingThread(new URL('./triage/worker.js', import.meta.url))
  : undefined;

const { main, reportFailure } = await import('./cli/main.js');

// A reader that stops early (`| head`) closes the pipe: that ends the command quietly, as it does for cat.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(0);
  throw err;
});

main(argv, { databaseThread }).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.exitCode = reportFailure(err);
  },
);
