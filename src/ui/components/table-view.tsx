import { Box, Text } from 'ink';
import type { DisplayRow, TabSpec } from '../../triage/triage-types.js';
import { filtersInWords } from '../filters-in-words.js';
import { cellText, headerLine, headerOf, rowCells, type CellStyle, type TableLayout } from '../layout.js';
import { displayWidth, fit, sanitize, truncate } from '../../text/sanitize.js';
import { currentSort } from '../sort.js';
import type { TabState, TableWindow } from '../state.js';

interface Props {
  spec: TabSpec;
  tab: TabState;
  /** The last rows fetched for this tab; may lag a moment behind a scroll or a filter change. */
  window: TableWindow | undefined;
  /** Whether `window` answers the current filters. */
  current: boolean;
  width: number;
  layout: TableLayout;
  /** Ids of the rows marked for a bulk action. */
  marked: ReadonlySet<number>;
  /** The picture lines above the table (already text), as many as layout.pictures. */
  pictures: string[];
  style: CellStyle;
}

/**
 * The one table view: any tab, driven by its TabSpec; renders only the rows
 * that fit. Above it the tab's pictures; under it, the selected row's values
 * of the columns the width left out.
 */
export function Table({ spec, tab, window, current, width, layout, marked, pictures, style }: Props) {
  const { columns, tableRows: height } = layout;
  const glyphs = style.glyphs;
  const lines = [];
  let selectedRow: DisplayRow | undefined;
  if (!window) {
    lines.push(
      <Text key="loading" dimColor>
        {fit(`  loading${glyphs.ellipsis}`, width)}
      </Text>,
    );
  } else if (current && window.total === 0) {
    const why = `  No ${spec.title.toLowerCase()} match. ${filtersInWords(spec.id, tab.filters)}`;
    lines.push(<Text key="empty">{fit(why, width, 'left', glyphs.ellipsis)}</Text>);
  } else {
    for (let i = 0; i < layout.visibleRows; i++) {
      const index = tab.scrollTop + i;
      const row = window.rows[index - window.offset];
      if (!row) continue;
      const selected = index === tab.selected;
      if (selected) selectedRow = row;
      // The gutter: * a marked row; ✓ an open error whose transaction would pass if re-run now.
      const mark = marked.has(row.id) ? '*' : row.passes ? glyphs.check : ' ';
      lines.push(
        <Text key={`${index}:${row.id}`} inverse={selected} dimColor={!selected && row.resolved}>
          {fit(
            `${selected ? glyphs.selected : ' '}${mark}${rowCells(columns, row, style)}`,
            width,
            'left',
            glyphs.ellipsis,
          )}
        </Text>,
      );
      // w: its long fields in full, under it.
      if (selected)
        for (const [n, w] of layout.wrapped.entries())
          lines.push(<Text key={`wrap${n}`}>{fit(w, width, 'left', glyphs.ellipsis)}</Text>);
    }
  }
  return (
    <Box flexDirection="column" height={layout.pictures + height + 1 + layout.strip} overflow="hidden">
      {pictures.map((line, i) => (
        <Text key={`picture${i}`}>{truncate(line, width, glyphs.ellipsis)}</Text>
      ))}
      <Text bold underline>
        {fit(
          headerLine(columns, currentSort(spec.id, tab.filters), style, layout.scrolled),
          width,
          'left',
          glyphs.ellipsis,
        )}
      </Text>
      <Box flexDirection="column" height={height}>
        {lines}
      </Box>
      {layout.strip ? <HiddenColumns row={selectedRow} layout={layout} width={width} style={style} /> : null}
    </Box>
  );
}

/**
 * The selected row's values of the columns that did not fit, as "Header
 * value · Header value", filled into the layout's lines in order (a value too
 * long for its line is cut there).
 */
function HiddenColumns({
  row,
  layout,
  width,
  style,
}: {
  row: DisplayRow | undefined;
  layout: TableLayout;
  width: number;
  style: CellStyle;
}) {
  const parts = row
    ? layout.hidden
        .filter((c) => cellText(row, c, style) !== '')
        .map((c) => ({ c, header: headerOf(c, style), value: sanitize(cellText(row, c, style)) }))
    : [];
  const lines: (typeof parts)[] = [[]];
  let used = 2;
  for (const part of parts) {
    const size = displayWidth(`${part.header} ${part.value}`) + (lines.at(-1)!.length ? 3 : 0);
    if (used + size > width && lines.at(-1)!.length && lines.length < layout.strip) {
      lines.push([]);
      used = 2;
    }
    used += displayWidth(`${part.header} ${part.value}`) + (lines.at(-1)!.length ? 3 : 0);
    lines.at(-1)!.push(part);
  }
  while (lines.length < layout.strip) lines.push([]);
  return (
    <>
      {lines.map((line, l) => (
        <Text key={l} wrap="truncate">
          {line.length === 0 ? ' ' : '  '}
          {line.map(({ c, header, value }, i) => (
            <Text key={c.key}>
              {i > 0 ? ` ${style.glyphs.dot} ` : ''}
              <Text bold>{header}</Text>
              {` ${truncate(value, Math.max(1, width - 4 - displayWidth(header)), style.glyphs.ellipsis)}`}
            </Text>
          ))}
        </Text>
      ))}
    </>
  );
}
