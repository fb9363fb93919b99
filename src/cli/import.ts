/** `amazon-logs import KIND FILE... --db FILE [--actor NAME] [--dry-run]`. */
import fs from 'node:fs';
import path from 'node:path';
import type { Snapshot } from '../db/index.js';
import { IMPORT_KINDS, ImportFileError, type ImportKind, importFiles, type SourceFile, summaryLine } from '../import/index.js';
import { recoverJournal } from '../triage/durable.js';
import { sanitize } from '../ui/sanitize.js';
import { UsageError } from './errors.js';

/** How many bad rows of one file are listed before "and N more". */
const LISTED_BAD_ROWS = 50;

export interface ImportIo {
  /** A line on stdout. */
  out(line: string): void;
  /** A line on stderr. */
  info(line: string): void;
  open(file: string, readOnly: boolean): Promise<Snapshot>;
  actor: string;
}

function readSource(file: string): SourceFile {
  try {
    return { name: file, bytes: fs.readFileSync(file) };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'a directory, not a file' : code === 'EACCES' ? 'permission denied' : (err as Error).message;
    throw new UsageError(`${file}: cannot read it (${why})`);
  }
}

/** Runs the command; returns the exit status (1 when some rows were bad, the good ones imported). */
export async function runImport(args: string[], flags: { db?: string; 'dry-run'?: boolean }, io: ImportIo): Promise<number> {
  const [kindArg, ...files] = args;
  if (kindArg === undefined) throw new UsageError(`import needs a KIND (one of: ${IMPORT_KINDS.join(', ')})`);
  if (!(IMPORT_KINDS as readonly string[]).includes(kindArg)) throw new UsageError(`unknown import kind "${kindArg}" (one of: ${IMPORT_KINDS.join(', ')})`);
  const kind = kindArg as ImportKind;
  if (files.length === 0) throw new UsageError(`import ${kind} needs one or more FILEs to import`);
  if (!flags.db) throw new UsageError('import needs --db FILE, the snapshot to import into');
  const dryRun = flags['dry-run'] === true;
  const sources = files.map(readSource);
  // A dry run opens the snapshot read-only: even an older version's migration stays in memory.
  const db = await io.open(flags.db, dryRun);
  try {
    let recovered = false;
    if (!dryRun) {
      const recovery = recoverJournal(db);
      if (recovery.message) io.info(`amazon-logs: ${recovery.message}`);
      recovered = recovery.applied > 0;
      db.assertSavable();
    }
    let report;
    try {
      report = importFiles(db, { kind, files: sources, actor: io.actor, dryRun });
    } catch (err) {
      if (err instanceof ImportFileError) throw new UsageError(err.message);
      throw err;
    }
    const out = (line: string) => io.out(sanitize(line));
    let bad = 0;
    for (const r of report.results) {
      out(summaryLine(r));
      for (const note of r.notes) out(`  ${note}`);
      bad += r.tally.bad.length;
      const byLine = [...r.tally.bad].sort((a, b) => a.line - b.line);
      for (const b of byLine.slice(0, LISTED_BAD_ROWS)) io.info(sanitize(`${b.file}:${b.line}: ${b.reason}`));
      const more = r.tally.bad.length - LISTED_BAD_ROWS;
      if (more > 0) io.info(sanitize(`${r.file}: and ${more} more bad rows`));
    }
    const missing = report.withoutLines;
    if (missing.length > 0) {
      const named = missing.slice(0, 10).join(', ') + (missing.length > 10 ? `, and ${missing.length - 10} more` : '');
      out(`${missing.length} imported order${missing.length === 1 ? ' has' : 's have'} no items yet (${named}): import their getOrderItems responses before \`amazon-logs process\``);
    }
    const target = path.basename(flags.db);
    if (dryRun) out(`dry run: nothing was written to ${target}`);
    else if (report.changed || recovered) {
      db.save();
      out(`saved ${target}`);
    } else out(`nothing changed; ${target} was not written`);
    return bad > 0 ? 1 : 0;
  } finally {
    db.close();
  }
}
