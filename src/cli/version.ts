/** The program's version, from package.json (what --version prints and the dashboard's help shows). */
import fs from 'node:fs';
import { packagePath } from '../db/index.js';

export function programVersion(): string {
  const pkg = JSON.parse(fs.readFileSync(packagePath('package.json'), 'utf8')) as { version: string };
  return pkg.version;
}
