import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { appendJournal, readJournal, removeJournal, sameStamp, type JournalEntry, type JournalHeader, type Snapshot } from '../db/index.js';
import { isoNow, runAction, type ActionContext } from './actions.js';
import type { ActionId, ActionOutcome, TabId } from './types.js';

export interface SaveReport {
  ok: boolean;
  message: string;
}

/**
 * Actions made durable by a write-ahead journal: an action is applied in
 * memory, its line fsynced to FILE.pending-actions, and acknowledged; the whole
 * snapshot is rewritten afterwards (save()), and the journal removed once the
 * file holds everything. After a crash the journal is re-applied on the next
 * open; if the file changed on disk meanwhile, nothing is overwritten and the
 * journal is kept for `amazon-logs replay`.
 */
export class DurableActions {
  private readonly session = randomUUID();
  private seq = 0;
  private savedSeq = 0;
  private header: JournalHeader | undefined;
  /** Why saving stopped (the file changed on disk); actions are still journaled. */
  private blocked: string | undefined;

  constructor(
    private readonly db: Snapshot,
    private readonly ctx: ActionContext,
  ) {}

  get unsaved(): number {
    return this.seq - this.savedSeq;
  }

  /** Applies the action and journals it; returns once it survives a crash. */
  act(tab: TabId, action: ActionId, ids: number[], value?: string): ActionOutcome {
    const at = (this.ctx.now ?? isoNow)();
    const outcome = runAction(this.db, tab, action, ids, { actor: this.ctx.actor, now: () => at, save: false, value });
    const file = this.db.file;
    if (file) {
      this.header ??= { session: this.session, base: this.db.fileStamp!, file: path.basename(file) };
      const entry: JournalEntry = { seq: ++this.seq, at, actor: this.ctx.actor, tab, action, ids, ...(value === undefined ? {} : { value }) };
      appendJournal(file, this.header, entry);
    }
    return this.blocked ? { ...outcome, message: `${outcome.message} (kept in the journal, not saved: ${this.blocked})` } : outcome;
  }

  /**
   * Rewrites the snapshot with every journaled action, then drops the journal.
   * The file is written in the background: actions may come in meanwhile, and
   * the journal stays until a save holds them too. Call one save at a time.
   */
  async save(): Promise<SaveReport> {
    const file = this.db.file;
    if (!file || this.seq === this.savedSeq) return { ok: true, message: 'nothing to save' };
    if (this.blocked) return { ok: false, message: this.blocked };
    const upTo = this.seq;
    try {
      // The file records which journal lines it holds, so a crash after the rename re-applies none twice.
      this.db.run("INSERT OR REPLACE INTO meta(key, value) VALUES ('journal_session', ?), ('journal_seq', ?)", [this.session, String(upTo)]);
      await this.db.saveInBackground();
    } catch (err) {
      this.blocked = `${(err as Error).message}; run \`amazon-logs replay ${path.basename(file)}\` to apply the kept actions to the new file`;
      return { ok: false, message: this.blocked };
    }
    this.savedSeq = upTo;
    if (this.seq === upTo) {
      removeJournal(file);
      this.header = undefined;
    }
    return { ok: true, message: `saved ${upTo === 1 ? 'the action' : 'all actions'} to ${path.basename(file)}` };
  }
}

export interface Recovery {
  /** One line for the user, or undefined when there was nothing to recover. */
  message: string | undefined;
  applied: number;
  /** Entries left in the journal because the file changed since they were made. */
  kept: number;
}

/**
 * On open: re-applies the journal lines the file does not hold yet (a crash
 * before or during the save). Lines from a session whose file was since changed
 * by someone else are not applied automatically unless `force` (replay).
 */
export function recoverJournal(db: Snapshot, force = false): Recovery {
  const file = db.file;
  if (!file || db.readOnly) return { message: undefined, applied: 0, kept: 0 };
  const journal = readJournal(file);
  if (!journal) return { message: undefined, applied: 0, kept: 0 };
  const { header, entries } = journal;
  const meta = (key: string) => db.value<string>('SELECT value FROM meta WHERE key = ?', [key]);
  let pending: JournalEntry[];
  if (meta('journal_session') === header.session) pending = entries.filter((e) => e.seq > Number(meta('journal_seq') ?? 0));
  else if (force || (db.fileStamp && sameStamp(header.base, db.fileStamp))) pending = entries;
  else {
    return {
      message: `${entries.length} action(s) from an earlier session were not saved and ${path.basename(file)} changed since; \`amazon-logs replay ${path.basename(file)}\` applies them`,
      applied: 0,
      kept: entries.length,
    };
  }
  if (pending.length === 0) {
    removeJournal(file);
    return { message: undefined, applied: 0, kept: 0 };
  }
  const failures: string[] = [];
  db.transaction(() => {
    for (const e of pending) {
      try {
        runAction(db, e.tab as TabId, e.action as ActionId, e.ids, { actor: e.actor, now: () => e.at, save: false, value: e.value });
      } catch (err) {
        failures.push(`${e.action} ${e.tab} ${e.ids.join(',')}: ${(err as Error).message}`);
      }
    }
  });
  db.save();
  removeJournal(file);
  const applied = pending.length - failures.length;
  const tail = failures.length ? `; ${failures.length} could not be applied (${failures[0]})` : '';
  return { message: `re-applied ${applied} unsaved action(s) from an interrupted session and saved them${tail}`, applied, kept: 0 };
}
