import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SnapshotError } from '../../src/db/snapshot-errors.js';
import { removeStaleTemps, writeFileAtomic, writeNewFile } from '../../src/db/file.js';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'alogs-file-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

/** A pid that belonged to a process which has ended. */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(r.stdout);
}

describe('writeFileAtomic', () => {
  it('replaces the file and leaves nothing else in the folder', () => {
    const file = path.join(dir, 's.db');
    fs.writeFileSync(file, 'old');
    writeFileAtomic(file, Buffer.from('new'));
    expect(fs.readFileSync(file, 'utf8')).toBe('new');
    expect(fs.readdirSync(dir)).toEqual(['s.db']);
  });

  it('keeps the exact permissions of the file it replaces (the umask does not apply)', () => {
    const file = path.join(dir, 's.db');
    fs.writeFileSync(file, 'old');
    fs.chmodSync(file, 0o664);
    const umask = process.umask(0o077);
    try {
      writeFileAtomic(file, Buffer.from('new'));
    } finally {
      process.umask(umask);
    }
    expect(fs.statSync(file).mode & 0o777).toBe(0o664);
  });

  it.runIf(process.getuid?.() === 0)("run as root, leaves the owner of a user's file in place", () => {
    const file = path.join(dir, 's.db');
    fs.writeFileSync(file, 'old');
    fs.chownSync(file, 65534, 65534);
    writeFileAtomic(file, Buffer.from('new'));
    const st = fs.statSync(file);
    expect([st.uid, st.gid]).toEqual([65534, 65534]);
    expect(fs.readFileSync(file, 'utf8')).toBe('new');
  });

  it('follows a symlink: the snapshot it points at is replaced, the link stays a link', () => {
    const real = path.join(dir, 'real.db');
    const link = path.join(dir, 'link.db');
    fs.writeFileSync(real, 'old');
    fs.symlinkSync(real, link);
    writeFileAtomic(link, Buffer.from('new'));
    expect(fs.lstatSync(link).isSymbolicLink()).toBe(true);
    expect(fs.readFileSync(real, 'utf8')).toBe('new');
    expect(fs.readdirSync(dir).sort()).toEqual(['link.db', 'real.db']);
  });

  it('reports a failed save as a SnapshotError naming the file, and leaves no temporary file', () => {
    const file = path.join(dir, 'missing-folder', 's.db');
    let err: unknown;
    try {
      writeFileAtomic(file, Buffer.from('new'));
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(SnapshotError);
    expect((err as Error).message).toBe(
      `${file}: could not be written (its folder does not exist); the file on disk is unchanged`,
    );
    const target = path.join(dir, 'taken');
    fs.mkdirSync(target);
    expect(() => writeFileAtomic(target, Buffer.from('x'))).toThrow(/taken: could not be written/);
    expect(fs.readdirSync(dir)).toEqual(['taken']);
  });

  it('removes the temporary files of saves whose process was killed, and only those', () => {
    const file = path.join(dir, 's.db');
    fs.writeFileSync(file, 'old');
    const dead = deadPid();
    const stale = `.s.db.${dead}.0a1b2c3d.tmp`;
    // A save in progress in a live process (this one's parent, which outlives the test).
    const live = `.s.db.${process.ppid}.0a1b2c3d.tmp`;
    const otherSnapshot = `.other.db.${dead}.0a1b2c3d.tmp`;
    const lookalike = `.s.db.${dead}.tmp`;
    for (const name of [stale, live, otherSnapshot, lookalike]) fs.writeFileSync(path.join(dir, name), 'partial');
    writeFileAtomic(file, Buffer.from('new'));
    expect(fs.readdirSync(dir).sort()).toEqual([live, otherSnapshot, lookalike, 's.db'].sort());
    expect(removeStaleTemps(path.join(dir, 'other.db'))).toEqual([otherSnapshot]);
  });
});

describe('writeNewFile', () => {
  it('writes a new file, and never replaces one that exists', () => {
    const file = path.join(dir, 'b.bak');
    expect(writeNewFile(file, Buffer.from('first'))).toBe(true);
    expect(writeNewFile(file, Buffer.from('second'))).toBe(false);
    expect(fs.readFileSync(file, 'utf8')).toBe('first');
    expect(fs.readdirSync(dir)).toEqual(['b.bak']);
  });
});
