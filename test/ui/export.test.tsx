import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTriageSession } from '../../src/triage/session.js';
import { listRecords, NO_FILTERS } from '../../src/triage/index.js';
import { DROPPED, FAILED, PENDING, uiSnapshot } from '../fixtures.js';
import { renderApp, screen } from './harness.js';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'alogs-export-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('export (x / X)', () => {
  it('writes every row of the current filter, not only the screen, to CSV and JSON in the folder, and says where', async () => {
    const snap = await uiSnapshot();
    const app = await renderApp(createTriageSession(snap, { actor: 't', exportDir: dir }), { rows: 24 });
    await app.press('h'); // Hide Resolved: the failed and the pending order
    await app.press('x');
    const csvMessage = screen.message(app);
    expect(csvMessage).toMatch(/^✓ Exported 2 rows of Orders to /);
    const files = fs.readdirSync(dir);
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/^amazon-logs-orders-\d{8}-\d{6}\.csv$/);
    const csv = fs.readFileSync(path.join(dir, files[0]!), 'utf8').trim().split('\n');
    const expected = listRecords(snap, 'orders', { ...NO_FILTERS, hideResolved: true }, -1);
    expect(csv).toHaveLength(expected.length + 1);
    expect(csv[0]!.split(',')).toEqual(Object.keys(expected[0]!));
    expect(csv.slice(1).map((l) => l.split(',')[1])).toEqual(expected.map((r) => r.order_ref));
    expect(csv.join('\n')).toContain(FAILED);
    expect(csv.join('\n')).toContain(PENDING);
    expect(csv.join('\n')).not.toContain(DROPPED);

    await app.press('X');
    const json = fs.readdirSync(dir).find((f) => f.endsWith('.json'))!;
    expect(screen.message(app)).toContain(`Exported 2 rows of Orders to ${path.join(dir, json)}`.slice(0, 60));
    expect(JSON.parse(fs.readFileSync(path.join(dir, json), 'utf8'))).toEqual(expected);

    // A second export in the same second gets a new name: nothing is overwritten.
    await app.press('x');
    expect(fs.readdirSync(dir).filter((f) => f.endsWith('.csv')).length).toBeGreaterThanOrEqual(1);
    expect(fs.readdirSync(dir)).toHaveLength(3);
    app.unmount();
  });
});
