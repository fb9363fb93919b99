/** The program's version, from package.json (what --version prints and the dashboard's help shows). */
import fs from 'node:fs';

export function programVersion(): string {
  const pkg = JSON.parse(fs.readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}
