import { Box, Text } from 'ink';
import type { SettingRow } from '../../triage/source.js';
import { fit, sanitize } from '../../text/sanitize.js';
import type { Glyphs } from '../glyphs.js';

interface Props {
  rows: SettingRow[] | undefined;
  width: number;
  height: number;
  glyphs: Glyphs;
}

/** The integration's settings that drive processing, read-only (i). */
export function SettingsView({ rows, width, height, glyphs }: Props) {
  if (!rows) return <Text dimColor>{fit(`  loading${glyphs.ellipsis}`, width)}</Text>;
  const keyWidth = Math.max(...rows.map((r) => r.key.length)) + 2;
  const valueWidth = Math.min(24, Math.max(5, ...rows.map((r) => (r.value ?? '-').length))) + 2;
  return (
    <Box flexDirection="column" height={height} overflow="hidden">
      <Text bold wrap="truncate">
        {fit(
          `Settings (read-only; they are the ERP app's to change ${glyphs.dot} Esc or i closes)`,
          width,
          'left',
          glyphs.ellipsis,
        )}
      </Text>
      {rows.slice(0, Math.max(0, height - 1)).map((r) => (
        <Text key={r.key} wrap="truncate">
          <Text bold>{fit(`  ${sanitize(r.key)}`, keyWidth + 2)}</Text>
          {fit(r.value === null ? '-' : sanitize(r.value), valueWidth, 'left', glyphs.ellipsis)}
          <Text dimColor>
            {fit(sanitize(r.meaning), Math.max(0, width - keyWidth - valueWidth - 2), 'left', glyphs.ellipsis)}
          </Text>
        </Text>
      ))}
    </Box>
  );
}
