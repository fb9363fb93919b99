/**
 * A save replaces the file's inode; what belongs to the inode beyond owner and
 * mode (POSIX ACLs, extended attributes) is carried over, through the built
 * binary (the dashboard saves through the same code).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from './support.js';

const haveAclTools =
  spawnSync('setfacl', ['--version']).status === 0 && spawnSync('setfattr', ['--version']).status === 0;

let dir: string;
let file: string;
const sh = (cmd: string, args: string[]) => execFileSync(cmd, args, { encoding: 'utf8' });

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'alogs-attrs-'));
  file = path.join(dir, 's.db');
  expect(cli(['demo', '--out', file, '--transactions', '500', '--seed', '5']).code).toBe(0);
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe.runIf(haveAclTools)('a saved file keeps its ACL and extended attributes', () => {
  it('after a command saved it (a new inode)', () => {
    sh('setfacl', ['-m', 'u:nobody:rw', file]);
    sh('setfattr', ['-n', 'user.owner-team', '-v', 'ops-emea', file]);
    const inode = fs.statSync(file).ino;
    const id = sh('sqlite3', [file, "SELECT id FROM errors WHERE resolved = 0 AND severity = 'error' LIMIT 1"]).trim();
    expect(cli(['resolve', 'errors', id, '--db', file, '--actor', 'ops']).code).toBe(0);
    expect(fs.statSync(file).ino).not.toBe(inode);
    expect(sh('getfacl', ['-c', '-p', file])).toMatch(/^user:nobody:rw-$/m);
    expect(sh('getfattr', ['-n', 'user.owner-team', '--only-values', file])).toBe('ops-emea');
    expect(sh('sqlite3', [file, `SELECT resolved FROM errors WHERE id = ${id}`]).trim()).toBe('1');
  });
});
