import fs from 'node:fs';
import os from 'node:os';

/**
 * Which process wrote something beside a snapshot (a journal, a save lock), so
 * that another process can tell a live teammate's from one left by a crash.
 * The start time tells a reused pid from the process that wrote it.
 */
export interface ProcessId {
  pid: number;
  host: string;
  /** The process's start time in clock ticks since boot (/proc/PID/stat), or '' where there is no /proc. */
  started: string;
}

export function processAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function startTime(pid: number): string {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces and parentheses: fields are counted after its last ')'.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? '';
  } catch {
    return '';
  }
}

let self: ProcessId | undefined;
export function thisProcess(): ProcessId {
  self ??= { pid: process.pid, host: os.hostname(), started: startTime(process.pid) };
  return self;
}

export function isThisProcess(owner: ProcessId | undefined): boolean {
  const me = thisProcess();
  return owner !== undefined && owner.pid === me.pid && owner.host === me.host && owner.started === me.started;
}

/**
 * Whether the process that wrote `owner` may still be running. One on another
 * host cannot be asked, so it counts as running: its files are left alone.
 */
export function ownerAlive(owner: ProcessId | undefined): boolean {
  if (!owner || typeof owner.pid !== 'number') return false;
  if (owner.host !== os.hostname()) return true;
  if (!processAlive(owner.pid)) return false;
  const started = startTime(owner.pid);
  return !owner.started || !started || started === owner.started;
}
