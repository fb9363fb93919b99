import { Text } from 'ink';
import { TABS } from '../../triage/tabs.js';
import type { TabId } from '../../triage/types.js';

interface Props {
  active: TabId;
  counts: Record<TabId, number> | undefined;
}

/** `[1 Orders 3 open]│ 2 Inventory 0 open │...`: the active tab is bracketed and inverse, not only coloured. */
export function TabBar({ active, counts }: Props) {
  return (
    <Text wrap="truncate">
      {TABS.map((spec, i) => {
        const open = counts ? `${counts[spec.id]} open` : '…';
        const on = spec.id === active;
        const label = `${on ? '[' : ' '}${i + 1} ${spec.title} ${open}${on ? ']' : ' '}`;
        const alarm = !on && counts !== undefined && counts[spec.id] > 0;
        return (
          <Text key={spec.id}>
            {i > 0 ? '│' : ''}
            <Text inverse={on} bold={on} color={alarm ? 'red' : undefined}>
              {label}
            </Text>
          </Text>
        );
      })}
    </Text>
  );
}
