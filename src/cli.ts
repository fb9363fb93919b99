#!/usr/bin/env node
import { main, reportFailure } from './cli/main.js';

// A reader that stops early (`| head`) closes the pipe: that ends the command quietly, as it does for cat.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(0);
  throw err;
});

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.exitCode = reportFailure(err);
  },
);
