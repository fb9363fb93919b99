// The integrity check's thread (src/db/integrity-worker.ts) as a busy process
// meets it: libuv's pool (4 threads, shared by every thread) is taken just
// before the check, so the descriptor it closes as it ends waits in the pool.
import crypto from 'node:crypto';
import { parentPort, workerData } from 'node:worker_threads';
import { loadSqlJs } from '../../dist/db/sqljs.js';
import { quickCheckFile } from '../../dist/db/open.js';

await loadSqlJs();
for (let i = 0; i < 4; i++) crypto.pbkdf2('busy', 'pool', 300_000, 32, 'sha512', () => {});
parentPort.postMessage(await quickCheckFile(workerData.file, workerData.expected));
