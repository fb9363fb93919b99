import { Box, Text } from 'ink';
import { fit, sanitize } from '../../text/sanitize.js';
import type { Glyphs } from '../glyphs.js';

interface Props {
  title: string;
  items: readonly string[];
  cursor: number;
  width: number;
  height: number;
  glyphs: Glyphs;
  /** Lines under the list (what the highlighted item means). */
  notes?: readonly string[];
}

/** A numbered menu, the highlighted item marked by › and inverse; the keys (digits, ↑↓, Enter, Esc) are the router's. */
export function ChoiceList({ title, items, cursor, width, height, glyphs, notes = [] }: Props) {
  const rows = Math.max(1, height - 2 - notes.length);
  const top = Math.max(0, Math.min(cursor - Math.floor(rows / 2), items.length - rows));
  return (
    <Box flexDirection="column" height={height} overflow="hidden">
      <Text bold>{fit(sanitize(title), width, 'left', glyphs.ellipsis)}</Text>
      {items.slice(top, top + rows).map((item, i) => {
        const on = top + i === cursor;
        return (
          <Text key={`${top + i}`} inverse={on} bold={on}>
            {fit(`${on ? glyphs.selected : ' '} ${top + i + 1}. ${sanitize(item)}`, width, 'left', glyphs.ellipsis)}
          </Text>
        );
      })}
      {notes.map((n, i) => (
        <Text key={`note${i}`}>{fit(sanitize(n), width, 'left', glyphs.ellipsis)}</Text>
      ))}
      <Text dimColor>{fit(`Enter or a digit picks ${glyphs.dot} Esc closes`, width, 'left', glyphs.ellipsis)}</Text>
    </Box>
  );
}
