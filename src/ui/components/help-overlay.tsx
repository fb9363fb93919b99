import { Box, Text } from 'ink';
import { fit } from '../../text/sanitize.js';
import type { Glyphs } from '../glyphs.js';
import { helpLines } from '../help-text.js';
import type { AppState } from '../model.js';

interface Props {
  state: AppState;
  scroll: number;
  width: number;
  height: number;
  glyphs: Glyphs;
}

/** Every key by where it works, from the binding table, with the version; it scrolls (↑↓ PgDn) when taller than the body. */
export function HelpOverlay({ state, scroll, width, height, glyphs }: Props) {
  const lines = helpLines(state);
  const [title, ...rest] = lines;
  const room = Math.max(1, height - 1);
  const top = Math.max(0, Math.min(scroll, rest.length - room));
  const keyWidth = Math.min(28, Math.max(...rest.map((l) => (l.keys ?? '').length)) + 4);
  const shown = rest.slice(top, top + room);
  const where = rest.length > room ? ` lines ${top + 1}-${top + shown.length} of ${rest.length}` : '';
  const arrows = (t: string) =>
    t
      .replace('↑↓', glyphs.upDown)
      .replace(' · ', ` ${glyphs.dot} `)
      .replace(/\(▼ ▲/g, glyphs.unicode ? '(▼ ▲' : '(v ^');
  return (
    <Box flexDirection="column" height={height} overflow="hidden">
      <Text bold>{fit(`${arrows(title!.text)}${where}`, width, 'left', glyphs.ellipsis)}</Text>
      {shown.map((l, i) =>
        l.kind === 'section' ? (
          <Text key={i} bold underline>
            {fit(l.text, width, 'left', glyphs.ellipsis)}
          </Text>
        ) : (
          <Text key={i}>
            <Text bold>{`${fit(`  ${l.keys}`, keyWidth - 1, 'left', glyphs.ellipsis)} `}</Text>
            {fit(l.text, Math.max(0, width - keyWidth), 'left', glyphs.ellipsis)}
          </Text>
        ),
      )}
    </Box>
  );
}
