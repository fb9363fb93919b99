import { Box, Text } from 'ink';
import SelectInput from 'ink-select-input';
import { ACTION_LABELS } from '../../triage/tabs.js';
import type { ActionId, TabSpec } from '../../triage/types.js';
import { sanitize } from '../sanitize.js';

interface Props {
  spec: TabSpec;
  /** "order 112-…", already from the row (sanitised here). */
  label: string;
  height: number;
  onSelect: (action: ActionId) => void;
}

/** The tab's actions for the selected row. ink-select-input owns ↑↓ j k, digits and Enter while it is open. */
export function OptionsMenu({ spec, label, height, onSelect }: Props) {
  const items = spec.actions.map((action, i) => ({ key: action, label: `${i + 1}. ${ACTION_LABELS[action]}`, value: action }));
  return (
    <Box flexDirection="column" height={height} overflow="hidden">
      <Text bold wrap="truncate">{`Options for ${sanitize(label)}`}</Text>
      <SelectInput items={items} isFocused onSelect={(item) => onSelect(item.value)} />
      <Text dimColor wrap="truncate">
        Enter runs the highlighted action · Esc closes
      </Text>
    </Box>
  );
}
