import fs from 'node:fs';
import path from 'node:path';
import { liveSidecar } from './access.js';
import { saveTarget } from './paths.js';

/** Another process that has the snapshot open for writing. */
export interface Writer {
  pid: number;
  /** Its program's name (/proc/PID/comm). */
  command: string;
}

const O_ACCMODE = 0o3;

/**
 * The processes other than this one that have `file` open for writing, found
 * as fuser does: every /proc/PID/fd link naming it, whose open flags
 * (/proc/PID/fdinfo) allow writes. Only the processes this user may inspect are
 * seen (all of them as root). Our own programs open snapshots read-only, so a
 * teammate's dashboard is never one.
 */
export function otherWriters(file: string): Writer[] {
  return writersAmong(otherPids(), saveTarget(file));
}

/**
 * otherWriters for a thread that must keep answering: the processes are
 * looked at a few dozen at a time, the thread's other work in between (on a
 * server with hundreds of processes the walk takes a tenth of a second).
 */
export async function otherWritersAsync(file: string): Promise<Writer[]> {
  const target = saveTarget(file);
  const pids = otherPids();
  const found: Writer[] = [];
  for (let i = 0; i < pids.length; i += PIDS_AT_A_TIME) {
    found.push(...writersAmong(pids.slice(i, i + PIDS_AT_A_TIME), target));
    await new Promise((resolve) => setImmediate(resolve));
  }
  return found;
}

const PIDS_AT_A_TIME = 32;

function otherPids(): string[] {
  try {
    return fs.readdirSync('/proc').filter((n) => /^\d+$/.test(n) && Number(n) !== process.pid);
  } catch {
    return [];
  }
}

/** Those of the processes `pids` that have `target` open for writing. */
function writersAmong(pids: string[], target: string): Writer[] {
  const found: Writer[] = [];
  for (const pid of pids) {
    let fds: string[];
    try {
      fds = fs.readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue; // another user's process, or gone
    }
    for (const fd of fds) {
      let link: string;
      try {
        link = fs.readlinkSync(`/proc/${pid}/fd/${fd}`);
      } catch {
        continue;
      }
      if (link !== target) continue;
      if (!writable(pid, fd)) continue;
      found.push({ pid: Number(pid), command: commandOf(pid) });
      break;
    }
  }
  return found;
}

function writable(pid: string, fd: string): boolean {
  try {
    const flags = /^flags:\s+([0-7]+)/m.exec(fs.readFileSync(`/proc/${pid}/fdinfo/${fd}`, 'utf8'))?.[1];
    return flags !== undefined && (parseInt(flags, 8) & O_ACCMODE) !== 0;
  } catch {
    return false;
  }
}

function commandOf(pid: string): string {
  try {
    return fs.readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  } catch {
    return 'a program';
  }
}

/** SQLite's lock bytes (its unix locking protocol): a writer holds RESERVED from its first write to its commit. */
const PENDING_BYTE = 0x40000000;
const RESERVED_BYTE = PENDING_BYTE + 1;

/**
 * Whether some process holds SQLite's RESERVED or PENDING lock on the file:
 * a write transaction in progress. Read from /proc/locks, which lists every
 * POSIX lock with its file's device and inode, whoever holds it.
 */
export function sqliteWriteInProgress(file: string): boolean {
  let locks: string;
  let st: fs.Stats;
  try {
    locks = fs.readFileSync('/proc/locks', 'utf8');
    st = fs.statSync(saveTarget(file));
  } catch {
    return false;
  }
  const major = Math.floor(st.dev / 256) & 0xfff;
  const minor = (st.dev & 0xff) | (Math.floor(st.dev / 4096) & ~0xff);
  const device = `${major.toString(16).padStart(2, '0')}:${minor.toString(16).padStart(2, '0')}:${st.ino}`;
  for (const line of locks.split('\n')) {
    // "1: POSIX  ADVISORY  WRITE 14469 fe:00:2147445 1073741825 1073741825" (OFDLCK for open-file-description locks)
    const f = line.trim().split(/\s+/);
    if (f.length < 8 || f[3] !== 'WRITE' || f[5] !== device) continue;
    const start = Number(f[6]);
    const end = f[7] === 'EOF' ? Infinity : Number(f[7]);
    if (start <= RESERVED_BYTE && end >= PENDING_BYTE) return true;
  }
  return false;
}

/**
 * Why the file must not be replaced right now because another program may be
 * writing it: a -wal or -journal beside it (a write in progress), or a process
 * that has it open for writing. A save of ours replaces the file by renaming a
 * new one over it, which would erase what such a program commits meanwhile.
 */
export function liveWriter(file: string): string | undefined {
  return writerBeforeWalk(file) ?? writersInWords(file, otherWriters(file));
}

/** liveWriter, with the walk over the processes taking turns with the thread's other work. */
export async function liveWriterAsync(file: string): Promise<string | undefined> {
  return writerBeforeWalk(file) ?? writersInWords(file, await otherWritersAsync(file));
}

/** What says a writer is at work without looking at every process: a -wal or -journal, SQLite's write lock. */
function writerBeforeWalk(file: string): string | undefined {
  const sidecar = liveSidecar(file);
  if (sidecar) return sidecar;
  if (sqliteWriteInProgress(file))
    return `another program is writing ${path.basename(saveTarget(file))} (it holds SQLite's write lock)`;
  return undefined;
}

function writersInWords(file: string, writers: Writer[]): string | undefined {
  if (writers.length === 0) return undefined;
  const named = writers
    .slice(0, 3)
    .map((w) => `${w.command} (pid ${w.pid})`)
    .join(', ');
  return `${named} ${writers.length === 1 ? 'has' : 'have'} ${path.basename(saveTarget(file))} open for writing`;
}
