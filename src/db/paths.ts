import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

let root: string | undefined;

/**
 * A path inside the amazon-logs package (`data/schema.sql`,
 * `dist/triage/worker.js`). Found from this module's own place upwards: the
 * same code runs from src/ (tests), from dist/ as tsc writes it, and bundled
 * into dist/cli.js or one of its chunks, each at another depth.
 */
export function packagePath(relative: string): string {
  root ??= findRoot(path.dirname(fileURLToPath(import.meta.url)));
  return path.join(root, relative);
}

function findRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json')) && fs.existsSync(path.join(dir, 'data', 'schema.sql')))
      return dir;
    if (path.dirname(dir) === dir)
      throw new Error(`cannot find the amazon-logs package (data/schema.sql) above ${from}`);
  }
}

/**
 * The file a save must replace: a symlink is followed, so the link keeps
 * pointing at the snapshot instead of being replaced by a copy.
 */
export function saveTarget(file: string): string {
  try {
    return fs.realpathSync(file);
  } catch {
    return path.resolve(file);
  }
}
