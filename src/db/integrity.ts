/**
 * PRAGMA quick_check of a snapshot file in a thread of its own: it reads
 * every page (seconds on a big snapshot), and the thread that answers the
 * screen must not wait for it. The file is streamed (src/db/lazy-file.ts):
 * the check holds a few blocks at a time, not the file.
 */
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { packagePath } from './paths.js';
import type { DiskVersion } from './lazy-file.js';

export interface IntegrityReport {
  /** What PRAGMA quick_check found, in one line; undefined when the file is sound. */
  problem?: string;
  /** Why the check could not say: the file changed on disk (or could not be read) meanwhile. */
  unchecked?: string;
}

/** The built thread (tsc's output or the bundle's entry: the same path). */
const SCRIPT = pathToFileURL(packagePath('dist/db/integrity-worker.js'));

/** Checks the file at `file`, which must still be the version `expected`, in a worker thread. */
export function checkIntegrityInThread(
  file: string,
  expected: DiskVersion | undefined,
  script: URL = SCRIPT,
): Promise<IntegrityReport> {
  return new Promise((resolve) => {
    // Never stopped from here: it answers once it has closed the file, then ends by itself. A thread stopped while
    // a close waited in libuv's pool would keep the file (a replaced version: all its disk) open for good.
    const worker = new Worker(script, { workerData: { file, expected } });
    let done = false;
    const finish = (report: IntegrityReport) => {
      if (done) return;
      done = true;
      resolve(report);
    };
    worker.on('message', (report: IntegrityReport) => finish(report));
    worker.on('error', (err) => finish({ unchecked: `the integrity check stopped: ${err.message}` }));
    worker.on('exit', (code) => finish({ unchecked: `the integrity check stopped (exit ${code})` }));
  });
}
