import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildSearchIndexes, openSnapshot } from '../../src/db/index.js';
import { refreshSearchTriggers } from '../../src/db/search-index.js';
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

describe('search index triggers on open', () => {
  // The trigger an earlier version wrote: FTS5's 'delete' command, which FTS4 rejects on every update.
  const OLD_TRIGGER = `DROP TRIGGER orders_fts_bu;
    CREATE TRIGGER orders_fts_bu BEFORE UPDATE OF order_ref, buyer_name, ship_city, xoro_ref, amazon_status ON orders BEGIN
      INSERT INTO orders_fts(orders_fts, docid, order_ref, buyer_name, ship_city, xoro_ref, amazon_status)
      VALUES ('delete', old.rowid, old.order_ref, old.buyer_name, old.ship_city, old.xoro_ref, old.amazon_status);
    END;`;

  async function indexedFile(alter?: string): Promise<string> {
    const snap = await baseSnapshot();
    addOrder(snap, { ref: '112-0000001-0000001', lines: [{ sku: 'AMZ-NEW' }] });
    await buildSearchIndexes(snap);
    if (alter) snap.exec(alter);
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'fts-open-')), 'snap.sqlite');
    snap.saveAs(file);
    snap.close();
    return file;
  }

  it('rewrites triggers of an earlier version, so updates work again', async () => {
    const file = await indexedFile(OLD_TRIGGER);
    const snap = await openSnapshot(file);
    snap.run("UPDATE orders SET amazon_status = 'Shipped'");
    expect(count(snap, "SELECT COUNT(*) FROM orders_fts WHERE orders_fts MATCH 'shipped'")).toBe(1);
    expect(count(snap, "SELECT COUNT(*) FROM orders_fts WHERE orders_fts MATCH 'unshipped'")).toBe(0);
    expect(refreshSearchTriggers(snap)).toEqual([]);
    snap.close();
  });

  it('the old trigger does fail an update (what the rewrite is for)', async () => {
    const snap = await openSnapshot(await indexedFile(OLD_TRIGGER), { readOnly: true });
    expect(() => snap.run("UPDATE orders SET amazon_status = 'Shipped'")).toThrow();
    snap.close();
  });

  it('leaves current triggers alone', async () => {
    const file = await indexedFile();
    const snap = await openSnapshot(file);
    expect(refreshSearchTriggers(snap)).toEqual([]);
    snap.exec(OLD_TRIGGER);
    expect(refreshSearchTriggers(snap)).toEqual(['orders']);
    snap.close();
  });
});
