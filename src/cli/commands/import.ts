import fs from 'node:fs';
import path from 'node:path';
import { IMPORT_KINDS, type ImportKind, importFiles, type SourceFile, summaryLine } from '../../import/import-files.js';
import { recoverJournal } from '../../triage/durable.js';
import { sanitize } from '../../text/sanitize.js';
import { stringFlag } from '../args.js';
import type { Command } from '../command.js';
import { actorOf, info, out, snapshotFile, withSnapshot } from '../context.js';
import { UsageError } from '../usage-error.js';
import { ACTOR, DB } from '../flags.js';
import { messageOf } from '../../user-error.js';

/** How many bad rows of one file are listed before "and N more". */
const LISTED_BAD_ROWS = 50;

function readSource(file: string): SourceFile {
  try {
    return { name: file, bytes: fs.readFileSync(file) };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT'
        ? 'no such file'
        : code === 'EISDIR'
          ? 'a directory, not a file'
          : code === 'EACCES'
            ? 'permission denied'
            : messageOf(err);
    throw new UsageError(`${file}: cannot read it (${why})`);
  }
}

export const importCommand: Command = {
  names: ['import'],
  synopsis: ['import orders|order-items|report|listings|items FILE... [--db FILE] [--actor NAME] [--dry-run]'],
  summary:
    "import Amazon's data (saved getOrders or getOrderItems responses, the All Orders or All Listings report) or the ERP's items and stock (CSV); new orders are queued for `amazon-logs process`",
  details:
    'Each file is checked before anything is written: one that is not the kind named is refused (exit 2). Bad rows are listed on stderr by file and line and never stop the good ones (exit 1). Importing the same file again changes nothing. The import is one transaction, saved before the command reports, with one audit_log row.',
  flags: [DB, ACTOR, { name: 'dry-run', type: 'boolean', help: 'print what would change and write nothing' }],
  examples: [
    'amazon-logs import orders orders-page1.json orders-page2.json --db shop.db',
    'amazon-logs import report "All Orders.txt" --db shop.db --dry-run',
  ],
  async run({ flags, args, config, configFile }) {
    const [kindArg, ...files] = args;
    if (kindArg === undefined) throw new UsageError(`import needs a KIND (one of: ${IMPORT_KINDS.join(', ')})`);
    if (!(IMPORT_KINDS as readonly string[]).includes(kindArg))
      throw new UsageError(`unknown import kind "${kindArg}" (one of: ${IMPORT_KINDS.join(', ')})`);
    const kind = kindArg as ImportKind;
    if (files.length === 0) throw new UsageError(`import ${kind} needs one or more FILEs to import`);
    const dbFile = snapshotFile(stringFlag(flags.db), config, configFile);
    const dryRun = flags['dry-run'] === true;
    const sources = files.map(readSource);
    // A dry run opens the snapshot read-only: even an older version's migration stays in memory.
    return withSnapshot(dbFile, dryRun, (db) => {
      let recovered = false;
      if (!dryRun) {
        // Actions an interrupted dashboard journaled come first (saved by the recovery), so the import applies on top of them.
        const recovery = recoverJournal(db);
        if (recovery.message) info(`amazon-logs: ${recovery.message}`);
        recovered = recovery.applied > 0;
        db.assertSavable();
      }
      const report = importFiles(db, { kind, files: sources, actor: actorOf(flags, config), dryRun });
      // Summaries carry file names, order refs and SKUs: text from the files.
      const say = (line: string) => out(sanitize(line));
      let bad = 0;
      for (const r of report.results) {
        say(summaryLine(r));
        for (const note of r.notes) say(`  ${note}`);
        bad += r.tally.bad.length;
        const byLine = [...r.tally.bad].sort((a, b) => a.line - b.line);
        for (const b of byLine.slice(0, LISTED_BAD_ROWS)) info(`${b.file}:${b.line}: ${b.reason}`);
        if (byLine.length > LISTED_BAD_ROWS) info(`${r.file}: and ${byLine.length - LISTED_BAD_ROWS} more bad rows`);
      }
      const missing = report.withoutLines;
      if (missing.length > 0) {
        const named =
          missing.slice(0, 10).join(', ') + (missing.length > 10 ? `, and ${missing.length - 10} more` : '');
        const n = missing.length;
        say(
          `${n} imported order${n === 1 ? ' has' : 's have'} no items yet (${named}): import their getOrderItems responses before \`amazon-logs process\``,
        );
      }
      const target = path.basename(dbFile);
      if (dryRun) say(`dry run: nothing was written to ${target}`);
      else if (report.changed) {
        db.save();
        say(`saved ${target}`);
      } else say(recovered ? `the import changed nothing in ${target}` : `nothing changed; ${target} was not written`);
      return bad > 0 ? 1 : 0;
    });
  },
};
