import { Box, Text } from 'ink';
import { displayWidth, sanitize, truncate, wrap } from '../../text/sanitize.js';
import type { Glyphs } from '../glyphs.js';
import { messageLines } from '../layout.js';
import type { AppState } from '../state.js';

interface StatusProps {
  /** "row 3 of 120". */
  position: string;
  label: string;
  readOnly: boolean;
  working: boolean;
  width: number;
  glyphs: Glyphs;
  /** No colour (NO_COLOR): the badges keep inverse and bold. */
  mono: boolean;
  /** Background work that reads much of the file, while it runs. */
  background?: string;
  /** The file changed on disk: nothing more is read from it. */
  stale?: boolean;
}

const STALE_BADGE = ' CHANGED ON DISK: R reopens ';

/** Where you are, which file, READ-ONLY, CHANGED ON DISK, "working…" and background work. */
export function StatusLine({
  position,
  label,
  readOnly,
  working,
  width,
  glyphs,
  mono,
  background,
  stale,
}: StatusProps) {
  const sep = ` ${glyphs.separator} `;
  const badge = ' READ-ONLY ';
  const tail = `${working ? `${sep}working${glyphs.ellipsis}` : ''}${background ? `${sep}${background}` : ''}`;
  const room =
    width -
    displayWidth(position) -
    sep.length -
    (readOnly ? sep.length + badge.length : 0) -
    (stale ? sep.length + STALE_BADGE.length : 0) -
    displayWidth(tail);
  return (
    <Text>
      <Text bold>{truncate(position, width, glyphs.ellipsis)}</Text>
      {room > 0 ? `${sep}${truncate(sanitize(label), room, glyphs.ellipsis)}` : ''}
      {readOnly && room > 0 ? (
        <>
          {sep}
          <Text inverse bold color={mono ? undefined : 'yellow'}>
            {badge}
          </Text>
        </>
      ) : null}
      {stale ? (
        <>
          {sep}
          <Text inverse bold color={mono ? undefined : 'red'}>
            {STALE_BADGE}
          </Text>
        </>
      ) : null}
      {room > 0 ? tail : ''}
    </Text>
  );
}

/**
 * The outcome of the last action (or why a key did nothing), marked ✓ / ✗ and
 * not by colour alone; on two lines when it does not fit one (the layout
 * gives it the line), so a command to run is never cut.
 */
export function MessageLine({ state, glyphs }: { state: AppState; glyphs: Glyphs }) {
  const message = state.message;
  if (!message) return <Text> </Text>;
  const text = `${message.ok ? glyphs.check : glyphs.cross} ${sanitize(message.text)}`;
  const lines = messageLines(state) === 2 ? wrap(text, state.columns) : [text];
  const shown =
    lines.length > 2 ? [lines[0]!, truncate(lines.slice(1).join(' '), state.columns, glyphs.ellipsis)] : lines;
  return (
    <Box flexDirection="column">
      {shown.map((l, i) => (
        <Text key={i} color={state.mono ? undefined : message.ok ? 'green' : 'red'}>
          {truncate(l, state.columns, glyphs.ellipsis)}
        </Text>
      ))}
    </Box>
  );
}
