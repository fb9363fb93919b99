import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { pathToFileURL } from 'node:url';
import { packagePath, SnapshotError } from '../db/index.js';
import type { SettingRow, SourceStatus, TriageSource } from './source.js';
import type { ExportResult } from './export.js';
import type { ErrorGroup } from './groups.js';
import type { DailyFigures } from './daily.js';
import type { ActionOutcome, Detail, DisplayRow, TabId } from './types.js';
import type { Health, Method, Notice, Opened, Reply, WorkerInit } from './worker-protocol.js';

export interface WorkerSource extends TriageSource {
  /** A line worth showing that arrived without being asked for (recovery, save failure, damage). */
  onNotice(listener: (text: string, ok: boolean) => void): () => void;
  /** The first notice (e.g. re-applied actions), if any, from opening. */
  readonly openingNotice: string | undefined;
  /** Resolves once every acknowledged action is in the snapshot file (or saving is impossible). */
  flush(): Promise<{ ok: boolean; message: string }>;
  /** Resolves once the background work is done (missing indexes); what it found, and how much of the file is in memory. */
  health(): Promise<Health>;
  /** Resolves after the next background save reports. */
  nextSave(): Promise<{ ok: boolean; text: string }>;
  close(): Promise<void>;
}

/** The worker's script: the built one (tsc's output or the bundle's entry: the same path), or given. */
const DEFAULT_SCRIPT = pathToFileURL(packagePath('dist/triage/worker.js'));

/**
 * Opens the snapshot in a worker thread and answers the UI from there, so a
 * slow query or a save never stalls keystrokes. Rejects with a SnapshotError
 * when the file cannot be opened.
 */
export function openWorkerSource(init: WorkerInit, script: URL = DEFAULT_SCRIPT): Promise<WorkerSource> {
  const worker = new Worker(script, { workerData: init });
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  const listeners = new Set<(text: string, ok: boolean) => void>();
  const statusListeners = new Set<(status: SourceStatus) => void>();
  const saveWaiters: ((r: { ok: boolean; text: string }) => void)[] = [];
  let nextId = 1;
  let dead: Error | undefined;

  const call = <T>(method: Method, ...args: unknown[]): Promise<T> => {
    if (dead) return Promise.reject(dead);
    const id = nextId++;
    return new Promise<T>((resolve, reject) => {
      pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      worker.postMessage({ id, method, args });
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
    worker.on('message', (m: Reply | Notice) => {
      switch (m.kind) {
        case 'reply': {
          const p = pending.get(m.id);
          pending.delete(m.id);
          if (m.ok) p?.resolve(m.value);
          else p?.reject(new Error(m.error));
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
            count: (tab, filters) => call<number>('count', tab, filters),
            rows: (tab, filters, offset, limit) => call<DisplayRow[]>('rows', tab, filters, offset, limit),
            indexOf: (tab, filters, id) => call<number>('indexOf', tab, filters, id),
            ids: (tab, filters) => call<number[]>('ids', tab, filters),
            openErrorCounts: () => call<Record<TabId, number>>('openErrorCounts'),
            detail: (tab, id) => call<Detail | undefined>('detail', tab, id),
            exportRows: (tab, filters, format) => call<ExportResult>('exportRows', tab, filters, format),
            errorGroups: () => call<ErrorGroup[]>('errorGroups'),
            daily: (tab, filters, days) => call<DailyFigures>('daily', tab, filters, days),
            codeCounts: (filters) => call<Record<string, number>>('codeCounts', filters),
            nextMatch: (tab, filters, keyword, fromId, direction) => call<number>('nextMatch', tab, filters, keyword, fromId, direction),
            rowsOf: (tab, ref) => call<number[]>('rowsOf', tab, ref),
            unsaved: () => call<number>('unsaved'),
            distinctRuns: (tab, ids) => call<{ distinct: number[]; same: number }>('distinctRuns', tab, ids),
            settings: () => call<SettingRow[]>('settings'),
            act: (tab, action, ids, value) => call<ActionOutcome>('act', tab, action, ids, value),
            flush: () => call<{ ok: boolean; message: string }>('flush'),
            health: () => call<Health>('health'),
            prepareToWrite: () => void call('prepareToWrite').catch(() => {}),
            reopen: () => call<Opened>('reopen'),
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
