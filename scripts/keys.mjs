#!/usr/bin/env node
// node scripts/keys.mjs [--write]
// The README's key table, made from the binding table (src/ui/bindings.ts,
// built into dist/ by npm run build). Prints it; with --write, puts it into
// README.md between the "keys" markers (test/ui/bindings.test.ts checks it).
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const { keyTableMarkdown } = await import(path.join(root, 'dist', 'ui', 'help-text.js'));
const table = keyTableMarkdown();
if (!process.argv.includes('--write')) {
  console.log(table);
} else {
  const readme = path.join(root, 'README.md');
  const text = fs.readFileSync(readme, 'utf8');
  const start = '<!-- keys:start (scripts/keys.mjs --write) -->';
  const end = '<!-- keys:end -->';
  const a = text.indexOf(start);
  const b = text.indexOf(end);
  if (a < 0 || b < a) throw new Error(`README.md has no ${start} ... ${end} markers`);
  fs.writeFileSync(readme, `${text.slice(0, a + start.length)}\n\n${table}\n\n${text.slice(b)}`);
  console.log('wrote the key table into README.md');
}
