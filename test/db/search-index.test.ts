import { describe, expect, it } from 'vitest';
import { buildSearchIndexes } from '../../src/db/index.js';
import { runOrderImport } from '../../src/engine/index.js';
import { addLink, addOrder, baseSnapshot, count } from '../fixtures.js';

describe('full-text search index', () => {
  it('follows inserts and updates of indexed columns (an order dropped after a link)', async () => {
    const snap = await baseSnapshot();
    addOrder(snap, { ref: '112-0000001-0000001', lines: [{ sku: 'AMZ-NEW' }] });
    runOrderImport(snap, '112-0000001-0000001', { now: '2026-11-20T10:00:00Z' });
    await buildSearchIndexes(snap);
    addLink(snap, 'AMZ-NEW', 'WID-100');
    const run = runOrderImport(snap, '112-0000001-0000001', { now: '2026-11-20T11:00:00Z' });
    expect(run.status).toBe('Success');
    const match = (q: string) => count(snap, 'SELECT COUNT(*) FROM orders_fts WHERE orders_fts MATCH ?', [q]);
    expect(match(`${run.documentNumber!.toLowerCase().split('-')[1]}*`)).toBe(1);
    expect(match('unshipped')).toBe(1);
    snap.run("UPDATE orders SET amazon_status = 'Shipped'");
    expect(match('unshipped')).toBe(0);
    expect(match('shipped')).toBe(1);
    expect(count(snap, "SELECT COUNT(*) FROM transactions_fts WHERE transactions_fts MATCH 'dropped'")).toBe(1);
  });
});
