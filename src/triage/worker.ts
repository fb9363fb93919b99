/**
 * The database's thread: the host of host.ts, wired to the thread's port. It
 * owns the snapshot, so no query, action or save can stall the terminal UI.
 * Its file comes as workerData, or, for a thread started before the file was
 * known (database-thread.ts), in an 'init' message; SQLite loads meanwhile.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { loadSqlJs } from '../db/index.js';
import type { InitMessage } from './database-thread.js';
import { createDatabaseHost, type HostRequest } from './host.js';
import type { WorkerInit } from './worker-protocol.js';

const port = parentPort!;

function serve(init: WorkerInit): void {
  const host = createDatabaseHost(init, (m) => port.postMessage(m));
  port.on('message', (req: HostRequest) => void host.handle(req).then((reply) => port.postMessage(reply)));
  void host.start();
}

if (workerData) serve(workerData as WorkerInit);
else {
  // A failure to load surfaces when the file is opened, with the file's name.
  loadSqlJs().catch(() => {});
  port.once('message', (m: InitMessage) => serve(m.init));
}
