import path from 'node:path';
import type { Outcome } from '../user-error.js';
import { Worker } from 'node:worker_threads';
import { pathToFileURL } from 'node:url';
import { packagePath, SnapshotError } from '../db/index.js';
import type { HostApi, HostReply, HostRequest, Method, Result } from './host.js';
import type { SourceStatus, TriageSource } from './source.js';
import { fromWire } from './wire-errors.js';
import type { WaitingThread } from './database-thread.js';
import type { Health, Notice, WorkerInit } from './worker-protocol.js';

export interface WorkerSource extends TriageSource {
  /** A line worth showing that arrived without being asked for (recovery, save failure, damage). */
  onNotice(listener: (text: string, ok: boolean) => void): () => void;
  /** Whether the file was opened on a thread started ahead (database-thread.ts). */
  readonly startedAhead: boolean;
  /** The first notice (e.g. re-applied actions), if any, from opening. */
  readonly openingNotice: string | undefined;
  /** Resolves once every acknowledged action is in the snapshot file (or saving is impossible). */
  flush(): Promise<Outcome>;
  /** Resolves once the background work is done (missing indexes); what it found, and how much of the file is in memory. */
  health(): Promise<Health>;
  /** Resolves after the next background save reports. */
  nextSave(): Promise<{ ok: boolean; text: string }>;
  close(): Promise<void>;
}

/** The worker's script: the built one (tsc's output or the bundle's entry: the same path), or given. */
const DEFAULT_SCRIPT = pathToFileURL(packagePath('dist/triage/worker.js'));

/** Which thread opens the snapshot: one started ahead (waiting), else a new one running `script`. */
export interface WorkerThreadChoice {
  /** The thread's script (the tests give the built one; default: the installed one). */
  script?: URL;
  /** A thread started before the file was known (database-thread.ts), used when it is still there. */
  waiting?: WaitingThread;
}

/**
 * Opens the snapshot in a worker thread and answers the UI from there, so a
 * slow query or a save never stalls keystrokes. Rejects with a SnapshotError
 * when the file cannot be opened.
 */
export function openWorkerSource(
  init: WorkerInit,
  { script = DEFAULT_SCRIPT, waiting }: WorkerThreadChoice = {},
): Promise<WorkerSource> {
  const ahead = waiting?.claim(init);
  const worker = ahead ?? new Worker(script, { workerData: init });
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  const listeners = new Set<(text: string, ok: boolean) => void>();
  const statusListeners = new Set<(status: SourceStatus) => void>();
  const saveWaiters: ((r: { ok: boolean; text: string }) => void)[] = [];
  let nextId = 1;
  let dead: Error | undefined;

  /** A method of the database thread, called from here: its parameters and result as the host's API declares them. */
  const remote =
    <M extends Method>(method: M) =>
    (...args: Parameters<HostApi[M]>): Promise<Result<M>> => {
      if (dead) return Promise.reject(dead);
      const id = nextId++;
      return new Promise<Result<M>>((resolve, reject) => {
        // The reply to this id is this method's result: the host answers each request with its own method's value.
        pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
        worker.postMessage({ id, method, args } as HostRequest);
      });
    };

  return new Promise<WorkerSource>((resolveOpen, rejectOpen) => {
    const fail = (err: Error) => {
      dead = err;
      for (const p of pending.values()) p.reject(err);
      pending.clear();
      rejectOpen(err);
    };
    worker.on('error', (err) => fail(new Error(`database thread failed: ${err.message}`)));
    worker.on('exit', (code) => {
      if (!dead) fail(new Error(`database thread stopped (exit ${code})`));
    });
    worker.on('message', (m: HostReply | Notice) => {
      switch (m.kind) {
        case 'reply': {
          const p = pending.get(m.id);
          pending.delete(m.id);
          if (m.ok) p?.resolve(m.value);
          else p?.reject(fromWire(m.error));
          return;
        }
        case 'failed':
          void worker.terminate();
          fail(new SnapshotError(init.file, m.message.replace(`${init.file}: `, '')));
          return;
        case 'notice':
          for (const l of listeners) l(m.text, m.ok);
          return;
        case 'background':
          for (const l of statusListeners) l({ background: m.text });
          return;
        case 'stale':
          for (const l of statusListeners) l({ stale: m.text });
          return;
        case 'merged':
          for (const l of statusListeners) l({ merged: m.text });
          return;
        case 'saved':
          for (const w of saveWaiters.splice(0)) w({ ok: m.ok, text: m.text });
          return;
        case 'ready':
          resolveOpen({
            // A demo's data is made up: the status line says so wherever the file lives.
            label: m.demo ? `${path.basename(init.file)} (demo: made-up data)` : path.basename(init.file),
            readOnlyReason: m.readOnlyReason,
            openingNotice: m.notice,
            startedAhead: ahead !== undefined,
            count: remote('count'),
            rows: remote('rows'),
            indexOf: remote('indexOf'),
            ids: remote('ids'),
            openErrorCounts: remote('openErrorCounts'),
            detail: remote('detail'),
            exportRows: remote('exportRows'),
            errorGroups: remote('errorGroups'),
            daily: remote('daily'),
            codeCounts: remote('codeCounts'),
            nextMatch: remote('nextMatch'),
            rowsOf: remote('rowsOf'),
            unsaved: remote('unsaved'),
            distinctRuns: remote('distinctRuns'),
            settings: remote('settings'),
            act: remote('act'),
            flush: remote('flush'),
            health: remote('health'),
            prepareToWrite: () => void remote('prepareToWrite')().catch(() => {}),
            prepareToFilter: (tab) => void remote('prepareToFilter')(tab).catch(() => {}),
            expect: (views) => void remote('expect')(views).catch(() => {}),
            reopen: remote('reopen'),
            onStatus: (listener) => {
              statusListeners.add(listener);
              return () => statusListeners.delete(listener);
            },
            nextSave: () => new Promise((r) => saveWaiters.push(r)),
            onNotice: (listener) => {
              listeners.add(listener);
              return () => listeners.delete(listener);
            },
            close: async () => {
              dead = new Error('closed');
              await worker.terminate();
            },
          });
      }
    });
  });
}
