/**
 * The integrity check's thread: it reads the file through descriptors of its
 * own, and has closed them when it answers, also when the process's I/O pool
 * is busy at that moment.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkIntegrityInThread } from '../../src/db/index.js';
import { triageSnapshotAt } from '../fixtures.js';
import { descriptorsOn } from '../safety/support.js';

let dir: string;
let file: string;
beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'alogs-integrity-'));
  file = await triageSnapshotAt(path.join(dir, 'i.db'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('the integrity check in a thread', () => {
  it('answers once it has let go of the file it read, also while the I/O pool is busy', async () => {
    const script = new URL('./busy-pool-integrity-worker.mjs', import.meta.url);
    expect(await checkIntegrityInThread(file, undefined, script)).toEqual({});
    // Its last close waited behind 4 busy pool threads. Answering before it, the check would leave the file open a
    // while (a save then keeps a replaced version on disk); a thread stopped before it, for good.
    expect(await descriptorsOn(file)).toEqual([]);
  }, 30_000);
});
