import { describe, expect, it } from 'vitest';
import { TABS } from '../../src/triage/tabs.js';
import type { ColumnSpec } from '../../src/triage/triage-types.js';
import {
  headerLine,
  layoutColumns,
  MARKER_WIDTH,
  rowCells,
  screenLayout,
  scrollFor,
  SEPARATOR,
} from '../../src/ui/layout.js';
import { displayWidth } from '../../src/text/sanitize.js';

const used = (cols: { width: number }[]) =>
  MARKER_WIDTH + cols.reduce((s, c) => s + c.width, 0) + (cols.length - 1) * SEPARATOR.length;

describe('layoutColumns', () => {
  const specs: ColumnSpec[] = [
    { key: 'a', header: 'A', width: 10 },
    { key: 'b', header: 'B', width: 10, grow: 1 },
    { key: 'c', header: 'C', width: 10, grow: 2 },
    { key: 'd', header: 'D', width: 10, dropOrder: 1 },
    { key: 'e', header: 'E', width: 10, dropOrder: 2 },
  ];

  it('keeps every column and gives the extra to grow columns by weight', () => {
    const cols = layoutColumns(specs, 2 + 50 + 4 + 30);
    expect(cols.map((c) => c.spec.key)).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(cols.map((c) => c.width)).toEqual([10, 20, 30, 10, 10]);
  });

  it('drops the highest dropOrder first, one column at a time', () => {
    expect(layoutColumns(specs, 2 + 40 + 3).map((c) => c.spec.key)).toEqual(['a', 'b', 'c', 'd']);
    expect(layoutColumns(specs, 2 + 30 + 2).map((c) => c.spec.key)).toEqual(['a', 'b', 'c']);
    // Between the two sizes: d is dropped too only when it does not fit.
    expect(layoutColumns(specs, 2 + 40 + 2).map((c) => c.spec.key)).toEqual(['a', 'b', 'c']);
  });

  it('fills the width exactly when there is a grow column', () => {
    for (const width of [80, 81, 97, 120, 200]) {
      for (const tab of TABS) {
        const cols = layoutColumns(tab.columns, width);
        expect(used(cols)).toBeLessThanOrEqual(width);
        if (cols.some((c) => c.spec.grow)) expect(used(cols)).toBe(width);
      }
    }
  });

  it('fits each tab at 80 columns, keeping the columns without a dropOrder', () => {
    for (const tab of TABS) {
      const cols = layoutColumns(tab.columns, 80);
      expect(used(cols)).toBeLessThanOrEqual(80);
      for (const spec of tab.columns.filter((c) => !c.dropOrder))
        expect(cols.map((c) => c.spec.key)).toContain(spec.key);
      expect(displayWidth(headerLine(cols))).toBe(used(cols));
    }
  });

  it('shows more columns when wider', () => {
    for (const tab of TABS) {
      expect(layoutColumns(tab.columns, 200).length).toBe(tab.columns.length);
      expect(layoutColumns(tab.columns, 200).length).toBeGreaterThanOrEqual(layoutColumns(tab.columns, 80).length);
    }
  });

  it('rows line up with the header whatever the cells hold', () => {
    const cols = layoutColumns(TABS[0]!.columns, 100);
    const row = {
      id: 1,
      resolved: false,
      cells: { order_ref: '東京都-👍🏽-e\u0301', status: '\x1b[31mX', total: '12.00', buyer: 'a\u202eb' },
    };
    expect(displayWidth(rowCells(cols, row))).toBe(displayWidth(headerLine(cols)) - MARKER_WIDTH);
  });
});

describe('screenLayout', () => {
  it('keeps the frame at rows - 1: 5 chrome lines, a header and the rows', () => {
    expect(screenLayout(24)).toEqual({ bodyHeight: 18, tableRows: 17 });
    expect(screenLayout(50).tableRows).toBe(43);
  });
});

describe('scrollFor', () => {
  it('moves the window only as much as needed and never past the end', () => {
    expect(scrollFor(5, 0, 10, 100)).toBe(0);
    expect(scrollFor(10, 0, 10, 100)).toBe(1);
    expect(scrollFor(3, 5, 10, 100)).toBe(3);
    expect(scrollFor(99, 0, 10, 100)).toBe(90);
    expect(scrollFor(4, 50, 10, 5)).toBe(0);
  });
});
