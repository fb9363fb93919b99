import { Box, Text } from 'ink';
import type { TabSpec } from '../../triage/types.js';
import { filtersInWords } from '../format.js';
import { headerLine, layoutColumns, rowCells } from '../layout.js';
import { fit } from '../../text/sanitize.js';
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
  /** Table rows under the header. */
  height: number;
  /** Ids of the rows marked for a bulk action. */
  marked: ReadonlySet<number>;
}

/** The one table view: any tab, driven by its TabSpec; renders only the rows that fit. */
export function Table({ spec, tab, window, current, width, height, marked }: Props) {
  const columns = layoutColumns(spec.columns, width);
  const lines = [];
  if (!window) {
    lines.push(<Text key="loading" dimColor>{fit('  loading…', width)}</Text>);
  } else if (current && window.total === 0) {
    const why = `  No ${spec.title.toLowerCase()} match. ${filtersInWords(spec.id, tab.filters)}`;
    lines.push(<Text key="empty" wrap="truncate">{fit(why, width)}</Text>);
  } else {
    for (let i = 0; i < height; i++) {
      const index = tab.scrollTop + i;
      const row = window.rows[index - window.offset];
      if (!row) continue;
      const selected = index === tab.selected;
      // The gutter: * a marked row; ✓ an open error whose transaction would pass if re-run now.
      const mark = marked.has(row.id) ? '*' : row.passes ? '✓' : ' ';
      lines.push(
        <Text key={`${index}:${row.id}`} wrap="truncate" inverse={selected} dimColor={!selected && row.resolved}>
          {fit(`${selected ? '›' : ' '}${mark}${rowCells(columns, row)}`, width)}
        </Text>,
      );
    }
  }
  return (
    <Box flexDirection="column" height={height + 1} overflow="hidden">
      <Text bold underline wrap="truncate">
        {fit(headerLine(columns, currentSort(spec.id, tab.filters)), width)}
      </Text>
      {lines}
    </Box>
  );
}
