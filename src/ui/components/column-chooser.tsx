import { Box, Text } from 'ink';
import { tabSpec } from '../../triage/tabs.js';
import type { TabId } from '../../triage/triage-types.js';
import { fit } from '../../text/sanitize.js';
import type { Glyphs } from '../glyphs.js';
import { headerOf } from '../layout.js';
import type { AppState } from '../model.js';

interface Props {
  state: AppState;
  tab: TabId;
  cursor: number;
  width: number;
  height: number;
  glyphs: Glyphs;
}

/** C: every column of the tab with [x] when it shows; Space shows or hides the highlighted one. */
export function ColumnChooser({ state, tab, cursor, width, height, glyphs }: Props) {
  const columns = tabSpec(tab).columns;
  const hidden = state.hiddenColumns[tab];
  const rows = Math.max(1, height - 2);
  const top = Math.max(0, Math.min(cursor - Math.floor(rows / 2), columns.length - rows));
  return (
    <Box flexDirection="column" height={height} overflow="hidden">
      <Text bold>
        {fit(
          `Columns of ${tabSpec(tab).title} (the ones that do not fit the width show under the table)`,
          width,
          'left',
          glyphs.ellipsis,
        )}
      </Text>
      {columns.slice(top, top + rows).map((c, i) => {
        const on = top + i === cursor;
        return (
          <Text key={c.key} inverse={on} bold={on}>
            {fit(
              `${on ? glyphs.selected : ' '} [${hidden.includes(c.key) ? ' ' : 'x'}] ${headerOf(c, { glyphs, localTime: state.localTime })}`,
              width,
              'left',
              glyphs.ellipsis,
            )}
          </Text>
        );
      })}
      <Text dimColor>
        {fit(
          `Space shows/hides ${glyphs.dot} Enter or Esc closes (kept in the config file)`,
          width,
          'left',
          glyphs.ellipsis,
        )}
      </Text>
    </Box>
  );
}
