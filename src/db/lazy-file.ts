/**
 * The snapshot's bytes as sql.js's in-memory file, read from disk a block at
 * a time when SQLite asks for them.
 *
 * Why this leans on sql.js internals: sql.js 1.16.0 (pinned exactly in
 * package.json) keeps the object handed to `new SQL.Database(obj)` as the
 * contents of its in-memory (MEMFS) file, and touches it only through four
 * calls: `obj.slice(0, obj.length)` adopts it, a page read is
 * `file.subarray(start, end)`, a page write `file.set(bytes, offset)`, and the
 * file grows (or shrinks) by copying `file.subarray(0, size)` into a new array
 * once `file.length` is too short. sql.js exports no hook for its file system,
 * so this object is the hook, and nothing else in the app relies on those
 * calls. `adoptionProblem` checks at every open that sql.js still reads
 * through it; openSnapshot reads the whole file instead when it does not.
 *
 * Blocks are 64 KiB, a multiple of every SQLite page size, so a page never
 * straddles two blocks. A block never written is read from the file into one
 * of a few reused buffers (SQLite keeps the pages it uses in its own cache):
 * fresh memory costs more here than reading the file again from the system's
 * cache (touching 900 MB of new memory took 3.2 s, `cat` of the file 0.2 s).
 * A block that is written is read first (unless the write covers it), then
 * kept in memory for good: the page map of changed blocks is what a save
 * writes over a copy of the file. An access wider than a page (sql.js copying
 * its whole file) reads every block first, and the page map then no longer
 * says what changed: the next save writes the whole database.
 *
 * Never a mixed view: every read checks, after reading, that the file on disk
 * is still the one opened (size, mtime, inode, and the header's change
 * counter). After a change no block is read again: the read throws
 * FileChangedError, and so does every later one.
 */
import fs from 'node:fs';
import { SnapshotChangedError } from './snapshot-errors.js';
import type { FileStamp } from './stamp.js';
import { messageOf } from '../user-error.js';

export const BLOCK_SIZE = 64 * 1024;
/** Above glibc's largest mmap threshold (32 MiB): each chunk is mapped, so its untouched pages take no memory. */
const CHUNK_SIZE = 64 * 1024 * 1024;
/** SQLite's largest page: a longer access is not a page read or write. */
const MAX_PAGE = 65536;
/** The `length` sql.js sees once it adopted the file: it never needs to regrow (copy) a file this long. */
const ROOM = 2 ** 48;
/** Blocks read and not written are kept in this many reused buffers (2 MiB). */
const RECENT_BLOCKS = 32;
/** Whole-file loads read this much at a time, checking the file between reads. */
const BULK_READ = 8 * 1024 * 1024;

/** Not in memory: read from the file (through the recent buffers) when asked for. */
const ON_DISK = 0;
/** Kept in memory, the same as the file on disk (written, then saved; or past the file's end). */
const KEPT = 1;
/** Kept in memory and changed since the last save. */
const DIRTY = 2;

/** The file on disk changed since it was opened: nothing more is read from it. */
export class FileChangedError extends SnapshotChangedError {
  constructor(
    file: string,
    /** What changed, in a few words ("another program wrote to it"). */
    readonly what: string,
  ) {
    super(
      file,
      `changed on disk since it was opened (${what}); nothing more is read from it and actions are refused; reopen it to see the new version`,
    );
    this.name = 'FileChangedError';
  }
}

/** The version of the file on disk being read: its stamp and the header's file change counter. */
export interface DiskVersion {
  stamp: FileStamp;
  /** Header bytes 24..27: SQLite increments them on every committed change. */
  counter: number;
}

interface Origin {
  path: string;
  fd: number;
  version: DiskVersion;
}

/** A consistent copy of what changed since the last save, to write over a copy of the file on disk. */
export interface ChangedBlocks {
  /** The database's size in bytes. */
  size: number;
  blocks: { offset: number; bytes: Buffer }[];
  /** The header's change counter in these bytes. */
  counter: number;
  /** Blocks whose changes these are, marked changed again should the save fail. */
  readonly indexes: number[];
}

export class LazyFile {
  /** What sql.js's MEMFS compares with its heap; this file is never part of it. */
  readonly buffer = undefined;
  /** Kept blocks, in chunks allocated on first use. */
  private readonly chunks: (Buffer | undefined)[] = [];
  private state: Uint8Array;
  /** Blocks read and not kept: the most recently used last. */
  private readonly recent = new Map<number, Buffer>();
  private origin: Origin | undefined;
  /** Descriptors of the versions saves replaced, until releaseReplaced(). */
  private readonly replaced: number[] = [];
  /** Settles once every descriptor let go of so far is closed. */
  private closing: Promise<void> = Promise.resolve();
  /** Bytes of the file on disk (blocks past it start as zeros). */
  private diskSize: number;
  /** The database's size as sql.js sees it. */
  private bytes: number;
  private adopted = false;
  private whole = false;
  private changed: FileChangedError | undefined;
  private broken: FileChangedError | undefined;
  /** What sql.js asked for and what was read, for the open-time self-check, tests and the bench. */
  readonly stats = { adoptions: 0, reads: 0, writes: 0, wholeAccesses: 0, blocksRead: 0 };

  private constructor(origin: Origin | undefined, size: number) {
    this.origin = origin;
    this.diskSize = origin ? size : 0;
    this.bytes = size;
    this.state = new Uint8Array(Math.max(16, Math.ceil(size / BLOCK_SIZE)));
  }

  /**
   * Reads bytes of the file on disk straight from the descriptor this file
   * reads from (not its path, which a save by someone else may have pointed
   * at another file since): for the open-time self-check.
   */
  readDirect(into: Buffer, position: number): number {
    if (!this.origin) return 0;
    return fs.readSync(this.origin.fd, into, 0, into.length, position);
  }

  /** The file at `path`, opened for reading; nothing is read yet. */
  static open(path: string): LazyFile {
    const fd = fs.openSync(path, 'r');
    try {
      const version = readVersion(fd);
      return new LazyFile({ path, fd, version }, version.stamp.size);
    } catch (err) {
      fs.closeSync(fd);
      throw err;
    }
  }

  /** A file with no disk behind it, holding `image` (a new database). */
  static inMemory(image: Uint8Array): LazyFile {
    const file = new LazyFile(undefined, image.length);
    file.write(image, 0);
    return file;
  }

  /** sql.js reads the file's size from this before adopting it, and its room to grow after. */
  get length(): number {
    return this.adopted ? ROOM : this.bytes;
  }

  /** The database's size in bytes, as sql.js sees it. */
  get size(): number {
    return this.bytes;
  }

  /** Whether sql.js took this object as its file (the first call sql.js makes). */
  get isAdopted(): boolean {
    return this.adopted;
  }

  /** False once sql.js copied its whole file elsewhere: the page map then cannot say what changed. */
  get tracksChanges(): boolean {
    return !this.whole;
  }

  /** The version on disk the blocks come from; undefined for a file in memory. */
  get diskVersion(): DiskVersion | undefined {
    return this.origin?.version;
  }

  /** The path the blocks are read from; undefined for a file in memory. */
  get diskPath(): string | undefined {
    return this.origin?.path;
  }

  /** Blocks held in memory (kept, and recently read), and blocks the file has. */
  get residency(): { loaded: number; total: number } {
    let loaded = this.recent.size;
    const total = Math.ceil(this.bytes / BLOCK_SIZE);
    for (let b = 0; b < total; b++) if (this.state[b] !== ON_DISK) loaded++;
    return { loaded, total };
  }

  // ---- The calls sql.js makes ----

  slice(start: number, end: number): LazyFile | Uint8Array {
    if (!this.adopted && start === 0 && end === this.bytes) {
      this.adopted = true;
      this.stats.adoptions++;
      return this;
    }
    return Uint8Array.from(this.subarray(start, end));
  }

  subarray(start = 0, end = this.bytes): Uint8Array {
    this.stats.reads++;
    return this.insideSqlJs(() => this.read(start, Math.max(start, end)));
  }

  set(source: ArrayLike<number>, offset = 0): void {
    this.stats.writes++;
    this.insideSqlJs(() => this.write(source, offset));
  }

  /**
   * A read or write sql.js asked for that failed (the file changed): SQLite
   * was stopped in the middle of its work, so its state is not to be trusted.
   */
  get brokenBy(): FileChangedError | undefined {
    return this.broken;
  }

  private insideSqlJs<T>(run: () => T): T {
    try {
      return run();
    } catch (err) {
      if (err instanceof FileChangedError) this.broken = err;
      throw err;
    }
  }

  private read(start: number, end: number): Uint8Array {
    if (end - start > MAX_PAGE || (start === 0 && end > this.pageSize())) {
      this.keepWhole();
      return this.view(start, end);
    }
    const b = Math.floor(start / BLOCK_SIZE);
    if (Math.floor((end - 1) / BLOCK_SIZE) !== b && end > start) {
      // Not a page (pages never straddle blocks): keep the blocks it spans.
      this.keep(start, end);
      return this.view(start, end);
    }
    if (this.state[b] !== ON_DISK || b * BLOCK_SIZE >= this.diskSize) return this.view(start, end);
    const block = this.recentBlock(b);
    const at = start - b * BLOCK_SIZE;
    return block.subarray(at, at + (end - start));
  }

  // ---- Change detection ----

  /**
   * Throws FileChangedError when the file on disk is no longer the version
   * read: the file we read (size, mtime and the header's change counter, on
   * our descriptor) and the file at its path (its inode: another file renamed
   * into place). Each request and each save asks.
   */
  check(): void {
    this.compare(true);
  }

  /**
   * The check after each read of blocks: the file we read from, by its
   * descriptor (size, mtime, change counter). Another file renamed into its
   * place cannot mix into what is read from the descriptor, so the path is
   * left to check(), at each request and save (a third of the cost of a read).
   */
  private checkRead(): void {
    this.compare(false);
  }

  private compare(withPath: boolean): void {
    if (this.changed) throw this.changed;
    const origin = this.origin;
    if (!origin) return;
    let what: string | undefined;
    try {
      const ours = origin.version;
      const st = fs.fstatSync(origin.fd);
      const counter = counterOf(origin.fd);
      const atPath = withPath ? fs.statSync(origin.path) : undefined;
      if (atPath && atPath.ino !== ours.stamp.ino) what = 'another file was put in its place';
      else if (st.size !== ours.stamp.size) what = `its size went from ${ours.stamp.size} to ${st.size} bytes`;
      else if (counter !== ours.counter) what = 'another program wrote to it';
      else if (st.mtimeMs !== ours.stamp.mtimeMs) what = 'its modification time changed';
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      what =
        code === 'ENOENT' || code === 'ENOTDIR'
          ? 'it was moved or removed'
          : `it can no longer be checked: ${code ?? messageOf(err)}`;
    }
    if (what) {
      this.changed = new FileChangedError(origin.path, what);
      throw this.changed;
    }
  }

  /** Why reading stopped, if it did. */
  get changedOnDisk(): FileChangedError | undefined {
    return this.changed;
  }

  // ---- Saving ----

  /**
   * A copy of the blocks written since the last save, which are then marked
   * saved; undefined when the page map cannot say what changed (sql.js copied
   * its whole file, or `pageCount` x `pageSize` disagrees with what was seen).
   */
  takeChanges(pageCount: number, pageSize: number): ChangedBlocks | undefined {
    if (this.whole || pageCount * pageSize !== this.bytes || this.headerPageCount() !== pageCount) return undefined;
    const blocks: ChangedBlocks['blocks'] = [];
    const indexes: number[] = [];
    const total = Math.ceil(this.bytes / BLOCK_SIZE);
    for (let b = 0; b < total; b++) {
      if (this.state[b] !== DIRTY) continue;
      const offset = b * BLOCK_SIZE;
      const bytes = Buffer.from(this.view(offset, Math.min(this.bytes, offset + BLOCK_SIZE)));
      // As sql.js's export() does: the file on disk is in rollback-journal mode.
      if (b === 0) bytes[18] = bytes[19] = 1;
      blocks.push({ offset, bytes });
      indexes.push(b);
      this.state[b] = KEPT;
    }
    return { size: this.bytes, blocks, counter: this.header().readUInt32BE(24), indexes };
  }

  /** After a save that failed: its blocks still differ from the file on disk. */
  restoreChanges(changes: ChangedBlocks): void {
    for (const b of changes.indexes) this.state[b] = DIRTY;
  }

  /**
   * After a save: blocks not in memory are read from the new file from now on
   * (they are the same there), and its version is the one to check against.
   */
  savedAs(path: string, version: DiskVersion): void {
    const fd = fs.openSync(path, 'r');
    const old = this.origin;
    this.origin = { path, fd, version };
    this.diskSize = version.stamp.size;
    if (old) this.replaced.push(old.fd);
    try {
      this.check();
    } catch (err) {
      // The save is done (the file is in place): a program that wrote it since is for the next read to name.
      // Thrown from here, the save would count as failed, and its caller would apply its change a second time.
      if (!(err instanceof FileChangedError)) throw err;
    }
  }

  /** The bytes from `start` to `end` as they are now, chunk by chunk (for writing them out). */
  *ranges(start: number, end: number): Generator<Uint8Array> {
    this.keep(start, end);
    for (let at = start; at < end;) {
      const n = Math.min(end - at, CHUNK_SIZE - (at % CHUNK_SIZE));
      yield this.view(at, at + n);
      at += n;
    }
  }

  /**
   * Lets go of the versions saves replaced. The last descriptor of a replaced
   * file frees all of it as it closes (0.15 s for 1 GB on ext4, longer while
   * the disk writes back), and every fsync meanwhile (an action's journal
   * line) waits for that: so it is done off the thread, when the caller judges
   * no action is likely (see host.ts), never in the middle of a save.
   */
  releaseReplaced(): void {
    for (const fd of this.replaced.splice(0)) this.letGo(fd);
  }

  close(): void {
    this.releaseReplaced();
    if (this.origin) this.letGo(this.origin.fd);
    this.origin = undefined;
    this.chunks.length = 0;
    this.recent.clear();
  }

  /**
   * Settles once the descriptors let go of so far are closed: a thread that
   * ends before then leaves the close waiting in libuv's pool for good, and
   * the file (a replaced version: all its disk) open.
   */
  whenClosed(): Promise<void> {
    return this.closing;
  }

  private letGo(fd: number): void {
    // Settled to nothing: a chain of Promise.all results would keep one array per close for the whole session.
    this.closing = Promise.all([this.closing, closeOffThread(fd)]).then(() => undefined);
  }

  // ---- Internals ----

  private write(source: ArrayLike<number>, offset: number): void {
    const end = offset + source.length;
    this.keep(offset, end, true);
    const src = source instanceof Uint8Array ? source : Uint8Array.from(source);
    for (let at = offset; at < end;) {
      const chunk = this.chunk(Math.floor(at / CHUNK_SIZE));
      const inChunk = at % CHUNK_SIZE;
      const n = Math.min(end - at, CHUNK_SIZE - inChunk);
      chunk.set(src.subarray(at - offset, at - offset + n), inChunk);
      at += n;
    }
    for (let b = Math.floor(offset / BLOCK_SIZE); b * BLOCK_SIZE < end; b++) this.state[b] = DIRTY;
    this.bytes = Math.max(this.bytes, end);
  }

  private pageSize(): number {
    // Page 1's header gives it; until it was read, the largest page.
    const head = this.state[0] !== ON_DISK ? this.chunks[0] : this.recent.get(0);
    if (!head) return MAX_PAGE;
    const raw = head.readUInt16BE(16);
    return raw === 1 ? 65536 : raw >= 512 ? raw : MAX_PAGE;
  }

  private headerPageCount(): number {
    return this.header().readUInt32BE(28);
  }

  /** The database header as it is now (in memory, or on disk when never written). */
  private header(): Buffer {
    const bytes =
      this.state[0] !== ON_DISK || this.diskSize === 0 ? this.view(0, 100) : this.recentBlock(0).subarray(0, 100);
    return Buffer.from(bytes.buffer, bytes.byteOffset, 100);
  }

  private chunk(index: number): Buffer {
    let chunk = this.chunks[index];
    if (!chunk) this.chunks[index] = chunk = Buffer.alloc(CHUNK_SIZE);
    return chunk;
  }

  private ensureState(end: number): void {
    const need = Math.ceil(end / BLOCK_SIZE);
    if (need <= this.state.length) return;
    const grown = new Uint8Array(Math.max(need, this.state.length * 2));
    grown.set(this.state);
    this.state = grown;
  }

  /** A view of kept bytes start..end: one chunk's memory, or a copy where the range crosses chunks. */
  private view(start: number, end: number): Uint8Array {
    const index = Math.floor(start / CHUNK_SIZE);
    if (Math.floor((end - 1) / CHUNK_SIZE) === index || end <= start) {
      const at = start - index * CHUNK_SIZE;
      return this.chunk(index).subarray(at, at + (end - start));
    }
    const out = new Uint8Array(end - start);
    for (let at = start; at < end;) {
      const n = Math.min(end - at, CHUNK_SIZE - (at % CHUNK_SIZE));
      out.set(this.view(at, at + n), at - start);
      at += n;
    }
    return out;
  }

  /** sql.js takes its whole file at once (growth, truncation): every block first, and the page map no longer says what changed. */
  private keepWhole(): void {
    this.whole = true;
    this.stats.wholeAccesses++;
    this.keep(0, this.bytes);
  }

  /**
   * Keeps the blocks of start..end in memory, reading those not kept yet. For
   * a write (`forWrite`), blocks it covers whole, and blocks past the file on
   * disk, need no reading.
   */
  private keep(start: number, end: number, forWrite = false): void {
    this.ensureState(end);
    const first = Math.floor(start / BLOCK_SIZE);
    const last = Math.ceil(end / BLOCK_SIZE);
    for (let b = first; b < last;) {
      if (this.state[b] !== ON_DISK) {
        b++;
        continue;
      }
      const from = b * BLOCK_SIZE;
      if (from >= this.diskSize || (forWrite && from >= start && from + BLOCK_SIZE <= end)) {
        this.state[b++] = KEPT;
        continue;
      }
      const recent = this.recent.get(b);
      if (recent) {
        this.chunk(Math.floor(from / CHUNK_SIZE)).set(recent, from % CHUNK_SIZE);
        this.recent.delete(b);
        this.state[b++] = KEPT;
        continue;
      }
      // A run of blocks to read, at most BULK_READ and within the file on disk.
      let to = b + 1;
      while (
        to < last &&
        this.state[to] === ON_DISK &&
        !this.recent.has(to) &&
        (to - b) * BLOCK_SIZE < BULK_READ &&
        to * BLOCK_SIZE < this.diskSize
      )
        to++;
      this.readKept(b, to);
      b = to;
    }
  }

  /** Reads blocks fromBlock..toBlock-1 into kept memory. */
  private readKept(fromBlock: number, toBlock: number): void {
    const start = fromBlock * BLOCK_SIZE;
    const end = Math.min(toBlock * BLOCK_SIZE, this.diskSize);
    for (let at = start; at < end;) {
      const inChunk = at % CHUNK_SIZE;
      const n = Math.min(end - at, CHUNK_SIZE - inChunk);
      this.readInto(this.chunk(Math.floor(at / CHUNK_SIZE)), inChunk, n, at);
      at += n;
    }
    this.checkAfterRead(() => {
      for (let at = start; at < end; at += BLOCK_SIZE)
        this.chunk(Math.floor(at / CHUNK_SIZE)).fill(0, at % CHUNK_SIZE, (at % CHUNK_SIZE) + BLOCK_SIZE);
    });
    for (let b = fromBlock; b < toBlock; b++) this.state[b] = KEPT;
    this.stats.blocksRead += toBlock - fromBlock;
  }

  /** A block not kept: from the recent buffers, or read now into the least recently used one. */
  private recentBlock(b: number): Buffer {
    let block = this.recent.get(b);
    if (block) {
      this.recent.delete(b);
      this.recent.set(b, block);
      return block;
    }
    const oldest = this.recent.size >= RECENT_BLOCKS ? this.recent.keys().next().value : undefined;
    if (oldest !== undefined) {
      block = this.recent.get(oldest)!;
      this.recent.delete(oldest);
    } else {
      block = Buffer.allocUnsafe(BLOCK_SIZE);
    }
    const from = b * BLOCK_SIZE;
    const n = Math.min(BLOCK_SIZE, this.diskSize - from);
    this.readInto(block, 0, n, from);
    if (n < BLOCK_SIZE) block.fill(0, n);
    this.checkAfterRead(() => {});
    this.recent.set(b, block);
    this.stats.blocksRead++;
    return block;
  }

  private readInto(into: Buffer, offset: number, length: number, position: number): void {
    if (this.changed) throw this.changed;
    const origin = this.origin!;
    for (let done = 0; done < length;) {
      const got = fs.readSync(origin.fd, into, offset + done, length - done, position + done);
      if (got === 0) {
        // Shorter than it was: check() names the change.
        this.check();
        throw new FileChangedError(origin.path, 'it is shorter than when it was opened');
      }
      done += got;
    }
  }

  /** Checked after reading: a change made before or while the bytes were read is seen, and they are dropped. */
  private checkAfterRead(drop: () => void): void {
    try {
      this.checkRead();
    } catch (err) {
      drop();
      throw err;
    }
  }
}

/** Closes a descriptor in libuv's pool: closing the last one of a replaced file frees it, which takes a while. */
function closeOffThread(fd: number): Promise<void> {
  return new Promise((resolve) => fs.close(fd, () => resolve()));
}

const counterBytes = Buffer.alloc(4);
function counterOf(fd: number): number {
  return fs.readSync(fd, counterBytes, 0, 4, 24) === 4 ? counterBytes.readUInt32BE(0) : -1;
}

/** The version of the open file `fd`: its stamp and header change counter. */
export function readVersion(fd: number): DiskVersion {
  const st = fs.fstatSync(fd);
  return { stamp: { size: st.size, mtimeMs: st.mtimeMs, ino: st.ino }, counter: counterOf(fd) };
}

/** The version of the file at `path`, or undefined when it cannot be read. */
export function diskVersionOf(path: string): DiskVersion | undefined {
  let fd: number | undefined;
  try {
    fd = fs.openSync(path, 'r');
    return readVersion(fd);
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

export function sameVersion(a: DiskVersion, b: DiskVersion): boolean {
  return (
    a.counter === b.counter &&
    a.stamp.size === b.stamp.size &&
    a.stamp.mtimeMs === b.stamp.mtimeMs &&
    a.stamp.ino === b.stamp.ino
  );
}

/** The header fields SQLite reports through PRAGMAs, read straight from the first 100 bytes. */
export interface HeaderFields {
  page_size: number;
  freelist_count: number;
  schema_version: number;
  user_version: number;
  application_id: number;
}

export function headerFields(header: Uint8Array): HeaderFields {
  const view = Buffer.from(header.buffer, header.byteOffset, Math.min(100, header.byteLength));
  const raw = view.readUInt16BE(16);
  return {
    page_size: raw === 1 ? 65536 : raw,
    freelist_count: view.readUInt32BE(36),
    schema_version: view.readInt32BE(40),
    user_version: view.readInt32BE(60),
    application_id: view.readInt32BE(68),
  };
}

/**
 * Whether sql.js reads its file through `file` as 1.16.0 does: undefined
 * when it does, else what differs. `pragma` runs a PRAGMA on the database
 * sql.js built over `file`. The header fields SQLite reports (read through
 * this object) must equal the file's own bytes, sql.js must have read through
 * `subarray`, and a block read through that same path must equal the file.
 */
export function adoptionProblem(file: LazyFile, pragma: (name: keyof HeaderFields) => number): string | undefined {
  const problem = selfCheck(file, pragma);
  // A difference a producer's write made in between is no fault of sql.js: FileChangedError, and the open reads again.
  if (problem !== undefined) file.check();
  return problem;
}

function selfCheck(file: LazyFile, pragma: (name: keyof HeaderFields) => number): string | undefined {
  if (!file.isAdopted) return 'it did not take the file object as its file';
  if (!file.diskPath) return undefined;
  const direct = Buffer.alloc(BLOCK_SIZE);
  const got = file.readDirect(direct, 0);
  const expected = headerFields(direct.subarray(0, 100));
  for (const name of Object.keys(expected) as (keyof HeaderFields)[]) {
    let seen: number;
    try {
      seen = Number(pragma(name));
    } catch (err) {
      return `PRAGMA ${name} failed: ${String((err as Error)?.message ?? err).replace(/\s+/g, ' ')}`;
    }
    if (seen !== expected[name]) return `PRAGMA ${name} gave ${seen}, the file says ${expected[name]}`;
  }
  if (file.stats.reads === 0) return 'it read no page through the file object';
  const block = file.subarray(0, Math.min(got, expected.page_size));
  if (!Buffer.from(block).equals(direct.subarray(0, block.length)))
    return 'a block read through the file object differs from the file';
  return undefined;
}
