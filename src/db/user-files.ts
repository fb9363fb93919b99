/**
 * The files amazon-logs keeps for the user, where the XDG base directories say:
 * the config file, the demo snapshot (a cache: it can be made again), and the
 * debug log (state).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { UserError, messageOf } from '../user-error.js';

type Env = Record<string, string | undefined>;

function home(env: Env): string {
  return env.HOME || os.homedir();
}

function base(env: Env, variable: string, fallback: string): string {
  const v = env[variable];
  // The spec ignores a relative path in these variables.
  return v && path.isAbsolute(v) ? v : path.join(home(env), fallback);
}

export function configPath(env: Env = process.env): string {
  return path.join(base(env, 'XDG_CONFIG_HOME', '.config'), 'amazon-logs', 'config.json');
}

export function demoPath(env: Env = process.env): string {
  return path.join(base(env, 'XDG_CACHE_HOME', '.cache'), 'amazon-logs', 'demo.db');
}

export function debugLogPath(env: Env = process.env): string {
  return path.join(base(env, 'XDG_STATE_HOME', path.join('.local', 'state')), 'amazon-logs', 'debug.log');
}

/** A config file that cannot be read or is not JSON. */
export class ConfigFileError extends UserError {
  constructor(
    readonly file: string,
    problem: string,
    /** The system's error code when the file could not be read at all (EACCES). */
    readonly code?: string,
  ) {
    super(`${file}: ${problem}`);
    this.name = 'ConfigFileError';
  }
}

/** The config file's JSON, or undefined when there is none. */
export function readConfigFile(file: string): unknown {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw new ConfigFileError(file, `cannot be read (${code ?? 'error'})`, code ?? 'EIO');
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new ConfigFileError(file, `is not valid JSON (${messageOf(err)})`);
  }
}

/** Whether the file's folder belongs to this user (a config in another user's home is not meant for us). */
export function inOwnFolder(file: string): boolean {
  try {
    return fs.statSync(path.dirname(file)).uid === process.getuid?.();
  } catch {
    return false;
  }
}

/** Makes the folder a user file goes in (private to the user). */
export function ensureFolder(file: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
}

/**
 * The debug log (AMAZON_LOGS_DEBUG=1): one line per event, appended; a failure to
 * write it never stops the program it describes.
 */
export function appendDebugLog(file: string, line: string): void {
  try {
    ensureFolder(file);
    fs.appendFileSync(file, `${new Date().toISOString()} [${process.pid}] ${line}\n`, { mode: 0o600 });
  } catch {
    // The log is an aid; the program goes on without it.
  }
}

/**
 * Sets one key of the config file, keeping every other key as it is; the file
 * is replaced atomically (a temporary file renamed over it). Only an existing
 * file is changed: false when there is none.
 */
export function updateConfigFile(file: string, key: string, value: unknown): boolean {
  const current = readConfigFile(file);
  if (current === undefined) return false;
  if (current === null || typeof current !== 'object' || Array.isArray(current))
    throw new ConfigFileError(file, 'must hold a JSON object');
  const next = { ...(current as Record<string, unknown>), [key]: value };
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  fs.writeFileSync(tmp, `${JSON.stringify(next, null, 2)}\n`, { mode: fs.statSync(file).mode & 0o777 });
  fs.renameSync(tmp, file);
  return true;
}
