/**
 * The database's side of the dashboard, run by its thread (worker.ts), or in
 * process by a test. It owns the snapshot: opening it, every query,
 * actions and saves, so none of them can stall the terminal UI. Requests are
 * answered in the order they arrive.
 *
 * The file is read a block at a time as queries need it (src/db/lazy-file.ts),
 * so nothing runs before the first screen that reads much of it: the
 * integrity check runs before the first change, in a thread of its own, and
 * browsing alone never reads every page. Every request first checks that the
 * file on disk is still the version being read; once it is not, nothing more
 * is read from it, actions are refused, and `reopen` reads the new version.
 */
import path from 'node:path';
import {
  buildSearchIndex,
  checkIntegrityInThread,
  createIndexes,
  FileChangedError,
  hasSearchIndex,
  integrityProblem,
  isDemoSnapshot,
  missingIndexes,
  openSnapshot,
  hasJournal,
  SEARCH_INDEXES,
  type SearchIndexName,
  type Snapshot,
} from '../db/index.js';
import { ColumnValues, LISTED_COLUMNS, type ListedColumn } from './column-values.js';
import { TAB_SQL, type ValueTarget } from './filters.js';
import { DurableActions, recoverJournal, type SaveReport } from './durable.js';
import { readApi } from './api.js';
import { isUserError, messageOf } from '../user-error.js';
import type { ActionId, ActionOutcome, ExpectedView, TabId } from './triage-types.js';
import { toWire, type WireError } from './wire-errors.js';
import type { Health, Notice, Opened, WorkerInit } from './worker-protocol.js';

/**
 * The database host over `init.file`: `start()` opens it (a 'ready' or
 * 'failed' notice follows), `handle()` answers requests, and notices (saves,
 * background work, a change on disk) go to `post`.
 */
export function createDatabaseHost(init: WorkerInit, post: (m: Notice) => void) {
  const notify = (text: string, ok: boolean) => post({ kind: 'notice', text, ok });
  const later = () => new Promise<void>((resolve) => setImmediate(resolve));
  const name = path.basename(init.file);

  let served = 0;
  let lastRequest = 0;
  /** Saves running, and when the last one ended: a save counts as activity too. */
  let savesRunning = 0;
  let lastSaveEnd = 0;
  /**
   * Resolves once the first screen was served and no request came and no save
   * ran for `quietMs` (or `longestMs` passed): background work must not delay
   * what the screen asks, nor compete with a save.
   */
  async function idle(quietMs = 150, longestMs = Infinity): Promise<void> {
    const since = performance.now();
    const busy = () =>
      (served === 0 && performance.now() - since < 1000) ||
      savesRunning > 0 ||
      performance.now() - Math.max(lastRequest, lastSaveEnd) < quietMs;
    while (busy() && performance.now() - since < longestMs) await new Promise((r) => setTimeout(r, 50));
  }

  /**
   * A save waits for a pause of this long in the requests (the refresh after an
   * action comes first), and no longer than SAVE_LATEST (the journal keeps the
   * actions safe meanwhile). Taking the changed blocks is quick; the kernel's
   * copy of the file and the fsync run beside the requests, competing only for
   * the disk.
   */
  const SAVE_PAUSE_MS = 250;
  const SAVE_LATEST_MS = 15_000;

  let db: Snapshot;
  /** Bumped on every reopen: background work of an earlier opening stops. */
  let session = 0;
  let durable: DurableActions | undefined;
  let saveQueued = false;
  /** Set once the file changed on disk under us: why requests are refused until it is reopened. */
  let stale: string | undefined;
  /** The integrity check before the first change: a line saying why actions are refused, or undefined. */
  let integrity: Promise<string | undefined> | undefined;
  let integrityState: Health['integrity'] = 'unchecked';
  let searchReady = false;
  let background: Promise<void> = Promise.resolve();
  /** The listing of the SKU columns' values while idle (listColumnValues). */
  let listing: Promise<void> = Promise.resolve();

  async function open(): Promise<Opened> {
    const notices: string[] = [];
    db = await openSnapshot(init.file, {
      readOnly: init.readOnly,
      buildMissingIndexes: false,
      onNotice: (line) => notices.push(line),
    });
    stale = undefined;
    integrity = undefined;
    integrityState = 'unchecked';
    searchReady = false;
    let recovery: string | undefined;
    let recovered = true;
    try {
      if (db.file && !db.readOnly && hasJournal(db.file)) {
        // Re-applying means rewriting the file: only onto one that passes the integrity check (a rare case, so before the first screen).
        const problem = integrityProblem(db);
        integrityState = problem ? 'damaged' : 'sound';
        integrity = Promise.resolve(problem ? damagedLine(problem) : undefined);
        recovery = problem
          ? `unsaved actions from an earlier session were not re-applied: the file is damaged (${problem})`
          : recoverJournal(db, durable?.session).message;
      }
    } catch (err) {
      recovered = false;
      recovery = `could not re-apply the unsaved actions: ${messageOf(err)}`;
    }
    // A session goes on across a reopening: its journal, and what the new file holds of it, stay its own.
    if (db.readOnly) durable = undefined;
    else if (durable && recovered) durable.continueWith(db);
    else if (durable) durable.continueUnmerged(db);
    else durable = new DurableActions(db, { actor: init.actor });
    const notice = [...notices, ...(recovery ? [recovery] : [])].join('; ') || undefined;
    return { readOnlyReason: db.readOnlyReason, notice, demo: isDemoSnapshot(db) };
  }

  function damagedLine(problem: string): string {
    return `the file is damaged (${problem}); actions are refused`;
  }

  async function start(): Promise<void> {
    let opened: Opened;
    try {
      opened = await open();
    } catch (err) {
      post({ kind: 'failed', message: messageOf(err) });
      return;
    }
    post({ kind: 'ready', ...opened });
    background = backgroundWork(session);
    listing = listColumnValues(session);
  }

  /** Background work the status line names while it runs. */
  function status(text: string | undefined): void {
    post({ kind: 'background', text });
  }

  /**
   * After the first screen, and only for a file that needs it (a producer's,
   * without our indexes): the missing indexes, then the missing search indexes.
   * Each reads every row of a table; the status line says so meanwhile.
   */
  async function backgroundWork(mine: number): Promise<void> {
    await idle();
    if (mine !== session || stale) return;
    try {
      const missing = missingIndexes(db);
      if (missing.length) {
        const tables = [...new Set(missing.map((i) => i.table))].join(', ');
        status(
          `building ${missing.length} missing index${missing.length === 1 ? '' : 'es'} (reads every row of ${tables})…`,
        );
        await later();
        createIndexes(db);
      }
      for (const index of Object.keys(SEARCH_INDEXES) as SearchIndexName[]) {
        for (let attempt = 0; attempt < 3 && mine === session && !stale && !hasSearchIndex(db, index); attempt++) {
          status(`building the search index of ${SEARCH_INDEXES[index].table} (reads every row)…`);
          await buildSearchIndex(db, index, later, 20_000);
        }
      }
      searchReady = (Object.keys(SEARCH_INDEXES) as SearchIndexName[]).every((index) => hasSearchIndex(db, index));
    } catch (err) {
      // A damaged file may stop a build; queries work without the index, scanning instead.
      if (err instanceof FileChangedError) markStale(err);
    } finally {
      if (mine === session) status(undefined);
    }
  }

  /**
   * PRAGMA quick_check before the first change, in a thread of its own (it
   * reads the whole file): the screen keeps answering meanwhile. Started by the
   * first sign of an action (the options menu) or the action itself.
   */
  function ensureChecked(): Promise<string | undefined> {
    if (integrity) return integrity;
    const mine = session;
    const mb = db.fileStamp ? Math.round(db.fileStamp.size / 1048576) : undefined;
    status(`checking ${name} before its first change (reads all ${mb === undefined ? 'of it' : `${mb} MB`})…`);
    integrity = (async () => {
      const report = await checkIntegrityInThread(init.file, db.diskVersion);
      if (mine !== session) return 'the file was reopened';
      status(undefined);
      if (report.unchecked) {
        try {
          db.checkDisk();
        } catch (err) {
          if (err instanceof FileChangedError) markStale(err);
        }
        integrityState = 'could not check';
        integrity = undefined; // tried again at the next action
        return `the file could not be checked before changing it (${report.unchecked}); nothing was changed`;
      }
      integrityState = report.problem ? 'damaged' : 'sound';
      const damaged = report.problem ? damagedLine(report.problem) : undefined;
      if (damaged) notify(damaged, false);
      return damaged;
    })();
    return integrity;
  }

  function markStale(err: FileChangedError): void {
    if (stale) return;
    stale = `${name} changed on disk (${err.what}): actions are refused`;
    post({ kind: 'stale', text: stale });
  }

  /** Throws the reason requests are refused when the file changed on disk (checked at every request). */
  function fresh(): void {
    if (stale) throw new Error(stale);
    try {
      db.checkDisk();
    } catch (err) {
      if (err instanceof FileChangedError) markStale(err);
      throw err;
    }
  }

  async function act(tab: TabId, action: ActionId, ids: number[], value?: string): Promise<ActionOutcome> {
    const refused = (message: string): ActionOutcome => ({ action, ids, ok: false, message });
    await reopening;
    if (!durable) return refused(`read-only: ${db.readOnlyReason}; actions are disabled`);
    const damaged = await ensureChecked();
    if (stale) return refused(stale);
    if (damaged) return refused(damaged);
    const outcome = durable.act(tab, action, ids, value);
    scheduleSave();
    return outcome;
  }

  /**
   * Saves once the screen has had its answers: actions in between share one
   * save, and the refresh after an action comes first.
   */
  function scheduleSave(): void {
    if (saveQueued) return;
    saveQueued = true;
    // The action itself counts as activity: its answer and the refresh it causes go first.
    lastRequest = performance.now();
    const mine = session;
    void (async () => {
      await idle(SAVE_PAUSE_MS, SAVE_LATEST_MS);
      saveQueued = false;
      if (mine !== session) return;
      // At the latest now: replaced versions kept while actions came one after another would fill the disk.
      db.releaseReplacedFiles();
      let report = await saveNow();
      if (report.changedOnDisk) report = await mergeWithDisk(report);
      if (!report.ok) {
        const unsaved = durable?.unsaved ?? 0;
        // Kept in the journal meanwhile: a save that failed for a while (a producer writing, a full disk) is tried again.
        notify(
          unsaved
            ? `${report.message} (${unsaved} action(s) kept in the journal; saving again in ${SAVE_RETRY_MS / 1000} s)`
            : report.message,
          false,
        );
        // The session as it is now: a merge that failed has reopened the file meanwhile.
        const current = session;
        if (unsaved) setTimeout(() => current === session && scheduleSave(), SAVE_RETRY_MS).unref();
        try {
          db.checkDisk();
        } catch (err) {
          if (err instanceof FileChangedError) markStale(err);
        }
      }
      post({ kind: 'saved', ok: report.ok, text: report.message, unsaved: durable?.unsaved ?? 0 });
      await idle(RELEASE_PAUSE_MS, RELEASE_LATEST_MS);
      if (mine === session) db.releaseReplacedFiles();
    })();
  }

  /**
   * The file versions saves replaced are let go once no request came and no
   * save ran for a second, or as the next save starts, or after
   * RELEASE_LATEST_MS: freeing a big one holds up every fsync meanwhile, an
   * action's journal line included.
   */
  const RELEASE_PAUSE_MS = 1_000;
  const RELEASE_LATEST_MS = 30_000;

  /** How long after a failed save the next try comes. */
  const SAVE_RETRY_MS = 5_000;

  let saving: Promise<unknown> = Promise.resolve();
  /** One save at a time: a save asked for while another writes runs after it. */
  function saveNow(): Promise<SaveReport> {
    const actions = durable;
    const run = saving.then(async () => {
      savesRunning++;
      try {
        return actions ? await actions.save() : { ok: true, message: 'read-only' };
      } finally {
        savesRunning--;
        lastSaveEnd = performance.now();
      }
    });
    saving = run.catch(() => {});
    return run;
  }

  /**
   * The file changed on disk under unsaved actions (a teammate saved it): it is
   * read anew and this session's journaled actions are re-applied onto it and
   * saved; the screen then shows the merged file.
   */
  async function mergeWithDisk(failed: SaveReport): Promise<SaveReport> {
    let opened: Opened;
    try {
      opened = await reopen();
    } catch (err) {
      return { ok: false, message: `${failed.message}; reading it anew failed: ${messageOf(err)}` };
    }
    if (durable?.unsaved) return { ok: false, message: opened.notice ?? failed.message };
    const text = opened.notice ?? 'merged with changes made elsewhere';
    post({ kind: 'merged', text });
    return { ok: true, message: text };
  }

  /** Reads the file on disk anew (after it changed); this session's journal, and those of ended ones, are re-applied onto it. */
  async function reopen(): Promise<Opened> {
    const run = reopenNow();
    reopening = run.catch(() => {});
    return run;
  }

  /** Settles when a reopening is over: an action waits for it rather than meet a closed database. */
  let reopening: Promise<unknown> = Promise.resolve();

  async function reopenNow(): Promise<Opened> {
    await saving;
    session++;
    try {
      db.close();
    } catch {
      // A database whose read failed under a change may refuse to close; it is dropped either way.
    }
    try {
      const opened = await open();
      background = backgroundWork(session);
      listing = listColumnValues(session);
      return opened;
    } catch (err) {
      stale = messageOf(err);
      throw err;
    }
  }

  const reads = readApi(() => db, init.exportDir ?? process.cwd());

  /** The views the screen said it may show next, nearest first; replaced by each new list. */
  let expected: ExpectedView[] = [];
  /** The read ahead while it runs. */
  let readingAhead: Promise<void> | undefined;

  /**
   * Reads the expected views' pages and counts while no request comes,
   * one query at a time: a key that shows one then meets pages in memory and a
   * kept count, not a cold walk of an index (up to 150 ms on a million rows).
   * A key that comes meanwhile waits for one query at most. Only after the
   * background work: without its indexes a count reads the whole table.
   */
  async function readAhead(): Promise<void> {
    for (let view = expected.shift(); view; view = expected.shift()) {
      const { tab, filters, offset, limit } = view;
      for (const read of [() => reads.rows(tab, filters, offset, limit), () => reads.count(tab, filters)]) {
        // A reopening starts its background work anew.
        await reopening;
        await background;
        await idle(READ_AHEAD_PAUSE_MS);
        if (stale) return;
        try {
          read();
        } catch (err) {
          // Nobody waits for this answer: a failure is met again, and said, when the view is shown.
          if (!(err instanceof FileChangedError)) break;
          markStale(err);
          return;
        }
      }
    }
  }

  /** Quiet time before each query read ahead: a burst of keys goes first. */
  const READ_AHEAD_PAUSE_MS = 300;

  /**
   * Lists the distinct values of the SKU columns (column-values.ts), a chunk
   * of a few ms at a time, once the first screen is served, whenever no
   * request came for LISTING_PAUSE_MS: a SKU# filter then matches tens of
   * thousands of values instead of reading a whole index (0.3 s on a million
   * transactions). Listing only after a long pause (300 ms) left it undone
   * for a user who kept pressing keys, and a SKU pasted into the form then
   * took 0.35 s. Once a filter form opens (prepareToFilter), the chunks run
   * one after another, between requests, while the user types.
   */
  async function listColumnValues(mine: number): Promise<void> {
    // The chunks follow the columns' indexes: on a file that lacks some, once the background work built them.
    // Otherwise not behind it: it waits for a pause of 150 ms, which a user pressing keys may not make for a while.
    if (missingIndexes(db).length) await background;
    if (mine !== session || stale) return;
    const values = ColumnValues.of(db);
    const quiet = () => idle(LISTING_PAUSE_MS);
    const unlisted = (col: ListedColumn) => values.listedUpTo(col) !== true;
    /**
     * The column of the tab whose form opened last, then the others in turn; the SKU links right after the column
     * whose filter matches them too (Inventory's: its SKU# waits for both).
     */
    const nextChunk = (): (() => boolean) | undefined => {
      for (const target of [filteredFirst, ...LISTED_TARGETS]) {
        if (target && unlisted(target.column)) return () => values.listSome(target.column);
        if (target?.withLinks && !values.linksListed()) return () => values.listLinks();
      }
      return undefined;
    };
    for (;;) {
      await later(); // requests that came meanwhile go first
      await reopening;
      if (!filtering) await Promise.race([quiet(), filterSoon]);
      if (mine !== session || stale) return;
      const next = nextChunk();
      if (!next) return;
      try {
        next();
      } catch (err) {
        // Filters read the index as before; a change on disk is said once a request meets it.
        if (err instanceof FileChangedError) markStale(err);
        return;
      }
    }
  }

  /** The listed columns in their order, each with whether a SKU# on it matches the SKU links too. */
  const LISTED_TARGETS: ListedTarget[] = LISTED_COLUMNS.map((column) =>
    Object.values(TAB_SQL).some((t) => t.sku?.listed?.column === column && t.sku.listed.withLinks)
      ? { column, withLinks: true }
      : { column },
  );

  /** A pause in the requests that lets a chunk of the SKU lists run: a key coming meanwhile waits for one chunk. */
  const LISTING_PAUSE_MS = 20;

  /** The SKU column of the tab whose filter form opened last: listed before the others (with the links, if it uses them). */
  let filteredFirst: ListedTarget | undefined;
  /** Set once a filter form opened: the SKU lists are made without waiting for a quiet moment. */
  let filtering = false;
  let filterNow: () => void = () => {};
  const filterSoon = new Promise<void>((resolve) => (filterNow = resolve));

  const api = {
    ...reads,
    /** The views a key may show next, nearest first: read while the thread is idle (see readAhead). */
    expect: (views: ExpectedView[]) => {
      expected = [...views];
      readingAhead ??= readAhead().finally(() => (readingAhead = undefined));
      return true;
    },
    act: (tab: TabId, action: ActionId, ids: number[], value?: string) => act(tab, action, ids, value),
    /** A filter form opened on `tab`: lists the SKU values now, that tab's first, so the filter typed finds them (see listColumnValues). */
    prepareToFilter: (tab: TabId) => {
      filteredFirst = TAB_SQL[tab]?.sku?.listed;
      filtering = true;
      filterNow();
      return true;
    },
    /** Starts the integrity check an action needs, so it may be done by the time one is chosen. */
    prepareToWrite: () => {
      if (durable && !stale) void ensureChecked();
      return true;
    },
    reopen: async () => {
      const opened = await reopen();
      // Actions its journal could not be re-applied from yet are tried again, as after a failed save.
      if (durable?.unsaved) scheduleSave();
      return opened;
    },
    /** Actions acknowledged (in the journal) but not yet written into the snapshot file. */
    unsaved: () => durable?.unsaved ?? 0,
    /** Waits for the background work (missing indexes, the read ahead, the SKU lists); says what it found and how much of the file is in memory. */
    health: async (): Promise<Health> => {
      await background;
      await readingAhead;
      await listing;
      const damaged = integrityState === 'damaged' ? await integrity : undefined;
      return {
        damaged,
        integrity: integrityState,
        searchReady,
        residency: stale ? undefined : db.residency,
        blocksRead: stale ? undefined : db.blocksRead?.read,
      };
    },
    flush: async (): Promise<SaveReport> => (durable ? await saveNow() : { ok: true, message: 'read-only' }),
  };

  /** These answer whatever the file did meanwhile. */
  const WITHOUT_DISK_CHECK = new Set<string>([
    'reopen',
    'health',
    'flush',
    'prepareToWrite',
    'prepareToFilter',
  ] satisfies Method[]);

  /** Answers one request; the reply carries the value, or the error with its class. */
  async function handle(req: HostRequest): Promise<HostReply> {
    lastRequest = performance.now();
    try {
      if (!WITHOUT_DISK_CHECK.has(req.method)) fresh();
      const fn = api[req.method] as (...args: typeof req.args) => unknown;
      const value = await fn(...req.args);
      if (req.method === 'rows') served++;
      return { kind: 'reply', id: req.id, ok: true, value };
    } catch (err) {
      if (err instanceof FileChangedError) markStale(err);
      if (req.method === 'act' && (isUserError(err) || stale)) {
        const [, action, ids] = req.args;
        const refused: ActionOutcome = { action, ids, ok: false, message: stale ?? messageOf(err) };
        return { kind: 'reply', id: req.id, ok: true, value: refused };
      }
      // Once the file changed, every refusal says so in the same words, whatever the request met.
      const error = toWire(err);
      if (stale) error.message = stale;
      return { kind: 'reply', id: req.id, ok: false, error };
    }
  }

  return { api, handle, start };
}

/** What the database thread answers: method name -> parameters -> result. */
/** A listed SKU column, and whether its SKU# matches the SKU links too. */
type ListedTarget = Pick<NonNullable<ValueTarget['listed']>, 'column' | 'withLinks'>;

export type HostApi = ReturnType<typeof createDatabaseHost>['api'];
export type Method = keyof HostApi;
/** One request: a method and its arguments, as the API declares them. */
export type HostRequest = { [M in Method]: { id: number; method: M; args: Parameters<HostApi[M]> } }[Method];
/** What a method resolves to. */
export type Result<M extends Method> = Awaited<ReturnType<HostApi[M]>>;
export type HostReply =
  { kind: 'reply'; id: number; ok: true; value: unknown } | { kind: 'reply'; id: number; ok: false; error: WireError };
