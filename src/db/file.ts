import { execFile, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SnapshotError, WriterBusyError } from './snapshot-errors.js';
import { liveWriter, liveWriterAsync, sqliteWriteInProgress } from './writers.js';
import { saveTarget } from './paths.js';
import { processAlive } from './owner-process.js';
import { type ChangedBlocks, type DiskVersion, FileChangedError, readVersion, sameVersion } from './lazy-file.js';

const CHUNK = 256 * 1024 * 1024;
const READ_CHUNK = 8 * 1024 * 1024;
/** Reads in flight at once: libuv's default thread pool has four threads. */
const READS_IN_FLIGHT = 4;

/**
 * Reads a whole file into a Buffer (sql.js keeps a Buffer as the database image
 * instead of copying it: one copy of a big file, not two). Several reads are in
 * flight at once: a 918 MB snapshot read in 0.6 s from disk and 0.23 s from
 * the page cache, against 0.9 s and 0.4 s for one readFileSync. A file that
 * shrank meanwhile gives the bytes that were there.
 */
export async function readWholeFile(file: string): Promise<Buffer> {
  const handle = await fs.promises.open(file, 'r');
  try {
    const size = (await handle.stat()).size;
    const out = Buffer.allocUnsafe(size);
    let next = 0;
    let end = size;
    const reader = async () => {
      for (let start = next; start < end; start = next) {
        next += READ_CHUNK;
        const stop = Math.min(start + READ_CHUNK, size);
        for (let at = start; at < stop;) {
          const { bytesRead } = await handle.read(out, at, stop - at, at);
          if (bytesRead === 0) {
            end = Math.min(end, at);
            break;
          }
          at += bytesRead;
        }
      }
    };
    await Promise.all(Array.from({ length: READS_IN_FLIGHT }, reader));
    return end < size ? out.subarray(0, end) : out;
  } finally {
    await handle.close();
  }
}

/** `.NAME.PID.RANDOM.tmp` beside NAME: the pid says whether the writer still lives. */
function tempPath(target: string): string {
  return path.join(
    path.dirname(target),
    `.${path.basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`,
  );
}

function tempPattern(base: string): RegExp {
  return new RegExp(`^\\.${base.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.(\\d+)\\.[0-9a-f]+\\.tmp$`);
}

/**
 * Removes temporary files that an earlier save of `target` left behind when
 * its process was killed. Only files whose writer is gone are removed: a
 * concurrent save by a live process keeps its temporary file. Returns the
 * names removed.
 */
export function removeStaleTemps(target: string): string[] {
  const dir = path.dirname(target);
  const pattern = tempPattern(path.basename(target));
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    const m = pattern.exec(name);
    if (!m || processAlive(Number(m[1]))) continue;
    try {
      fs.rmSync(path.join(dir, name), { force: true });
      removed.push(name);
    } catch {
      // Not ours to remove (permissions); it is never read as the snapshot anyway.
    }
  }
  return removed;
}

/**
 * Replaces `file` with `bytes` so that a crash or kill at any point leaves
 * either the old or the new file: a temporary file in the same folder, fsync,
 * rename over the file, fsync of the folder. The file's permissions (and, when
 * run as root, its owner) carry over. A failure leaves the file as it was and
 * is reported as a SnapshotError naming it.
 */
export function writeFileAtomic(file: string, bytes: Uint8Array): void {
  writePartsAtomic(file, [bytes]);
}

/**
 * writeFileAtomic with the file's bytes written and fsynced off the thread's
 * event loop, so a thread that saves a big snapshot keeps answering meanwhile.
 * `bytes` must not change until it resolves.
 */
export async function writeFileAtomicAsync(file: string, bytes: Uint8Array): Promise<void> {
  const { target, tmp } = saveFiles(file);
  try {
    const existing = statOrUndefined(target);
    const handle = await fs.promises.open(tmp, 'wx', newFileMode(existing));
    try {
      if (existing) keepOwnerAndMode(handle.fd, existing);
      // Chunks small enough that the thread answers between them.
      for (let off = 0; off < bytes.length;)
        off += (await handle.write(bytes, off, Math.min(WRITE_CHUNK, bytes.length - off))).bytesWritten;
      await handle.sync();
    } finally {
      await handle.close();
    }
    renameIntoPlace(target, tmp);
  } catch (err) {
    throw abandon(file, tmp, err);
  }
}

const WRITE_CHUNK = 16 * 1024 * 1024;

/**
 * Replaces `file` with the version read (`base`) plus the changed blocks, as
 * atomically as writeFileAtomic: the kernel copies the file on disk to the
 * temporary file (copy_file_range, or a reflink where the file system has
 * them), only the changed blocks are written over the copy, then fsync,
 * rename, fsync of the folder. Refused, with nothing written, when the file on
 * disk is not `base` any more, before or after the copy. Returns the new
 * file's version.
 */
export function writeChangesAtomic(file: string, base: DiskVersion, changes: ChangedBlocks): DiskVersion {
  const { target, tmp } = saveFiles(file);
  try {
    const existing = unchangedSince(file, target, base);
    fs.copyFileSync(target, tmp, COPY_TO_NEW);
    const fd = fs.openSync(tmp, 'r+');
    let ino: number;
    try {
      keepOwnerAndMode(fd, existing);
      for (const { offset, bytes } of changes.blocks) {
        for (let off = 0; off < bytes.length;) off += fs.writeSync(fd, bytes, off, bytes.length - off, offset + off);
      }
      if (fs.fstatSync(fd).size !== changes.size) fs.ftruncateSync(fd, changes.size);
      fs.fsyncSync(fd);
      ino = fs.fstatSync(fd).ino;
    } finally {
      fs.closeSync(fd);
    }
    keepExtendedAttributes(target, tmp);
    noOtherWriter(file);
    return renameChecked(file, target, tmp, base, ino, changes.counter);
  } catch (err) {
    throw abandon(file, tmp, err);
  }
}

/**
 * writeChangesAtomic with the copy, the writes and the fsync off the thread's
 * event loop, so a thread that saves keeps answering meanwhile. `changes` must
 * not change until it resolves.
 */
export async function writeChangesAtomicAsync(
  file: string,
  base: DiskVersion,
  changes: ChangedBlocks,
): Promise<DiskVersion> {
  const { target, tmp } = saveFiles(file);
  try {
    const existing = unchangedSince(file, target, base);
    await copyAtLowPriority(target, tmp);
    const handle = await fs.promises.open(tmp, 'r+');
    let ino: number;
    try {
      keepOwnerAndMode(handle.fd, existing);
      for (const { offset, bytes } of changes.blocks) {
        for (let off = 0; off < bytes.length;)
          off += (await handle.write(bytes, off, bytes.length - off, offset + off)).bytesWritten;
      }
      if ((await handle.stat()).size !== changes.size) await handle.truncate(changes.size);
      // The fsync writes the whole copy to disk, with its CPU work done by the caller: at low priority too.
      if (!(await atLowPriority('sync', ['--', tmp]))) await handle.sync();
      ino = (await handle.stat()).ino;
    } finally {
      await handle.close();
    }
    // Both take a while (a process to start, every process to look at): the thread answers meanwhile.
    await keepExtendedAttributesAsync(target, tmp);
    const who = await liveWriterAsync(file);
    if (who) throw new WriterBusyError(file, who);
    return renameChecked(file, target, tmp, base, ino, changes.counter);
  } catch (err) {
    throw abandon(file, tmp, err);
  }
}

/**
 * The kernel's copy of `target` into the new file `tmp`, as COPY_TO_NEW, for a
 * save that runs while the program answers keys: a reflink where the file
 * system has them (no copy at all); else `cat` (copy_file_range since
 * coreutils 9) at the lowest CPU priority. Copied in one of our own threads,
 * the copy's CPU time (a quarter of a second for 1 GB) came out of the
 * dashboard's share of the cores (Linux shares them between sessions first):
 * a page key during a save took 45 ms median, p95 58-59, against 39 and
 * 48-56 at low priority. Where `cat` is missing or fails, the copy is made in
 * process, which also gives the failure its error code (ENOSPC).
 */
async function copyAtLowPriority(target: string, tmp: string): Promise<void> {
  try {
    await fs.promises.copyFile(target, tmp, fs.constants.COPYFILE_EXCL | fs.constants.COPYFILE_FICLONE_FORCE);
    return;
  } catch (err) {
    if (!NO_REFLINK.has((err as NodeJS.ErrnoException).code ?? '')) throw err;
  }
  const handle = await fs.promises.open(tmp, 'wx', 0o600);
  let copied = false;
  try {
    copied = await atLowPriority('cat', ['--', target], handle.fd);
  } finally {
    await handle.close();
  }
  if (!copied) await fs.promises.copyFile(target, tmp, fs.constants.COPYFILE_FICLONE);
}

/** What copyFile says of a reflink the file system cannot make. */
const NO_REFLINK = new Set(['ENOTSUP', 'EOPNOTSUPP', 'EXDEV', 'EINVAL', 'ENOSYS', 'ENOTTY']);

/** Runs `command` at nice 19, its output into `stdout`; false when it could not run or failed. */
function atLowPriority(command: string, args: string[], stdout: number | 'ignore' = 'ignore'): Promise<boolean> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: ['ignore', stdout, 'ignore'] });
    try {
      if (child.pid !== undefined) os.setPriority(child.pid, LOWEST_PRIORITY);
    } catch {
      // Gone already, or not allowed: it runs at the usual priority.
    }
    child.on('error', () => resolve(false));
    child.on('close', (code) => resolve(code === 0));
  });
}

const LOWEST_PRIORITY = 19;

/**
 * Renames the finished copy `tmp` (its attributes copied, no other writer
 * found) over the file, unless a program wrote the file while it was being
 * copied, or is writing it now: its version is kept, ours is not written.
 * Returns the new file's version.
 */
function renameChecked(
  file: string,
  target: string,
  tmp: string,
  base: DiskVersion,
  ino: number,
  counter: number,
): DiskVersion {
  // The last checks, cheapest, right before the rename: no write transaction in progress (its commit would go
  // into the replaced file), then none committed since the file was read.
  noWriteInProgress(file);
  unchangedSince(file, target, base);
  moveIntoPlace(target, tmp);
  return savedVersion(file, target, ino, counter);
}

/** Throws WriterBusyError while another program may be writing the file (see liveWriter). */
function noOtherWriter(file: string): void {
  const who = liveWriter(file);
  if (who) throw new WriterBusyError(file, who);
}

/**
 * The last check before the rename, the cheapest: no SQLite write transaction
 * in progress on the file (its writer would commit into the replaced file).
 */
function noWriteInProgress(file: string): void {
  if (sqliteWriteInProgress(file))
    throw new WriterBusyError(
      file,
      `another program is writing ${path.basename(saveTarget(file))} (it holds SQLite's write lock)`,
    );
}

/** The file's stat when it is still the version `base`; else a FileChangedError. */
function unchangedSince(file: string, target: string, base: DiskVersion): fs.Stats {
  let fd: number | undefined;
  try {
    fd = fs.openSync(target, 'r');
    if (sameVersion(readVersion(fd), base)) return fs.fstatSync(fd);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT' && code !== 'ENOTDIR') throw err;
    throw new FileChangedError(file, 'it was moved or removed');
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
  throw new FileChangedError(file, 'another program wrote it; not overwriting it');
}

/** The version just renamed into place (a program that replaced it since is seen at the next check). */
function savedVersion(file: string, target: string, ino: number, counter: number): DiskVersion {
  const st = fs.statSync(target);
  if (st.ino !== ino) throw new FileChangedError(file, 'another file was put in its place while it was being saved');
  return { stamp: { size: st.size, mtimeMs: st.mtimeMs, ino: st.ino }, counter };
}

/**
 * Writes `parts` (in order, `size` bytes in all) as a new file that replaces
 * `file` atomically: for a database in memory that is bigger than one array
 * can be.
 */
export function writePartsAtomic(file: string, parts: Iterable<Uint8Array>): void {
  const { target, tmp } = saveFiles(file);
  try {
    writeTemp(tmp, target, parts);
    renameIntoPlace(target, tmp);
  } catch (err) {
    throw abandon(file, tmp, err);
  }
}

/**
 * Copies `source` to a new file `file` that must not exist yet (a backup),
 * with the kernel: it appears complete or not at all, and an existing file
 * of that name is never replaced. Returns false, writing nothing, when the
 * name is taken; throws FileChangedError when `source` is no longer `base`.
 */
export function copyToNewFile(source: string, base: DiskVersion, file: string): boolean {
  return linkNewFile(file, (tmp) => {
    unchangedSince(source, saveTarget(source), base);
    fs.copyFileSync(saveTarget(source), tmp, COPY_TO_NEW);
    const fd = fs.openSync(tmp, 'r');
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    unchangedSince(source, saveTarget(source), base);
  });
}

/**
 * Writes a new file that must not exist yet (a backup): it appears complete or
 * not at all, and an existing file of that name is never replaced. Returns
 * false, writing nothing, when the name is taken.
 */
export function writeNewFile(file: string, bytes: Uint8Array): boolean {
  return linkNewFile(file, (tmp, target) => writeTemp(tmp, target, [bytes]));
}

/** Makes the new file `file` from a temporary one `make` fills; false, with nothing left behind, when the name is taken. */
function linkNewFile(file: string, make: (tmp: string, target: string) => void): boolean {
  const target = path.resolve(file);
  if (fs.existsSync(target)) return false;
  const tmp = tempPath(target);
  try {
    make(tmp, target);
    // link() fails when the name exists, where rename() would replace it.
    fs.linkSync(tmp, target);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw saveError(file, err);
  } finally {
    fs.rmSync(tmp, { force: true });
  }
  syncDir(path.dirname(target));
  return true;
}

/** Writes `parts` into the new temporary file `tmp` and fsyncs it; `target`'s owner and mode carry over. */
function writeTemp(tmp: string, target: string, parts: Iterable<Uint8Array>): void {
  const existing = statOrUndefined(target);
  const fd = fs.openSync(tmp, 'wx', newFileMode(existing));
  try {
    if (existing) keepOwnerAndMode(fd, existing);
    for (const part of parts) {
      for (let off = 0; off < part.length;) off += fs.writeSync(fd, part, off, Math.min(CHUNK, part.length - off));
    }
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** Where a save of `file` writes: the file it replaces (a link's target) and a fresh temporary file beside it. */
function saveFiles(file: string): { target: string; tmp: string } {
  const target = saveTarget(file);
  removeStaleTemps(target);
  return { target, tmp: tempPath(target) };
}

/** A temporary file's mode at creation: the usual mode less the umask for a new file; a replacement gets the old file's below. */
function newFileMode(existing: fs.Stats | undefined): number {
  return existing ? 0o600 : 0o666;
}

/** The kernel's copy (or a reflink) into a temporary file that must not exist yet. */
const COPY_TO_NEW = fs.constants.COPYFILE_EXCL | fs.constants.COPYFILE_FICLONE;

/** The finished temporary file takes the file's place, with the file's ACLs and extended attributes. */
function renameIntoPlace(target: string, tmp: string): void {
  keepExtendedAttributes(target, tmp);
  moveIntoPlace(target, tmp);
}

/** The atomic step of a save: the rename, then the folder's fsync so the rename itself survives a crash. */
function moveIntoPlace(target: string, tmp: string): void {
  fs.renameSync(tmp, target);
  syncDir(path.dirname(target));
}

/** A save that failed: its temporary file goes, and the error names the file. */
function abandon(file: string, tmp: string, err: unknown): Error {
  fs.rmSync(tmp, { force: true });
  return saveError(file, err);
}

function statOrUndefined(file: string): fs.Stats | undefined {
  try {
    return fs.statSync(file);
  } catch {
    return undefined;
  }
}

/**
 * The new file gets the old one's exact permissions (open() would apply the
 * umask), and root saving someone's snapshot does not take it over.
 */
function keepOwnerAndMode(fd: number, existing: fs.Stats): void {
  if (process.getuid?.() === 0 && (existing.uid !== 0 || existing.gid !== 0)) {
    try {
      fs.fchownSync(fd, existing.uid, existing.gid);
    } catch {
      // A file system without owners (FAT, some network mounts): the content matters more.
    }
  }
  fs.fchmodSync(fd, existing.mode & 0o777);
}

/**
 * A file's POSIX ACLs and extended attributes (a SELinux label, a backup tool's
 * marks) belong to its inode, which a save replaces: they are copied onto the
 * new file first. Node has no call for them; GNU cp copies only them with
 * --attributes-only. Where cp cannot (another cp, a file system without them),
 * the file is saved all the same.
 */
function keepExtendedAttributes(target: string, tmp: string): void {
  if (!fs.existsSync(target)) return;
  spawnSync('cp', attributesOnly(target, tmp), { stdio: 'ignore', timeout: 10_000 });
}

/** keepExtendedAttributes without holding up the thread while cp runs. */
async function keepExtendedAttributesAsync(target: string, tmp: string): Promise<void> {
  if (!fs.existsSync(target)) return;
  await new Promise<void>((resolve) => {
    execFile('cp', attributesOnly(target, tmp), { timeout: 10_000 }, () => resolve());
  });
}

const attributesOnly = (target: string, tmp: string) => [
  '--attributes-only',
  '--preserve=mode,xattr',
  '--',
  target,
  tmp,
];

function saveError(file: string, err: unknown): Error {
  if (err instanceof SnapshotError) return err;
  const code = (err as NodeJS.ErrnoException)?.code;
  const why: Record<string, string> = {
    ENOSPC: 'no space left on the device',
    EDQUOT: 'disk quota exceeded',
    EACCES: 'permission denied',
    EPERM: 'permission denied',
    EROFS: 'the file system is read-only',
    ENOENT: 'its folder does not exist',
    EEXIST: 'a file of that name already exists',
    EISDIR: 'it is a directory',
    EXDEV: 'the temporary file landed on another file system',
  };
  const problem =
    (code && why[code]) ??
    String((err as Error)?.message ?? err)
      .replace(/\s+/g, ' ')
      .trim();
  return new SnapshotError(file, `could not be written (${problem}); the file on disk is unchanged`);
}

function syncDir(dir: string): void {
  let fd: number | undefined;
  try {
    fd = fs.openSync(dir, 'r');
    fs.fsyncSync(fd);
  } catch {
    // Some file systems refuse fsync on a folder; the rename is still atomic there.
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/** Whether two paths name the same folder (symlinks followed). */
export function sameFolder(a: string, b: string): boolean {
  try {
    return fs.realpathSync(a) === fs.realpathSync(b);
  } catch {
    return path.resolve(a) === path.resolve(b);
  }
}
