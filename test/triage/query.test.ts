import { beforeEach, describe, expect, it } from 'vitest';
import type { Snapshot } from '../../src/db/index.js';
import {
  countRows,
  FilterError,
  indexOfRow,
  listRows,
  NO_FILTERS,
  openErrorCounts,
  type TabFilters,
  type TabId,
} from '../../src/triage/index.js';
import { triageSnapshot } from '../fixtures.js';

let db: Snapshot;
beforeEach(async () => {
  db = await triageSnapshot();
});

const refs = (tab: TabId, f: Partial<TabFilters> = {}) =>
  listRows(db, tab, { ...NO_FILTERS, ...f }, 0, 100).map(
    (r) => r.cells.order_ref ?? r.cells.ref ?? r.cells.sku ?? r.cells.code,
  );

describe('tab queries', () => {
  it('lists orders newest first with the document they were dropped as', () => {
    const rows = listRows(db, 'orders', NO_FILTERS, 0, 10);
    expect(rows.map((r) => r.cells.order_ref)).toEqual([
      '114-0000003-0000003',
      '113-0000002-0000002',
      '112-0000001-0000001',
    ]);
    expect(rows[1]!.cells.outcome).toBe('SO-000001 sales order');
    expect(rows[1]!.cells.resolved).toBe('Yes');
  });

  it('filters orders by order# prefix, status, SKU on a line, and keyword', () => {
    expect(refs('orders', { orderRef: '113-' })).toEqual(['113-0000002-0000002']);
    expect(refs('orders', { status: 'Error' })).toEqual(['112-0000001-0000001']);
    expect(refs('orders', { sku: 'AMZ-GH' })).toEqual(['112-0000001-0000001']);
    expect(refs('orders', { keyword: 'lovelace' })).toEqual(['112-0000001-0000001']);
  });

  it('treats %, _ and backslash in a search as themselves', () => {
    expect(refs('orders', { keyword: '100%_L' })).toEqual(['112-0000001-0000001']);
    expect(refs('orders', { keyword: '%' })).toEqual(['112-0000001-0000001']);
    // The Orders keyword covers the order's error codes too (ORD_STILL_PENDING, ORD_SKU_UNLINKED).
    expect(refs('orders', { keyword: '_' })).toEqual(['114-0000003-0000003', '112-0000001-0000001']);
    expect(refs('orders', { keyword: '1_0' })).toEqual([]);
    expect(refs('orders', { keyword: "'; DROP TABLE orders; --" })).toEqual([]);
    expect(countRows(db, 'orders', NO_FILTERS)).toBe(3);
  });

  it('hides resolved rows and shows errors only, per tab', () => {
    expect(refs('orders', { hideResolved: true })).toEqual(['114-0000003-0000003', '112-0000001-0000001']);
    expect(refs('orders', { errorsOnly: true })).toEqual(['112-0000001-0000001']);
    expect(refs('logs', { errorsOnly: true })).toEqual(['AMZ-RED', '112-0000001-0000001']);
    expect(refs('logs', { hideResolved: true })).toEqual(['AMZ-RED', '114-0000003-0000003', '112-0000001-0000001']);
    expect(refs('inventory', { errorsOnly: true })).toEqual(['AMZ-RED']);
    expect(refs('inventory', { hideResolved: true })).toEqual(['AMZ-RED']);
    expect(refs('errors')).toEqual(['AMZ-RED', '114-0000003-0000003', '112-0000001-0000001']);
    expect(refs('errors', { errorsOnly: true })).toEqual(['AMZ-RED', '112-0000001-0000001']);
  });

  it('filters logs by type, export date range (inclusive days) and order ref', () => {
    expect(refs('logs', { type: 'Inventory Sync' })).toEqual(['AMZ-BLUE', 'AMZ-RED']);
    expect(refs('logs', { from: '2026-11-12', to: '2026-11-14' })).toEqual([
      '114-0000003-0000003',
      '113-0000002-0000002',
    ]);
    expect(refs('logs', { to: '2026-11-10' })).toEqual(['112-0000001-0000001']);
    expect(refs('logs', { orderRef: '112' })).toEqual(['112-0000001-0000001']);
    expect(refs('inventory', { sku: 'AMZ-B' })).toEqual(['AMZ-BLUE']);
  });

  it('filters errors by code, transaction id and SKU', () => {
    expect(refs('errors', { code: 'inv_negative_qty' })).toEqual(['AMZ-RED']);
    const tx = Number(db.value("SELECT transaction_id FROM errors WHERE code = 'ORD_SKU_UNLINKED'"));
    expect(refs('errors', { transactionId: tx })).toEqual(['112-0000001-0000001']);
    expect(refs('errors', { sku: 'AMZ-RED' })).toEqual(['AMZ-RED']);
  });

  it('rejects a bad date and a filter the tab does not have', () => {
    expect(() => listRows(db, 'logs', { ...NO_FILTERS, from: '2026-02-30' }, 0, 10)).toThrow(FilterError);
    expect(() => listRows(db, 'logs', { ...NO_FILTERS, from: 'yesterday' }, 0, 10)).toThrow(/not a date/);
    expect(() => listRows(db, 'inventory', { ...NO_FILTERS, code: 'X' }, 0, 10)).toThrow(/no error code filter/);
  });

  it('pages and finds the position of a record in the filtered set', () => {
    const all = listRows(db, 'logs', NO_FILTERS, 0, 100);
    expect(listRows(db, 'logs', NO_FILTERS, 2, 2).map((r) => r.id)).toEqual(all.slice(2, 4).map((r) => r.id));
    expect(listRows(db, 'logs', NO_FILTERS, 5, 10)).toEqual([]);
    all.forEach((r, i) => expect(indexOfRow(db, 'logs', NO_FILTERS, r.id)).toBe(i));
    expect(
      indexOfRow(db, 'logs', { ...NO_FILTERS, errorsOnly: true }, all.find((r) => r.cells.status === 'Success')!.id),
    ).toBe(-1);
  });

  it('counts open errors per tab', () => {
    expect(openErrorCounts(db)).toEqual({ orders: 1, inventory: 1, logs: 2, errors: 2 });
  });

  it('Show Errors Only on Orders finds its page walking the orders by date, not every dropped order through the status index', () => {
    const asked: string[] = [];
    const all = db.all.bind(db);
    db.all = ((sql: string, params?: never) => {
      asked.push(sql);
      return all(sql, params);
    }) as typeof db.all;
    const rows = listRows(db, 'orders', { ...NO_FILTERS, errorsOnly: true }, 0, 20);
    expect(rows.map((r) => r.cells.order_ref)).toEqual(['112-0000001-0000001']);
    const page = asked.find((sql) => sql.includes('ORDER BY o.purchase_date DESC'))!;
    const plan = all<{ detail: string }>(`EXPLAIN QUERY PLAN ${page}`, [20, 0])
      .map((r) => r.detail)
      .join('\n');
    expect(plan).toMatch(/SCAN o USING INDEX orders_by_date/);
    expect(plan).not.toMatch(/MULTI-INDEX OR|orders_by_status/);
  });
});
