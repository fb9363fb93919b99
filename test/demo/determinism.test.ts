/** The demo is a function of its options: same seed, same snapshot; no real clock, no Math.random. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createSnapshot, type Snapshot } from '../../src/db/index.js';
import { generateDemo } from '../../src/demo/generate-demo.js';

const TABLES = [
  'meta',
  'settings',
  'items',
  'sku_links',
  'stock',
  'orders',
  'order_lines',
  'documents',
  'shipments',
  'ship_methods',
  'transactions',
  'inventory_log',
  'errors',
  'outbox',
];

/** Every table's rows, in a stable order. */
function contents(db: Snapshot): Record<string, unknown[]> {
  const out: Record<string, unknown[]> = {};
  for (const table of TABLES) {
    // Table names come from the constant list above, never from data.
    out[table] = db.all(`SELECT * FROM ${table} ORDER BY rowid`);
  }
  return out;
}

async function demo(seed: number, transactions = 400, end?: string): Promise<Snapshot> {
  const db = await createSnapshot();
  generateDemo(db, end === undefined ? { seed, transactions } : { seed, transactions, end });
  return db;
}

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('demo determinism', () => {
  it('gives identical table contents for the same options, whatever the real clock says', async () => {
    const a = contents(await demo(7));
    vi.useFakeTimers({ now: new Date('2031-03-03T03:03:03Z'), toFake: ['Date'] });
    const b = contents(await demo(7));
    expect(b).toEqual(a);
    expect(a.transactions).toHaveLength(400);
  });

  it('never draws from Math.random', async () => {
    // sql.js names its in-memory file with Math.random: create the snapshot first.
    const db = await createSnapshot();
    const random = vi.spyOn(Math, 'random');
    generateDemo(db, { seed: 3, transactions: 200 });
    expect(random).not.toHaveBeenCalled();
  });

  it('gives a different history for a different seed', async () => {
    const a = contents(await demo(7));
    const b = contents(await demo(8));
    expect(b.orders).not.toEqual(a.orders);
    expect(b.transactions).not.toEqual(a.transactions);
    expect(b.items).not.toEqual(a.items);
  });

  it('ends the history at the given end date', async () => {
    const db = await demo(7, 300, '2025-02-01T12:00:00Z');
    expect(db.value('SELECT max(import_date) FROM transactions')).toBe('2025-02-01T12:00:00Z');
    expect(String(db.value('SELECT min(import_date) FROM transactions')) >= '2024-11-03T12:00:00Z').toBe(true);
    expect(db.value("SELECT value FROM settings WHERE key = 'integration_start_date'")).toBe('2024-11-03T12:00:00Z');
  });
});

describe('demo options', () => {
  it('makes exactly the number of transactions asked for, even very few', async () => {
    for (const n of [1, 7, 123]) {
      const db = await createSnapshot();
      expect(generateDemo(db, { transactions: n, seed: n }).transactions).toBe(n);
      expect(Number(db.value('SELECT count(*) FROM transactions'))).toBe(n);
    }
  });

  it('refuses a snapshot that already has data, and nonsense counts', async () => {
    const db = await demo(1, 20);
    expect(() => generateDemo(db, { transactions: 20 })).toThrow(/empty snapshot/);
    const empty = await createSnapshot();
    expect(() => generateDemo(empty, { transactions: 0 })).toThrow(/transactions/);
    expect(() => generateDemo(empty, { transactions: 2.5 })).toThrow(/transactions/);
    expect(() => generateDemo(empty, { end: 'yesterday' })).toThrow(/ISO/);
  });

  it('gives the snapshot back with the page cache size it had', async () => {
    const db = await createSnapshot();
    db.exec('PRAGMA cache_size = -4000');
    generateDemo(db, { transactions: 50 });
    expect(db.value('PRAGMA cache_size')).toBe(-4000);
  });

  it('reports progress, ending at the total', async () => {
    const db = await createSnapshot();
    const seen: [number, number][] = [];
    generateDemo(db, { transactions: 300, onProgress: (done, total) => seen.push([done, total]) });
    expect(seen.at(-1)).toEqual([300, 300]);
  });
});
