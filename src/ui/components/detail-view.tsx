import { Box, Text } from 'ink';
import type { Detail } from '../../triage/triage-types.js';
import { detailLines, detailViewport, maxScroll, transactionStrip } from '../detail-lines.js';
import { sanitize, truncate } from '../../text/sanitize.js';
import type { Glyphs } from '../glyphs.js';

interface Props {
  detail: Detail | undefined;
  scroll: number;
  txCursor: number;
  width: number;
  height: number;
  glyphs: Glyphs;
  /** Z: the record's dates in local time. */
  localTime?: boolean;
}

/** One record: its fields and sections, scrolled by line; its transactions in a strip that does not scroll. */
export function DetailView({ detail, scroll, txCursor, width, height, glyphs, localTime = false }: Props) {
  if (!detail) {
    return (
      <Box height={height}>
        <Text dimColor>{`loading${glyphs.ellipsis}`}</Text>
      </Box>
    );
  }
  const lines = detailLines(detail, width, glyphs.ellipsis, localTime);
  const viewport = detailViewport(detail, height);
  const top = Math.min(scroll, maxScroll(lines.length, viewport));
  const shown = lines.slice(top, top + viewport);
  const where = lines.length > viewport ? `  lines ${top + 1}-${top + shown.length} of ${lines.length}` : '';
  return (
    <Box flexDirection="column" height={height} overflow="hidden">
      <Text wrap="truncate">
        <Text
          bold
          inverse
        >{` ${truncate(sanitize(detail.title), Math.max(1, width - where.length - 2), glyphs.ellipsis)} `}</Text>
        <Text dimColor>{where}</Text>
      </Text>
      <Box flexDirection="column" height={viewport}>
        {shown.map((line, i) =>
          line.kind === 'field' ? (
            <Text key={i}>
              <Text bold>{line.label}</Text>
              {`  ${line.text}`}
            </Text>
          ) : (
            <Text key={i} bold={line.kind === 'section'} underline={line.kind === 'section'}>
              {line.text || ' '}
            </Text>
          ),
        )}
      </Box>
      {detail.transactionIds.length ? (
        <TransactionStrip ids={detail.transactionIds} cursor={txCursor} width={width} glyphs={glyphs} />
      ) : null}
    </Box>
  );
}

function TransactionStrip({
  ids,
  cursor,
  width,
  glyphs,
}: {
  ids: readonly number[];
  cursor: number;
  width: number;
  glyphs: Glyphs;
}) {
  const lead = `Transactions (${ids.length}): `;
  const { from, to } = transactionStrip(ids, cursor, width - lead.length);
  return (
    <Text>
      <Text bold>{lead}</Text>
      {from > 0 ? `${glyphs.ellipsis} ` : ''}
      {ids.slice(from, to).map((id, i) => {
        const on = from + i === cursor;
        return (
          <Text key={id}>
            {i > 0 ? ' ' : ''}
            <Text inverse={on} bold={on}>
              {on ? `${glyphs.selected}#${id}${glyphs.unicode ? '‹' : '<'}` : ` #${id} `}
            </Text>
          </Text>
        );
      })}
      {to < ids.length ? ` ${glyphs.ellipsis}` : ''}
    </Text>
  );
}
