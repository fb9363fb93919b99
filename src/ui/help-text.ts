/**
 * The words made from the binding table: the keys that work right now (the
 * status line), the `?` help, and the README's key table.
 */
import { ALL_MODES, BINDINGS, showsPassLegend, type Binding, type ModeKind } from './bindings.js';
import { glyphsOf, type Glyphs } from './glyphs.js';
import type { AppState } from './model.js';

export type KeyHint = [keys: string, what: string];

/** Where each part of the help and the README's table applies, in order. */
export const HELP_SECTIONS: readonly { title: string; modes: readonly ModeKind[] | 'all' }[] = [
  { title: 'Everywhere', modes: 'all' },
  { title: 'The table', modes: ['table'] },
  { title: 'A record (Enter)', modes: ['detail'] },
  { title: 'Error groups (E)', modes: ['groups'] },
  { title: 'The filter form (f)', modes: ['filters'] },
  { title: 'Typing: the keyword (/), go to (:), a filter field, a fix', modes: ['prompt', 'goto', 'fix'] },
  { title: 'Menus: Options (o), copy (y), columns (C)', modes: ['options', 'copy', 'columns'] },
  { title: 'Questions, the settings (i) and this help (?)', modes: ['confirm', 'confirm-quit', 'settings', 'help'] },
];

/** The bindings of a section: each once, in the table's order, under the first of the section's modes it works in. */
export function sectionBindings(modes: readonly ModeKind[] | 'all', done: Set<string>): Binding[] {
  // "Everywhere" holds only what works in every mode.
  const within = modes === 'all' ? ALL_MODES : modes;
  return BINDINGS.filter((b) => {
    if (
      done.has(b.id) ||
      !b.modes.some((m) => within.includes(m)) ||
      (modes === 'all' && b.modes.length < ALL_MODES.length)
    )
      return false;
    done.add(b.id);
    return true;
  });
}

function labelOf(b: Binding): string {
  return b.label ?? b.keys.join(' ');
}

/** Arrows as the charset can draw them. */
function keysFor(text: string, g: Glyphs): string {
  return text.replace('↑↓', g.upDown).replace('←→', g.leftRight);
}

/** The keys that do something in the current state, most useful first: every enabled binding of the mode that has a hint. */
export function keysNow(state: AppState): KeyHint[] {
  const g = glyphsOf(state);
  const hints: KeyHint[] = [];
  if (showsPassLegend(state)) hints.push([g.check, 'passes if re-run now']);
  const marks = state.marks[state.tab]?.length ?? 0;
  const ranked = BINDINGS.map((b, i) => ({ b, i })).sort((x, y) => (x.b.rank ?? 50) - (y.b.rank ?? 50) || x.i - y.i);
  for (const { b } of ranked) {
    if (
      !b.hint ||
      !b.modes.includes(state.mode.kind) ||
      b.disabled?.(state) !== undefined ||
      (b.hintWhen && !b.hintWhen(state))
    )
      continue;
    const what = b.id === 'options' && marks ? `options (${marks} marked)` : b.hint;
    hints.push([keysFor(b.short ?? labelOf(b), g), what]);
  }
  return hints;
}

export function hintText(hints: readonly KeyHint[]): string {
  return hints.map(([k, w]) => `${k} ${w}`).join('  ');
}

export interface HelpLine {
  kind: 'title' | 'section' | 'key';
  keys?: string;
  text: string;
}

/** The help, line by line: the version, then every binding by where it works. */
export function helpLines(state: Pick<AppState, 'version'>): HelpLine[] {
  const lines: HelpLine[] = [
    { kind: 'title', text: `amazon-logs ${state.version || ''}`.trim() + ' · keys (Esc or ? closes; ↑↓ PgDn scroll)' },
  ];
  const done = new Set<string>();
  for (const section of HELP_SECTIONS) {
    const bindings = sectionBindings(section.modes, done);
    if (!bindings.length) continue;
    lines.push({ kind: 'section', text: section.title });
    for (const b of bindings) lines.push({ kind: 'key', keys: labelOf(b), text: b.help });
  }
  return lines;
}

/** The README's key table, made from the binding table (a test checks the README holds exactly this). */
export function keyTableMarkdown(): string {
  const out: string[] = [];
  const done = new Set<string>();
  for (const section of HELP_SECTIONS) {
    const bindings = sectionBindings(section.modes, done);
    if (!bindings.length) continue;
    out.push(`**${section.title}**`, '', '| keys | does |', '|---|---|');
    for (const b of bindings)
      out.push(
        `| ${labelOf(b)
          .split(' ')
          .map((k) => `\`${k.replace(/\|/g, '\\|')}\``)
          .join(' ')} | ${b.help.replace(/\|/g, '\\|')} |`,
      );
    out.push('');
  }
  return out.join('\n').trimEnd();
}
