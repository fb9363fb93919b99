/** The thread of checkIntegrityInThread (src/db/integrity.ts). */
import { parentPort, workerData } from 'node:worker_threads';
import { quickCheckFile } from './open.js';
import type { DiskVersion } from './lazy-file.js';

const { file, expected } = workerData as { file: string; expected: DiskVersion | undefined };
parentPort!.postMessage(await quickCheckFile(file, expected));
