/**
 * The shape of src/, checked: no import cycle anywhere (type-only imports
 * count: a loop through types is still a loop to read), and each folder
 * imports only the layers below it, as README's "Code layout" says.
 */
import { describe, expect, it } from 'vitest';
import { cycles, importGraph, layerOf } from './imports.js';

/** What each folder of src/ may import (besides itself). */
const MAY_IMPORT: Record<string, string[]> = {
  errors: [],
  text: [],
  db: ['errors', 'text'],
  engine: ['db', 'errors', 'text'],
  demo: ['db', 'engine', 'errors', 'text'],
  import: ['db', 'engine', 'errors', 'text'],
  triage: ['db', 'engine', 'errors', 'text'],
  ui: ['triage', 'errors', 'text'],
  cli: ['db', 'engine', 'demo', 'import', 'triage', 'ui', 'errors', 'text'],
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
