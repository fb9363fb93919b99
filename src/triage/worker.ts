/**
 * The database's thread: the host of host.ts, wired to the thread's port. It
 * owns the snapshot, so no query, action or save can stall the terminal UI.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { createDatabaseHost, type HostRequest } from './host.js';
import type { WorkerInit } from './worker-protocol.js';

const port = parentPort!;
const host = createDatabaseHost(workerData as WorkerInit, (m) => port.postMessage(m));
port.on('message', (req: HostRequest) => void host.handle(req).then((reply) => port.postMessage(reply)));
void host.start();
