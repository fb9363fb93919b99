import { Text } from 'ink';
import { TABS } from '../../triage/tabs.js';
import type { TabId } from '../../triage/triage-types.js';
import { displayWidth, truncate } from '../../text/sanitize.js';
import type { Glyphs } from '../glyphs.js';

interface Props {
  active: TabId;
  counts: Record<TabId, number> | undefined;
  width: number;
  glyphs: Glyphs;
  mono: boolean;
}

/** `[1 Orders 3 open]│ 2 Inventory 0 open │...`: the active tab is bracketed and inverse, not only coloured. */
export function TabBar({ active, counts, width, glyphs, mono }: Props) {
  let used = 0;
  return (
    <Text>
      {TABS.map((spec, i) => {
        const open = counts ? `${counts[spec.id]} open` : glyphs.ellipsis;
        const on = spec.id === active;
        const label = `${i > 0 ? glyphs.separator : ''}${on ? '[' : ' '}${i + 1} ${spec.title} ${open}${on ? ']' : ' '}`;
        const room = width - used;
        used += displayWidth(label);
        if (room <= 0) return null;
        const text = truncate(label, room, glyphs.ellipsis);
        const alarm = !on && !mono && counts !== undefined && counts[spec.id] > 0;
        const sep = i > 0 ? text.slice(0, glyphs.separator.length) : '';
        return (
          <Text key={spec.id}>
            {sep}
            <Text inverse={on} bold={on} color={alarm ? 'red' : undefined}>
              {text.slice(sep.length)}
            </Text>
          </Text>
        );
      })}
    </Text>
  );
}
