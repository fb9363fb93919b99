/**
 * The database thread, started before the dashboard knows its file: the
 * thread's start (a fresh V8 and Node, its code, SQLite's wasm) takes about
 * as long as the main thread's loading of the command line, so the two run at
 * once (src/cli.ts starts it when the command line looks like the dashboard's).
 * The thread waits for its file in an 'init' message (worker.ts); a thread
 * that failed meanwhile is not handed out, and the dashboard starts a fresh one.
 */
import { Worker } from 'node:worker_threads';
import type { WorkerInit } from './worker-protocol.js';

/** The first message a waiting thread gets: its file and the session's settings. */
export interface InitMessage {
  kind: 'init';
  init: WorkerInit;
}

export interface WaitingThread {
  /** The thread, told to open `init.file`; undefined when it stopped or failed while waiting, or was claimed already. */
  claim(init: WorkerInit): Worker | undefined;
}

/** Starts `script` with no file; it keeps no process alive until it is claimed. */
export function startWaitingThread(script: URL): WaitingThread {
  let worker: Worker | undefined = new Worker(script);
  const lost = () => {
    worker = undefined;
  };
  worker.once('error', lost).once('exit', lost);
  worker.unref();
  return {
    claim(init) {
      const claimed = worker;
      worker = undefined;
      if (!claimed) return undefined;
      claimed.off('error', lost).off('exit', lost);
      claimed.ref();
      claimed.postMessage({ kind: 'init', init } satisfies InitMessage);
      return claimed;
    },
  };
}
