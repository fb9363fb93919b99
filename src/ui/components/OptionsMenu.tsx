import { Box, Text } from 'ink';
import SelectInput from 'ink-select-input';
import { ACTION_LABELS } from '../../triage/tabs.js';
import type { ActionId } from '../../triage/types.js';
import { sanitize } from '../../text/sanitize.js';

interface Props {
  /** The actions offered for these rows (the tab's, plus the fix an error offers). */
  actions: readonly ActionId[];
  /** "order 112-…", already from the row (sanitised here). */
  label: string;
  height: number;
  /** Highlighted item; the router moves it (the menu itself reads no keys). */
  cursor: number;
  /** What the fix on offer would change ("Relink SKU… AMZ-1, now linked to WID-100"). */
  fix?: string;
  /** Where the error's cause is fixed when the app cannot fix it. */
  hint?: string;
}

/** The tab's actions for the selected row, drawn by ink-select-input; the key router moves and picks. */
export function OptionsMenu({ actions, label, height, cursor, fix, hint }: Props) {
  const items = actions.map((action, i) => ({ key: action, label: `${i + 1}. ${ACTION_LABELS[action]}`, value: action }));
  return (
    <Box flexDirection="column" height={height} overflow="hidden">
      <Text bold wrap="truncate">{`Options for ${sanitize(label)}`}</Text>
      {/* Keyed by the cursor: ink-select-input only takes a starting index, so it is drawn anew at each move. */}
      <SelectInput key={cursor} items={items} initialIndex={cursor} isFocused={false} />
      {fix ? <Text wrap="truncate">{`Fix: ${sanitize(fix)}`}</Text> : null}
      {hint ? <Text wrap="truncate">{`How to fix: ${sanitize(hint)}`}</Text> : null}
      <Text dimColor wrap="truncate">
        Enter runs the highlighted action · Esc closes
      </Text>
    </Box>
  );
}
