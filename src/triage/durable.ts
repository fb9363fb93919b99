import { randomBytes } from 'node:crypto';
import path from 'node:path';
import {
  appendJournal,
  FileChangedError,
  isThisProcess,
  ownerAlive,
  readJournals,
  removeJournal,
  removeJournalAt,
  SnapshotChangedError,
  thisProcess,
  type JournalContents,
  type JournalEntry,
  type JournalHeader,
  type Snapshot,
} from '../db/index.js';
import { isoNow, runAction, type ActionContext } from './actions.js';
import type { ActionId, ActionOutcome, TabId } from './triage-types.js';
import type { Outcome } from '../user-error.js';
import { messageOf } from '../user-error.js';

export interface SaveReport extends Outcome {
  /** The file changed on disk since it was read: the caller reads it anew and re-applies the journal onto it. */
  changedOnDisk?: boolean;
}

/** The meta key under which a save records how far into a session's journal the file holds. */
const heldKey = (session: string) => `journal_seq:${session}`;

/** How far the file holds a session's journal (also the single key of version 0.1's files). */
function heldUpTo(db: Snapshot, session: string): number {
  const meta = (key: string) => db.value<string>('SELECT value FROM meta WHERE key = ?', [key]);
  const held = meta(heldKey(session)) ?? (meta('journal_session') === session ? meta('journal_seq') : undefined);
  return Number(held ?? 0);
}

function recordHeld(db: Snapshot, session: string, seq: number): void {
  db.run('INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)', [heldKey(session), String(seq)]);
}

/**
 * Actions made durable by a write-ahead journal of the session's own: an action
 * is applied in memory, its line fsynced to FILE.SESSION.pending-actions, and
 * acknowledged; the snapshot is written afterwards (save()), recording in its
 * meta how far it holds the journal, which is then removed. After a crash the
 * journal is re-applied on the next open; when someone else changed the file
 * meanwhile (a teammate's save), the new file is read and the actions it does
 * not hold are re-applied onto it (they are logical: resolve this error, re-run
 * that transaction), never overwriting the other work.
 */
export class DurableActions {
  readonly session = randomBytes(6).toString('hex');
  private seq = 0;
  private savedSeq = 0;
  private header: JournalHeader | undefined;
  /** The database was read anew but this session's journal could not be re-applied onto it yet. */
  private notMerged = false;

  constructor(
    private db: Snapshot,
    private readonly ctx: ActionContext,
  ) {}

  get unsaved(): number {
    return this.seq - this.savedSeq;
  }

  /**
   * Applies the action and journals it; returns once it survives a crash. When
   * its line cannot be written (a full disk) the action is undone and refused:
   * it is never saved later without having been acknowledged.
   */
  act(tab: TabId, action: ActionId, ids: number[], value?: string): ActionOutcome {
    const at = (this.ctx.now ?? isoNow)();
    const file = this.db.file;
    try {
      return this.db.transaction(() => {
        const outcome = runAction(this.db, tab, action, ids, {
          actor: this.ctx.actor,
          now: () => at,
          save: false,
          value,
        });
        if (file) {
          this.header ??= {
            session: this.session,
            base: this.db.fileStamp!,
            file: path.basename(file),
            owner: thisProcess(),
          };
          const entry: JournalEntry = {
            seq: this.seq + 1,
            at,
            actor: this.ctx.actor,
            tab,
            action,
            ids,
            ...(value === undefined ? {} : { value }),
          };
          appendJournal(file, this.header, entry);
          this.seq++;
        }
        return outcome;
      });
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (typeof code !== 'string' || !code.startsWith('E')) throw err;
      return {
        action,
        ids,
        ok: false,
        message: `not done: its journal line could not be written (${code === 'ENOSPC' ? 'the disk is full' : messageOf(err)}); nothing changed`,
      };
    }
  }

  /**
   * Writes the snapshot with every journaled action, then drops the journal.
   * The file is written in the background: actions may come in meanwhile, and
   * the journal stays until a save holds them too. Call one save at a time.
   */
  async save(): Promise<SaveReport> {
    const file = this.db.file;
    if (!file || this.seq === this.savedSeq) return { ok: true, message: 'nothing to save' };
    // Saving now would record the journal as held by a file that lacks its actions: merge again instead.
    if (this.notMerged) {
      return { ok: false, changedOnDisk: true, message: 'the unsaved actions are not yet re-applied onto the file' };
    }
    const upTo = this.seq;
    try {
      // The file records which journal lines it holds, so a crash after the rename re-applies none twice.
      recordHeld(this.db, this.session, upTo);
      await this.db.saveInBackground();
    } catch (err) {
      const changedOnDisk = err instanceof FileChangedError || err instanceof SnapshotChangedError;
      return { ok: false, changedOnDisk, message: messageOf(err) };
    }
    this.savedSeq = upTo;
    if (this.seq === upTo) {
      removeJournal(file, this.session);
      this.header = undefined;
    }
    return { ok: true, message: `saved ${upTo === 1 ? 'the action' : 'all actions'} to ${path.basename(file)}` };
  }

  /**
   * Goes on with a database read anew from the file, onto which recoverJournal
   * (given this session as its own) re-applied and saved every journaled action.
   */
  continueWith(db: Snapshot): void {
    this.db = db;
    this.savedSeq = this.seq;
    this.header = undefined;
    this.notMerged = false;
  }

  /**
   * Goes on with a database read anew onto which re-applying this session's
   * journal failed (a producer writing, a full disk): the actions stay unsaved
   * and the journal stays whole, and the next save asks for another merge.
   */
  continueUnmerged(db: Snapshot): void {
    this.db = db;
    this.notMerged = true;
  }
}

export interface Recovery {
  /** One line for the user, or undefined when there was nothing to recover. */
  message: string | undefined;
  /** Actions of ended sessions re-applied. */
  applied: number;
  /** Actions of the caller's own session (`own`) re-applied onto the file as it is now. */
  merged: number;
  /** Journals of teammates' sessions still running, left to them. */
  live: number;
}

/** A journal the caller may apply: its own, one its own process left (a test's "crash"), or one whose process is gone. */
function recoverable(journal: JournalContents, own: string | undefined): boolean {
  const { session, owner } = journal.header;
  return session === own || isThisProcess(owner) || !ownerAlive(owner);
}

/**
 * Re-applies the journaled actions the file does not hold yet: those of
 * sessions that ended without saving (a crash), and those of `own` (the
 * caller's session, after the file changed on disk under it). The file's meta
 * says how far it holds each session's journal, so nothing is applied twice,
 * even after a crash between this save and the journals' removal. Journals of
 * teammates still running are theirs to save.
 */
export function recoverJournal(db: Snapshot, own?: string): Recovery {
  const none: Recovery = { message: undefined, applied: 0, merged: 0, live: 0 };
  const file = db.file;
  if (!file || db.readOnly) return none;
  const journals = readJournals(file);
  const mine = journals.filter((j) => recoverable(j, own));
  const live = journals.length - mine.length;
  if (mine.length === 0) return { ...none, live };
  const pending = mine
    .flatMap((j) => {
      const held = heldUpTo(db, j.header.session);
      return j.entries.filter((e) => e.seq > held).map((e) => ({ e, session: j.header.session }));
    })
    .sort((a, b) => (a.e.at < b.e.at ? -1 : a.e.at > b.e.at ? 1 : 0));
  const failures: { session: string; line: string }[] = [];
  if (pending.length > 0) {
    db.transaction(() => {
      for (const { e, session } of pending) {
        try {
          runAction(db, e.tab as TabId, e.action as ActionId, e.ids, {
            actor: e.actor,
            now: () => e.at,
            save: false,
            value: e.value,
          });
        } catch (err) {
          failures.push({ session, line: `${e.action} ${e.tab} ${e.ids.join(',')}: ${messageOf(err)}` });
        }
      }
      for (const j of mine) {
        const last = j.entries.at(-1)?.seq;
        if (last !== undefined && last > heldUpTo(db, j.header.session)) recordHeld(db, j.header.session, last);
      }
    });
    db.save();
  }
  for (const j of mine) removeJournalAt(j.path);
  const ownFailed = failures.filter((f) => f.session === own).length;
  const merged = pending.filter((p) => p.session === own).length - ownFailed;
  const applied = pending.length - merged - failures.length;
  const tail = failures.length ? `; ${failures.length} could not be applied (${failures[0]!.line})` : '';
  const parts = [
    ...(applied > 0 || failures.length > ownFailed
      ? [`re-applied ${applied} unsaved action(s) from an interrupted session and saved them`]
      : []),
    ...(merged > 0 || ownFailed > 0
      ? [
          `merged with changes made elsewhere: ${merged} action(s) of this session re-applied onto the file as it is now and saved`,
        ]
      : []),
  ];
  return { message: parts.length ? parts.join('; ') + tail : undefined, applied, merged, live };
}
