import { describe, expect, it } from 'vitest';
import { tabSpec } from '../../src/triage/tabs.js';
import { TAB_IDS } from '../../src/triage/triage-types.js';
import { DROPPED, FAILED, PENDING, uiSnapshot } from '../fixtures.js';
import { createTriageSession } from '../../src/triage/session.js';
import type { TriageSource } from '../../src/triage/source.js';
import { KEY, renderApp, renderSnapshot, screen, type Rendered } from './harness.js';

const { total, filterLine, body } = screen;

/** Opens the filter form, moves to field `index` with Tab and types `text`. */
async function formField(app: Rendered, index: number, text: string): Promise<void> {
  for (let i = 0; i < index; i++) await app.press(KEY.tab);
  await app.type(text);
}

describe('Orders filters and toggles', () => {
  it('h hides resolved orders, e shows only failed ones; pressing again shows them back', async () => {
    const app = await renderSnapshot(await uiSnapshot());
    await app.press('h');
    expect(filterLine(app)).toBe('Filters: Hide Resolved Exports');
    expect(body(app)).not.toContain(DROPPED);
    expect(body(app)).toContain(FAILED);
    expect(body(app)).toContain(PENDING);
    await app.press('h', 'e');
    expect(filterLine(app)).toBe('Filters: Show Errors Only');
    expect(body(app)).toContain(FAILED);
    expect(body(app)).not.toContain(DROPPED);
    expect(body(app)).not.toContain(PENDING);
    await app.press('e');
    expect(total(app)).toBe(3);
    app.unmount();
  });

  it('/ filters by keyword; Esc cancels; an empty keyword clears it', async () => {
    const app = await renderSnapshot(await uiSnapshot());
    await app.press('/');
    expect(app.lines()[1]).toContain('/ Keyword (Orders):');
    await app.type('lovelace');
    await app.press(KEY.enter);
    expect(filterLine(app)).toBe('Filters: Keyword: "lovelace"');
    expect(total(app)).toBe(1);
    expect(body(app)).toContain(FAILED);
    // Esc leaves the keyword as it was.
    await app.press('/');
    await app.type('x');
    await app.press(KEY.escape);
    expect(filterLine(app)).toBe('Filters: Keyword: "lovelace"');
    expect(total(app)).toBe(1);
    // Emptying it clears it.
    await app.press('/');
    for (let i = 0; i < 'lovelace'.length; i++) await app.press(KEY.backspace);
    await app.press(KEY.enter);
    expect(filterLine(app)).toBe('Filters: none (h Hide Resolved Exports, e Show Errors Only, f form, / search)');
    expect(total(app)).toBe(3);
    app.unmount();
  });

  it("f tells the database thread a filter is coming on this tab (it lists that tab's SKU values first); other keys do not", async () => {
    const session = createTriageSession(await uiSnapshot(), { actor: 'tester' });
    const told: string[] = [];
    const source: TriageSource = Object.create(session);
    source.prepareToFilter = (tab) => void told.push(tab);
    const app = await renderApp(source);
    await app.press('h', 'e', '/', KEY.escape, 'j');
    expect(told).toEqual([]);
    await app.press('f');
    expect(app.frame()).toContain('Filters for Orders');
    expect(told).toEqual(['orders']);
    await app.press(KEY.escape, '3', 'f');
    expect(app.frame()).toContain('Filters for Logs');
    expect(told).toEqual(['orders', 'logs']);
    app.unmount();
  });

  it('f: order ref, status choice, SKU (any case, anywhere), purchase dates', async () => {
    const app = await renderSnapshot(await uiSnapshot());
    await app.press('f');
    expect(app.frame()).toContain('Filters for Orders');
    await formField(app, 0, '113');
    await app.press(KEY.enter);
    expect(filterLine(app)).toContain('Order#: "113"');
    expect(total(app)).toBe(1);
    expect(body(app)).toContain(DROPPED);

    await app.press('c', 'f', KEY.tab, KEY.right, KEY.right); // Status: (any) -> Pending -> Dropped
    expect(app.frame()).toContain('[Dropped]');
    await app.press(KEY.enter);
    expect(filterLine(app)).toContain('Status: Dropped');
    expect(total(app)).toBe(1);
    expect(body(app)).toContain(DROPPED);
    await app.press('f', KEY.tab, KEY.right, KEY.enter); // Dropped -> Error
    expect(body(app)).toContain(FAILED);
    expect(total(app)).toBe(1);

    await app.press('c', 'f');
    await formField(app, 4, 'amz-gh');
    await app.press(KEY.enter);
    expect(body(app)).toContain(FAILED);
    expect(total(app)).toBe(1);

    await app.press('c', 'f');
    await formField(app, 5, '2026-11-11');
    await formField(app, 1, '2026-11-13');
    await app.press(KEY.enter);
    expect(filterLine(app)).toContain('Purchased from: 2026-11-11 · Purchased to: 2026-11-13');
    expect(body(app)).toContain(DROPPED);
    expect(total(app)).toBe(1);
    app.unmount();
  });

  it('f refuses a bad date inline and keeps the form open until it is fixed; Esc cancels', async () => {
    const app = await renderSnapshot(await uiSnapshot());
    await app.press('f');
    await formField(app, 5, '2026-13-01');
    await app.press(KEY.enter);
    expect(app.frame()).toContain('Filters for Orders');
    expect(app.frame()).toMatch(/Purchased from +2026-13-01 +✗ not a date: use YYYY-MM-DD/);
    expect(total(app)).toBe(3);
    for (let i = 0; i < 5; i++) await app.press(KEY.backspace);
    await app.type('11-13');
    await app.press(KEY.tab);
    await app.type('2026-11-01');
    await app.press(KEY.enter);
    expect(app.frame()).toMatch(/Purchased to +2026-11-01 +✗ before purchased from/);
    await app.press(KEY.escape);
    expect(app.frame()).not.toContain('Filters for Orders');
    expect(filterLine(app)).toBe('Filters: none (h Hide Resolved Exports, e Show Errors Only, f form, / search)');
    expect(total(app)).toBe(3);
    app.unmount();
  });

  it('c clears the filters and the toggles of this tab only', async () => {
    const app = await renderSnapshot(await uiSnapshot());
    await app.press('h', 'e', '/');
    await app.type('ada');
    await app.press(KEY.enter, '2', 'h', '1');
    expect(total(app)).toBe(1);
    await app.press('c');
    expect(filterLine(app)).toBe('Filters: none (h Hide Resolved Exports, e Show Errors Only, f form, / search)');
    expect(screen.message(app)).toBe('✓ Orders: filters cleared');
    expect(total(app)).toBe(3);
    await app.press('2');
    expect(filterLine(app)).toBe('Filters: Hide Resolved Exports');
    app.unmount();
  });
});

describe('Inventory filters and toggles', () => {
  it('SKU, dates, hide resolved, errors only', async () => {
    const app = await renderSnapshot(await uiSnapshot());
    await app.press('2');
    expect(body(app)).toContain('AMZ-RED');
    expect(body(app)).toContain('AMZ-BLUE');
    await app.press('f');
    await formField(app, 0, 'AMZ-B');
    await app.press(KEY.enter);
    expect(filterLine(app)).toContain('SKU# / ERP item: "AMZ-B"');
    expect(body(app)).not.toContain('AMZ-RED');
    expect(body(app)).toContain('AMZ-BLUE');
    await app.press('c', 'f');
    await formField(app, 2, '2026-11-16');
    await app.press(KEY.enter);
    expect(body(app)).not.toContain('AMZ-RED');
    expect(total(app)).toBe(1);
    await app.press('c', 'h');
    expect(body(app)).toContain('AMZ-RED');
    expect(body(app)).not.toContain('AMZ-BLUE');
    await app.press('h', 'e');
    expect(body(app)).toContain('AMZ-RED');
    expect(body(app)).not.toContain('AMZ-BLUE');
    await app.press('/');
    await app.type('cycle');
    await app.press(KEY.enter, 'e');
    expect(body(app)).toContain('AMZ-BLUE');
    expect(total(app)).toBe(1);
    app.unmount();
  });
});

describe('Logs filters and toggles', () => {
  it('transaction type from a menu, order ref, hide resolved, errors only', async () => {
    const app = await renderSnapshot(await uiSnapshot());
    await app.press('3');
    expect(total(app)).toBe(7);
    await app.press('f', KEY.tab, KEY.tab, KEY.right, KEY.right); // (any) -> Order Import -> Inventory Sync
    expect(app.frame()).toContain('[Inventory Sync]');
    await app.press(KEY.enter);
    expect(filterLine(app)).toContain('Transaction type: Inventory Sync');
    expect(total(app)).toBe(2);
    expect(body(app)).toContain('AMZ-RED');
    expect(body(app)).not.toContain(FAILED);
    await app.press('c', 'f');
    await formField(app, 7, '113-');
    await app.press(KEY.enter);
    expect(total(app)).toBe(2); // the drop and the fulfillment update of that order
    expect(body(app)).not.toContain(FAILED);
    await app.press('c', 'h');
    expect(body(app)).not.toContain(DROPPED); // both of its transactions are resolved
    expect(total(app)).toBe(4);
    await app.press('h', 'e');
    expect(total(app)).toBe(4);
    expect(body(app)).not.toContain(PENDING);
    expect(body(app)).not.toContain('AMZ-BLUE');
    app.unmount();
  });
});

describe('Errors filters and toggles', () => {
  it('error code, transaction id (a number, checked), hide resolved, errors only', async () => {
    const snap = await uiSnapshot();
    const app = await renderSnapshot(snap);
    await app.press('4');
    expect(total(app)).toBe(4);
    await app.press('f');
    await formField(app, 0, 'INV_NEGATIVE_QTY');
    await app.press(KEY.enter);
    expect(body(app)).toContain('INV_NEGATIVE_QTY');
    expect(total(app)).toBe(1);
    await app.press('c', 'f');
    await formField(app, 3, '12x');
    await app.press(KEY.enter);
    expect(app.frame()).toMatch(/Transaction id +12x +✗ not a number/);
    for (let i = 0; i < 3; i++) await app.press(KEY.backspace);
    const tx = Number(snap.value("SELECT transaction_id FROM errors WHERE code = 'ORD_SKU_UNLINKED'"));
    await app.type(String(tx));
    await app.press(KEY.enter);
    expect(filterLine(app)).toContain(`Transaction id: ${tx}`);
    expect(body(app)).toContain('ORD_SKU_UNLINKED');
    expect(total(app)).toBe(1);
    await app.press('c', 'h');
    expect(body(app)).not.toContain('API_QUOTA');
    expect(total(app)).toBe(3);
    await app.press('h', 'e');
    expect(body(app)).not.toContain('ORD_STILL_PENDING');
    expect(body(app)).toContain('API_QUOTA');
    expect(total(app)).toBe(3);
    app.unmount();
  });
});

describe('the filter form at 80x24', () => {
  it('shows every focused label in full, on every tab ("Transaction type", not "Transaction typ")', async () => {
    const app = await renderSnapshot(await uiSnapshot(), { columns: 80, rows: 24 });
    for (const tab of TAB_IDS) {
      await app.press(String(TAB_IDS.indexOf(tab) + 1), 'f');
      const fields = tabSpec(tab).filters;
      // The form opens on its first field; Tab walks through the others.
      for (const [i, field] of fields.entries()) {
        if (i > 0) await app.press(KEY.tab);
        const focused = app.lines().find((l) => l.startsWith('› '));
        expect(focused, `${tab}: ${field.label}`).toMatch(new RegExp(`^› ${escaped(field.label)}( |$)`));
      }
      await app.press(KEY.escape);
    }
    await app.press('3', 'f', KEY.tab, KEY.tab);
    expect(app.lines().find((l) => l.startsWith('› '))).toMatch(/^› Transaction type +\[\(any\)\] /);
    app.unmount();
  });
});

const escaped = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
