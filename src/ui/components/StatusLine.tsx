import { Text } from 'ink';
import { sanitize } from '../../text/sanitize.js';
import type { StatusMessage } from '../state.js';

interface StatusProps {
  /** "row 3 of 120". */
  position: string;
  label: string;
  readOnly: boolean;
  working: boolean;
}

/** Where you are, which file, READ-ONLY and "working…". */
export function StatusLine({ position, label, readOnly, working }: StatusProps) {
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
    </Text>
  );
}

/** The outcome of the last action (or why a key did nothing), marked ✓ / ✗ and not by colour alone. */
export function MessageLine({ message }: { message: StatusMessage | undefined }) {
  if (!message) return <Text> </Text>;
  return <Text wrap="truncate" color={message.ok ? 'green' : 'red'}>{`${message.ok ? '✓' : '✗'} ${sanitize(message.text)}`}</Text>;
}
