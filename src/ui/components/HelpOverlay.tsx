import { Box, Text } from 'ink';
import { HELP } from '../format.js';
import { fit } from '../../text/sanitize.js';

interface Props {
  width: number;
  height: number;
}

/** Every key and what it does, in the body's place. */
export function HelpOverlay({ width, height }: Props) {
  const keyWidth = Math.max(...HELP.map(([k]) => k.length)) + 2;
  return (
    <Box flexDirection="column" height={height} overflow="hidden">
      <Text bold wrap="truncate">
        Keys (Esc or ? closes)
      </Text>
      {HELP.slice(0, Math.max(0, height - 1)).map(([keys, what]) => (
        <Text key={keys} wrap="truncate">
          <Text bold>{fit(`  ${keys}`, keyWidth + 2)}</Text>
          {fit(what, Math.max(0, width - keyWidth - 2))}
        </Text>
      ))}
    </Box>
  );
}
