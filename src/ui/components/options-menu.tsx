import { ACTION_LABELS } from '../../triage/tabs.js';
import type { ActionId } from '../../triage/triage-types.js';
import type { Glyphs } from '../glyphs.js';
import { ChoiceList } from './choice-list.js';

interface Props {
  /** The actions offered for these rows (the tab's, plus the fix an error offers). */
  actions: readonly ActionId[];
  /** "order 112-…", already from the row (sanitised by the list). */
  label: string;
  width: number;
  height: number;
  /** Highlighted item; the router moves it. */
  cursor: number;
  /** What the fix on offer would change ("Relink SKU… AMZ-1, now linked to WID-100"). */
  fix?: string;
  /** Where the error's cause is fixed when the app cannot fix it. */
  hint?: string;
  glyphs: Glyphs;
}

/** The tab's actions for the selected row (or the marked rows); the key router moves and picks. */
export function OptionsMenu({ actions, label, width, height, cursor, fix, hint, glyphs }: Props) {
  const notes = [...(fix ? [`Fix: ${fix}`] : []), ...(hint ? [`How to fix: ${hint}`] : [])];
  return (
    <ChoiceList
      title={`Options for ${label}`}
      items={actions.map((a) => ACTION_LABELS[a])}
      cursor={cursor}
      width={width}
      height={height}
      glyphs={glyphs}
      notes={notes}
    />
  );
}
