import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openSnapshot } from '../../src/db/index.js';
import { runOrderImport } from '../../src/engine/index.js';
import { addOrder, baseSnapshot, count } from '../fixtures.js';
import { haveTmux, RecordedTerminal } from '../safety/support.js';

let dir: string;
let file: string;
let term: RecordedTerminal | undefined;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'alogs-e2e-link-'));
  file = path.join(dir, 'unlinked.db');
  const snap = await baseSnapshot();
  for (const [ref, sku] of [
    ['112-0000001-0000001', 'AMZ-NEW'],
    ['112-0000002-0000002', 'AMZ-NEW'],
    ['112-0000003-0000003', 'AMZ-NEW'],
  ] as const) {
    addOrder(snap, { ref, lines: [{ sku }] });
    runOrderImport(snap, ref, { now: `2026-11-20T10:0${ref.at(-1)}:00Z` });
  }
  snap.saveAs(file);
  snap.close();
});
afterEach(() => term?.stop());
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe.runIf(haveTmux())('fix in place in a real 80x24 terminal', () => {
  it('groups the errors, links the SKU from one of them, re-runs the group, and the file shows the orders dropped', async () => {
    term = new RecordedTerminal(80, 24, dir);
    term.startCli([file, '--actor', 'e2e-link']);
    await term.waitFor(/row 1 of 3/);
    term.keys('E');
    await term.waitFor('Open errors by cause: 1 group, 3 errors');
    await term.waitFor(/› +3 +ORD_SKU_UNLINKED/);
    term.keys('Enter');
    await term.waitFor('Filters: Group ORD_SKU_UNLINKED "Amazon SKU');
    await term.waitFor(/row 1 of 3/);
    term.keys('o');
    await term.waitFor('4. Link SKU…');
    term.keys('4');
    await term.waitFor('ERP item:');
    term.type('WID-200');
    await term.waitFor('WID-200');
    term.keys('Enter');
    await term.waitFor('Linked AMZ-NEW to WID-200');
    await term.waitFor('Re-Run the 3 open problems that failed on AMZ-NEW?');
    term.keys('y');
    await term.waitFor('Re-ran 3 transactions: 3 succeeded, 0 still failing');
    await term.waitFor(/\[4 Errors 0 open\]/);
    // Actions are in the journal, not yet in the file: q says so and asks (y writes them and quits).
    term.keys('q');
    await term.waitFor(/in the journal/);
    term.keys('y');
    await term.waitFor('[exited 0]');

    const snap = await openSnapshot(file);
    expect(count(snap, "SELECT COUNT(*) FROM orders WHERE status = 'Dropped'")).toBe(3);
    expect(count(snap, "SELECT COUNT(*) FROM sku_links WHERE amazon_sku = 'AMZ-NEW' AND item_sku = 'WID-200'")).toBe(1);
    expect(count(snap, "SELECT COUNT(*) FROM audit_log WHERE actor = 'e2e-link'")).toBe(4);
    snap.close();
  });
});
