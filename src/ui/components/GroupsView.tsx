import { Box, Text } from 'ink';
import type { ErrorGroup } from '../../triage/groups.js';
import { groupLine } from '../groups.js';
import { fit, sanitize } from '../../text/sanitize.js';

interface Props {
  groups: ErrorGroup[] | undefined;
  cursor: number;
  width: number;
  height: number;
}

/** Open errors grouped by code and message pattern; the selected group marked by › and inverse. */
export function GroupsView({ groups, cursor, width, height }: Props) {
  const rows = height - 1;
  const top = Math.max(0, Math.min(cursor - Math.floor(rows / 2), (groups?.length ?? 0) - rows));
  const total = groups?.reduce((n, g) => n + g.count, 0) ?? 0;
  const title = groups ? `Open errors by cause: ${groups.length} group${groups.length === 1 ? '' : 's'}, ${total} errors` : 'Open errors by cause: counting…';
  return (
    <Box flexDirection="column" height={height} overflow="hidden">
      <Text bold wrap="truncate">
        {fit(title, width)}
      </Text>
      {groups?.slice(top, top + rows).map((g, i) => {
        const selected = top + i === cursor;
        return (
          <Text key={`${g.code}|${g.pattern}`} inverse={selected} wrap="truncate">
            {fit(`${selected ? '›' : ' '} ${sanitize(groupLine(g))}`, width)}
          </Text>
        );
      })}
      {groups?.length === 0 ? <Text>  No open errors.</Text> : null}
    </Box>
  );
}
