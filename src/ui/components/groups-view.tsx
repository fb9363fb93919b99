import { Box, Text } from 'ink';
import type { ErrorGroup } from '../../triage/error-groups.js';
import type { Glyphs } from '../glyphs.js';
import { groupColumns, groupDetails, groupRow } from '../groups-slice.js';
import { headerLine, layoutColumns, rowCells } from '../layout.js';
import { fit, sanitize, truncate } from '../../text/sanitize.js';

interface Props {
  groups: ErrorGroup[] | undefined;
  cursor: number;
  width: number;
  height: number;
  glyphs: Glyphs;
}

/** Lines of the groups view besides its rows: title, header, and the selected group in full (two lines). */
export const GROUP_CHROME = 4;

/**
 * Open errors grouped by code and message pattern, as a table: count, a bar
 * for it, code, pattern, errors per day over two weeks, last seen, how many
 * would pass now; the selected group (› and inverse) in full underneath.
 */
export function GroupsView({ groups, cursor, width, height, glyphs }: Props) {
  const rows = Math.max(1, height - GROUP_CHROME);
  const top = Math.max(0, Math.min(cursor - Math.floor(rows / 2), (groups?.length ?? 0) - rows));
  const total = groups?.reduce((n, g) => n + g.count, 0) ?? 0;
  const title = groups
    ? `Open errors by cause: ${groups.length} group${groups.length === 1 ? '' : 's'}, ${total} errors`
    : `Open errors by cause: counting${glyphs.ellipsis}`;
  const columns = layoutColumns(groupColumns(groups ?? [], width), width);
  const barWidth = columns.find((c) => c.spec.key === 'bar')?.width ?? 0;
  const lastSeenWidth = columns.find((c) => c.spec.key === 'lastSeen')?.width ?? 11;
  const maxCount = Math.max(0, ...(groups ?? []).map((g) => g.count));
  const selected = groups?.[cursor];
  const details = selected ? groupDetails(selected, glyphs) : ['', ''];
  return (
    <Box flexDirection="column" height={height} overflow="hidden">
      <Text bold wrap="truncate">
        {fit(title, width)}
      </Text>
      <Text bold underline wrap="truncate">
        {fit(headerLine(columns, undefined, { glyphs, localTime: false }), width, 'left', glyphs.ellipsis)}
      </Text>
      <Box flexDirection="column" height={rows}>
        {groups?.slice(top, top + rows).map((g, i) => {
          const on = top + i === cursor;
          return (
            <Text key={`${g.code}|${g.pattern}`} inverse={on} wrap="truncate">
              {fit(
                `${on ? glyphs.selected : ' '} ${rowCells(columns, groupRow(g, top + i, maxCount, barWidth, lastSeenWidth, glyphs), { glyphs, localTime: false })}`,
                width,
                'left',
                glyphs.ellipsis,
              )}
            </Text>
          );
        })}
        {groups?.length === 0 ? <Text> No open errors.</Text> : null}
      </Box>
      {details.map((line, i) => (
        <Text key={i} dimColor={i > 0} wrap="truncate">
          {truncate(sanitize(line), width, glyphs.ellipsis)}
        </Text>
      ))}
    </Box>
  );
}
