/**
 * The database's thread. It owns the snapshot: opening and checking it,
 * every query, actions and saves, so none of them can stall the terminal UI.
 * Requests are answered in the order they arrive.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { buildSearchIndex, hasSearchIndex, integrityProblem, isDemoSnapshot, openSnapshot, readJournal, SEARCH_INDEXES, type SearchIndexName, type Snapshot } from '../db/index.js';
import { listSettings } from '../engine/index.js';
import { distinctRuns } from './actions.js';
import { getDetail } from './detail.js';
import { DurableActions, recoverJournal, type SaveReport } from './durable.js';
import { exportToFile } from './export.js';
import { errorGroups } from './groups.js';
import { codeCounts, countRows, indexOfRow, listIds, listRows, nextMatch, openErrorCounts } from './query.js';
import { rowsOf } from './refs.js';
import { dailyFigures } from './daily.js';
import { warmCounts } from './live-counts.js';
import { isUserError } from '../errors.js';
import type { ActionId, ActionOutcome, TabId } from './types.js';
import type { Notice, Reply, Request, WorkerInit } from './worker-protocol.js';

const port = parentPort!;
const init = workerData as WorkerInit;
const post = (m: Reply | Notice) => port.postMessage(m);
const notify = (text: string, ok: boolean) => post({ kind: 'notice', text, ok });
const later = () => new Promise<void>((resolve) => setImmediate(resolve));

let served = 0;
let lastRequest = 0;
/**
 * Resolves once the first screen was served and no request came for `quietMs`
 * (or `longestMs` passed): background work must not delay what the screen asks.
 */
async function idle(quietMs = 150, longestMs = Infinity): Promise<void> {
  const since = performance.now();
  const busy = () => (served === 0 && performance.now() - since < 1000) || performance.now() - lastRequest < quietMs;
  while (busy() && performance.now() - since < longestMs) await new Promise((r) => setTimeout(r, 50));
}

/**
 * A save waits for a pause of this long in the requests: taking the copy it
 * writes holds the database thread up for most of a second on a big snapshot,
 * and someone still paging through the result of an action should not wait
 * for it. It waits no longer than SAVE_LATEST (the journal keeps the actions
 * safe meanwhile).
 */
const SAVE_PAUSE_MS = 1000;
const SAVE_LATEST_MS = 15_000;

let db: Snapshot;
let durable: DurableActions | undefined;
let saveQueued = false;
const openingNotices: string[] = [];
/** Actions wait for the integrity check; a damaged file refuses them. */
let markChecked!: (damage: string | undefined) => void;
const checked = new Promise<string | undefined>((resolve) => (markChecked = resolve));
let markIndexed!: (ready: boolean) => void;
const indexed = new Promise<boolean>((resolve) => (markIndexed = resolve));
let markWarmed!: (wordCounts: number) => void;
const warmed = new Promise<number>((resolve) => (markWarmed = resolve));

async function start(): Promise<void> {
  try {
    db = await openSnapshot(init.file, { readOnly: init.readOnly, onNotice: (line) => openingNotices.push(line) });
  } catch (err) {
    post({ kind: 'failed', message: (err as Error).message });
    return;
  }
  let recovery: string | undefined;
  try {
    // Re-applying means rewriting the file: only onto one that passes the integrity check.
    const problem = db.file && !db.readOnly && readJournal(db.file) ? integrityProblem(db) : undefined;
    recovery = problem ? `unsaved actions from an earlier session were not re-applied: the file is damaged (${problem})` : recoverJournal(db).message;
  } catch (err) {
    recovery = `could not re-apply the unsaved actions: ${(err as Error).message}`;
  }
  durable = db.readOnly ? undefined : new DurableActions(db, { actor: init.actor });
  const notice = [...openingNotices, ...(recovery ? [recovery] : [])].join('; ') || undefined;
  post({ kind: 'ready', readOnlyReason: db.readOnlyReason, notice, demo: isDemoSnapshot(db) });
  // After the first screen: the integrity check, then any missing search index.
  await idle();
  const problem = integrityProblem(db);
  const damaged = problem ? `the file is damaged (${problem}); actions are refused` : undefined;
  if (damaged) notify(damaged, false);
  markChecked(damaged);
  // Read-only too: the index lives in memory only, and keyword searches need it as much.
  let searchReady = false;
  try {
    searchReady = await buildMissingSearchIndexes();
  } catch {
    // A damaged file may stop the build; keyword search falls back to scanning.
  }
  markIndexed(searchReady);
  const wordCounts = await warmCounts(db, later);
  // A file that can take actions: pay sql.js's one copy for growing the file now rather than in the first action that would.
  if (!damaged && !db.readOnly) {
    await later();
    try {
      db.reserveGrowth();
    } catch {
      // Only a head start; an action still works without it.
    }
  }
  markWarmed(wordCounts);
}

/** Builds the indexes a producer's file lacks, between requests; true when all are there. */
async function buildMissingSearchIndexes(): Promise<boolean> {
  for (const name of Object.keys(SEARCH_INDEXES) as SearchIndexName[]) {
    for (let attempt = 0; attempt < 3 && !hasSearchIndex(db, name); attempt++) {
      await buildSearchIndex(db, name, later, 20_000);
    }
  }
  return (Object.keys(SEARCH_INDEXES) as SearchIndexName[]).every((name) => hasSearchIndex(db, name));
}

async function act(tab: TabId, action: ActionId, ids: number[], value?: string): Promise<ActionOutcome> {
  const damaged = await checked;
  if (damaged) return { action, ids, ok: false, message: damaged };
  if (!durable) return { action, ids, ok: false, message: `read-only: ${db.readOnlyReason}; actions are disabled` };
  const outcome = durable.act(tab, action, ids, value);
  scheduleSave();
  return outcome;
}

/**
 * Saves once the screen has had its answers: the rewrite of a big file takes
 * seconds, so it waits for a pause in the requests (the refresh after an
 * action comes first), and actions in between share one save.
 */
function scheduleSave(): void {
  if (saveQueued) return;
  saveQueued = true;
  // The action itself counts as activity: its answer and the refresh it causes go first.
  lastRequest = performance.now();
  void (async () => {
    await idle(SAVE_PAUSE_MS, SAVE_LATEST_MS);
    saveQueued = false;
    const report = await saveNow();
    if (!report.ok) notify(report.message, false);
    post({ kind: 'saved', ok: report.ok, text: report.message, unsaved: durable!.unsaved });
  })();
}

let saving: Promise<unknown> = Promise.resolve();
/** One save at a time: a save asked for while another writes runs after it. */
function saveNow(): Promise<SaveReport> {
  const run = saving.then(() => durable!.save());
  saving = run.catch(() => {});
  return run;
}

const methods = {
  count: (tab, filters) => countRows(db, tab, filters),
  rows: (tab, filters, offset, limit) => listRows(db, tab, filters, offset, limit),
  indexOf: (tab, filters, id) => indexOfRow(db, tab, filters, id),
  ids: (tab, filters) => listIds(db, tab, filters),
  openErrorCounts: () => openErrorCounts(db),
  detail: (tab, id) => getDetail(db, tab, id),
  errorGroups: () => errorGroups(db),
  // A day at a time, answering other requests (keys) in between.
  daily: (tab, filters, days) => dailyFigures(db, tab, filters, days, later),
  codeCounts: (filters) => codeCounts(db, filters),
  nextMatch: (tab, filters, keyword, fromId, direction) => nextMatch(db, tab, filters, keyword, fromId, direction),
  rowsOf: (tab, ref) => rowsOf(db, tab, ref),
  unsaved: () => durable?.unsaved ?? 0,
  distinctRuns: (tab, ids) => distinctRuns(db, tab, ids),
  settings: () => listSettings(db),
  exportRows: (tab, filters, format) => exportToFile(db, tab, filters, format, init.exportDir ?? process.cwd()),
  act: (tab, action, ids, value) => act(tab, action, ids, value),
  /** Waits for the background work (integrity check, search indexes, kept counts, room to grow); says what it found. */
  health: async () => ({ damaged: await checked, searchReady: await indexed, wordCounts: await warmed }),
  flush: async () => (durable ? await saveNow() : { ok: true, message: 'read-only' }),
} satisfies Record<string, (...args: any[]) => unknown>;

port.on('message', async (req: Request) => {
  lastRequest = performance.now();
  try {
    const fn = methods[req.method] as (...args: unknown[]) => unknown;
    const value = await fn(...req.args);
    post({ kind: 'reply', id: req.id, ok: true, value });
    if (req.method === 'rows') served++;
  } catch (err) {
    if (req.method === 'act' && isUserError(err)) {
      const [, action, ids] = req.args as [unknown, ActionOutcome['action'], number[]];
      post({ kind: 'reply', id: req.id, ok: true, value: { action, ids, ok: false, message: err.message } });
    } else {
      post({ kind: 'reply', id: req.id, ok: false, error: (err as Error).message ?? String(err) });
    }
  }
});

void start();
