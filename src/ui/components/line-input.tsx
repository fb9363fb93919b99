import { Text } from 'ink';
import { displayWidth, sanitize } from '../../text/sanitize.js';
import type { Line } from '../line-edit.js';

interface Props {
  line: Line;
  /** Columns it may take. */
  width: number;
  placeholder?: string;
  /** Whether it has the keys (draws the cursor). */
  focused?: boolean;
}

/**
 * A line being typed, the cursor drawn as an inverse cell; scrolled so the
 * cursor stays in view when the text is longer than the room.
 */
export function LineInput({ line, width, placeholder, focused = true }: Props) {
  const chars = [...line.value];
  if (chars.length === 0 && placeholder) {
    return (
      <Text>
        {focused ? <Text inverse> </Text> : null}
        <Text dimColor>{placeholder.slice(0, Math.max(0, width - 1))}</Text>
      </Text>
    );
  }
  // The window of characters around the cursor that fits.
  let from = 0;
  const room = Math.max(1, width - 1);
  while (from < line.cursor && displayWidth(sanitize(chars.slice(from, line.cursor).join(''))) > room) from++;
  let to = from;
  while (to < chars.length && displayWidth(sanitize(chars.slice(from, to + 1).join(''))) <= room) to++;
  const before = sanitize(chars.slice(from, line.cursor).join(''));
  const at = line.cursor < chars.length ? sanitize(chars[line.cursor]!) : ' ';
  const after = sanitize(chars.slice(line.cursor + 1, Math.max(line.cursor + 1, to)).join(''));
  if (!focused) return <Text>{sanitize(chars.slice(from, to).join(''))}</Text>;
  return (
    <Text>
      {before}
      <Text inverse>{at}</Text>
      {after}
    </Text>
  );
}
