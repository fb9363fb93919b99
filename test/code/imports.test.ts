/**
 * The shape of src/, checked: no import cycle anywhere (type-only imports
 * count: a loop through types is still a loop to read), and each folder
 * imports only the layers below it, as README's "Code layout" says.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cycles, importGraph, layerOf, SRC } from './imports.js';

/** What each folder of src/ may import (besides itself). */
const MAY_IMPORT: Record<string, string[]> = {
  'user-error': [],
  text: [],
  db: ['user-error', 'text'],
  engine: ['db', 'user-error', 'text'],
  demo: ['db', 'engine', 'user-error', 'text'],
  import: ['db', 'engine', 'user-error', 'text'],
  triage: ['db', 'engine', 'user-error', 'text'],
  ui: ['triage', 'user-error', 'text'],
  cli: ['db', 'engine', 'demo', 'import', 'triage', 'ui', 'user-error', 'text'],
};

const graph = importGraph();

describe('the import graph of src/', () => {
  it('has no cycle', () => {
    expect(graph.size).toBeGreaterThan(100);
    expect(cycles(graph).map((c) => c.join(' -> '))).toEqual([]);
  });

  it('the check sees a cycle when there is one', () => {
    const looped = new Map([...graph, ['db/a.ts', ['db/b.ts']], ['db/b.ts', ['db/a.ts']]]);
    expect(cycles(looped).map((c) => c.join(' -> '))).toContain('db/a.ts -> db/b.ts -> db/a.ts');
  });

  it('each folder imports only the layers below it (the engine never the demo, the UI never the database)', () => {
    const wrong: string[] = [];
    for (const [file, targets] of graph) {
      const from = layerOf(file);
      const allowed = MAY_IMPORT[from === 'cli' || from === 'index' ? 'cli' : from];
      expect(allowed, `${file}: ${from} is not a known folder of src/`).toBeDefined();
      for (const target of targets) {
        const to = layerOf(target);
        if (to !== from && !allowed!.includes(to)) wrong.push(`${file} imports ${target}`);
      }
    }
    expect(wrong).toEqual([]);
  });
});

describe('the file names of src/', () => {
  const files = [...graph.keys()];

  it('are kebab-case', () => {
    expect(files.filter((f) => !/^[a-z0-9]+(-[a-z0-9]+)*\.tsx?$/.test(path.basename(f)))).toEqual([]);
  });

  it("name one file each: none repeats across folders (index.ts is a folder's public face)", () => {
    const byName = new Map<string, string[]>();
    for (const f of files) {
      const name = path.basename(f).replace(/\.tsx?$/, '');
      if (name !== 'index') byName.set(name, [...(byName.get(name) ?? []), f]);
    }
    expect([...byName.values()].filter((same) => same.length > 1)).toEqual([]);
  });

  it('an index.ts only re-exports: code lives in a file named for what it does', () => {
    const withCode = files
      .filter((f) => path.basename(f) === 'index.ts')
      .filter((f) => {
        const text = fs.readFileSync(path.join(SRC, f), 'utf8');
        const statements = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');
        return statements
          .split(';')
          .some((s) => s.trim() !== '' && !/^export\s[\s\S]*\sfrom\s+'[^']+'$/.test(s.trim()));
      });
    expect(withCode).toEqual([]);
  });
});
