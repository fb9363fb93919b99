import { Text } from 'ink';
import type { StatusMessage } from '../state.js';
import { sanitize } from '../sanitize.js';

interface Props {
  /** "row 3 of 120", or what the body shows instead. */
  position: string;
  label: string;
  readOnly: boolean;
  working: boolean;
  message: StatusMessage | undefined;
}

/** Where you are, which file, READ-ONLY, "working…", and the last action's outcome (✓ / ✗, not colour alone). */
export function StatusLine({ position, label, readOnly, working, message }: Props) {
  return (
    <Text wrap="truncate">
      <Text bold>{position}</Text>
      {' │ '}
      {sanitize(label)}
      {readOnly ? (
        <>
          {' │ '}
          <Text inverse bold color="yellow">
            {' READ-ONLY '}
          </Text>
        </>
      ) : null}
      {working ? ' │ working…' : ''}
      {message ? (
        <>
          {' │ '}
          <Text color={message.ok ? 'green' : 'red'}>{`${message.ok ? '✓' : '✗'} ${sanitize(message.text)}`}</Text>
        </>
      ) : null}
    </Text>
  );
}
