/** The binding table: every binding pressed by name in every mode it lists; the help, the hints and the README come from it. */
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { tabSpec } from '../../src/triage/tabs.js';
import { NO_FILTERS, type DisplayRow, type TabId } from '../../src/triage/triage-types.js';
import { BINDINGS, type ModeKind } from '../../src/ui/bindings.js';
import { openForm } from '../../src/ui/filter-form-state.js';
import { helpLines, keysNow, keyTableMarkdown } from '../../src/ui/help-text.js';
import { keyName, PLAIN_KEY, resolveKey, type KeyInfo } from '../../src/ui/keys.js';
import { lineAt } from '../../src/ui/line-edit.js';
import type { Mode } from '../../src/ui/model.js';
import { initialState, queryKey, reduce, type AppState } from '../../src/ui/state.js';

/** The key event that has this name (the inverse of keyName). */
export function eventOf(name: string): { input: string; key: KeyInfo } {
  const k = (flags: Partial<KeyInfo>, input = '') => ({ input, key: { ...PLAIN_KEY, ...flags } });
  switch (name) {
    case 'Up':
      return k({ upArrow: true });
    case 'Down':
      return k({ downArrow: true });
    case 'Left':
      return k({ leftArrow: true });
    case 'Right':
      return k({ rightArrow: true });
    case 'PgUp':
      return k({ pageUp: true });
    case 'PgDn':
      return k({ pageDown: true });
    case 'Home':
      return k({ home: true });
    case 'End':
      return k({ end: true });
    case 'Enter':
      return k({ return: true });
    case 'Esc':
      return k({ escape: true });
    case 'Tab':
      return k({ tab: true });
    case 'Shift-Tab':
      return k({ tab: true, shift: true });
    case 'Backspace':
      return k({ delete: true });
    case 'Space':
      return k({}, ' ');
  }
  if (name.startsWith('Ctrl-')) return k({ ctrl: true }, name.slice(5).toLowerCase());
  if (name.startsWith('Alt-')) return k({ meta: true }, name.slice(4));
  return k({ shift: name !== name.toLowerCase() }, name);
}

const row = (id: number): DisplayRow => ({
  id,
  resolved: false,
  cells: { order_ref: `112-0000000-000000${id}`, message: 'x', code: 'ORD_SKU_UNLINKED', ref: 'AMZ-1' },
  passes: true,
});

/** A state in `mode` where as many bindings as can be are enabled: a loaded window of rows, marks, a keyword, a back stack. */
function stateIn(mode: ModeKind, tab: TabId = 'orders'): AppState {
  let s = { ...initialState(80, 24, undefined, { version: '9.9.9' }), tab };
  s = reduce(s, {
    type: 'loaded',
    tab,
    window: { query: queryKey(s, tab), total: 40, offset: 0, rows: Array.from({ length: 20 }, (_, i) => row(i + 1)) },
  });
  s = {
    ...s,
    marks: { [tab]: [1] },
    lastKeyword: 'x',
    message: { text: 'hi', ok: true },
    jumpedFrom: [{ tab, tabs: s.tabs, mode: { kind: 'table' } }],
  };
  const detail = {
    tab,
    id: 1,
    title: 'Order x',
    fields: [],
    sections: [],
    transactionIds: [5, 6],
    orderId: 1,
    orderRef: '112-0000000-0000001',
  };
  const modes: Record<ModeKind, Mode> = {
    table: { kind: 'table' },
    detail: { kind: 'detail', tab, id: 1, detail, scroll: 0, txCursor: 0 },
    prompt: { kind: 'prompt', line: lineAt('abc') },
    goto: { kind: 'goto', line: lineAt('tx 1') },
    fix: { kind: 'fix', action: 'link-sku', id: 1, label: 'error 1', note: 'n', line: lineAt('WID') },
    filters: { kind: 'filters', form: openForm(tabSpec(tab), NO_FILTERS) },
    options: { kind: 'options', tab, ids: [1], label: 'order x', cursor: 0, actions: tabSpec(tab).actions },
    confirm: { kind: 'confirm', tab, action: 'rerun', ids: [1], label: 'x' },
    settings: { kind: 'settings', rows: [], returnTo: { kind: 'table' } },
    groups: {
      kind: 'groups',
      groups: [
        { code: 'C', pattern: 'p', count: 1, wouldPass: 0, orders: 1, skus: 0, firstSeen: '', lastSeen: '', days: [] },
      ],
      cursor: 0,
    },
    help: { kind: 'help', returnTo: { kind: 'table' }, scroll: 0 },
    columns: { kind: 'columns', returnTo: { kind: 'table' }, tab, cursor: 0 },
    copy: { kind: 'copy', returnTo: { kind: 'table' }, choices: [{ label: 'Order number', value: '112' }], cursor: 0 },
    'confirm-quit': { kind: 'confirm-quit', returnTo: { kind: 'table' }, question: 'Quit?' },
  };
  return { ...s, mode: modes[mode] };
}

describe('the binding table', () => {
  it('names each binding once, with a help line', () => {
    const ids = BINDINGS.map((b) => b.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const b of BINDINGS) expect(b.help.length, b.id).toBeGreaterThan(3);
  });

  it('every binding, pressed by name in every mode it lists, is the binding the router picks (or says why it is off)', () => {
    let pressed = 0;
    for (const b of BINDINGS) {
      for (const mode of b.modes) {
        for (const name of b.keys) {
          // The form's field keys live on text fields and menu fields: press each where it applies.
          const s =
            mode === 'filters' && b.id === 'form-choice'
              ? {
                  ...stateIn(mode),
                  mode: { kind: 'filters', form: { ...openForm(tabSpec('orders'), NO_FILTERS), focus: 1 } } as Mode,
                }
              : stateIn(mode);
          const e = eventOf(name);
          expect(keyName(e.input, e.key), `${b.id} ${name}`).toBe(name);
          const { binding, command } = resolveKey(s, e.input, e.key);
          const why = b.disabled?.(s);
          // A key two bindings share in one mode: the first enabled one wins (Left/Right on a text field of the form).
          const earlier = BINDINGS.find(
            (o) => o !== b && o.modes.includes(mode) && o.keys.includes(name) && o.disabled?.(s) === undefined,
          );
          if (why !== undefined || (earlier && BINDINGS.indexOf(earlier) < BINDINGS.indexOf(b))) continue;
          expect(binding?.id, `${b.id} in ${mode} by ${name}`).toBe(b.id);
          expect(command, `${b.id} in ${mode} by ${name}`).toBeDefined();
          pressed++;
        }
      }
    }
    expect(pressed).toBeGreaterThan(150);
  });

  it('a disabled binding says why when pressed', () => {
    const s = { ...stateIn('table'), readOnlyReason: 'opened with --read-only' };
    expect(resolveKey(s, 'o', PLAIN_KEY).command).toEqual({
      type: 'message',
      message: { text: 'Read-only: opened with --read-only', ok: false },
    });
    const none = { ...stateIn('table'), lastKeyword: undefined };
    expect(resolveKey(none, 'n', PLAIN_KEY).command).toEqual({
      type: 'message',
      message: { text: 'No keyword yet: / searches', ok: false },
    });
  });

  it('R reopens the file only after it changed on disk; then o says why it is off, and the hints offer R', () => {
    const changed = { ...stateIn('table'), stale: 'The file changed on disk' };
    expect(resolveKey(changed, 'R', { ...PLAIN_KEY, shift: true }).command).toEqual({ type: 'reopen' });
    expect(resolveKey(changed, 'o', PLAIN_KEY).command).toEqual({
      type: 'message',
      message: { text: 'The file changed on disk; R reopens it', ok: false },
    });
    expect(keysNow(changed).map(([k]) => k)).toContain('R');
    expect(keysNow(changed).map(([, what]) => what)).not.toContain('options');
    expect(resolveKey(stateIn('table'), 'R', { ...PLAIN_KEY, shift: true }).command).toEqual({
      type: 'message',
      message: { text: 'The file has not changed on disk since it was opened', ok: false },
    });
    expect(keysNow(stateIn('table')).map(([k]) => k)).not.toContain('R');
  });

  it('no Ctrl+letter acts as its letter', () => {
    const s = stateIn('table');
    for (const letter of 'abcdefghijklmnopqrstuvwxyz') {
      const { binding } = resolveKey(s, letter, { ...PLAIN_KEY, ctrl: true });
      const plain = resolveKey(s, letter, PLAIN_KEY).binding;
      if (binding) expect(binding.keys, `Ctrl-${letter}`).toContain(`Ctrl-${letter.toUpperCase()}`);
      if (plain)
        expect(
          binding?.id === plain.id && !binding.keys.includes(`Ctrl-${letter.toUpperCase()}`),
          `Ctrl-${letter}`,
        ).toBe(false);
    }
    // Ctrl-U in the table pages up half a page; it never clears the marks as u does.
    expect(resolveKey(s, 'u', { ...PLAIN_KEY, ctrl: true }).command).toEqual({ type: 'move', delta: -8 });
  });

  it('the status line hints and the help are made from it', () => {
    const s = stateIn('table');
    const hints = keysNow(s);
    for (const [keys, what] of hints.slice(1))
      expect(
        BINDINGS.some((b) => b.hint === what || (b.id === 'options' && what.startsWith('options'))),
        `${keys} ${what}`,
      ).toBe(true);
    const help = helpLines(s);
    expect(help[0]!.text).toContain('amazon-logs 9.9.9');
    for (const b of BINDINGS)
      expect(
        help.some((l) => l.text === b.help),
        b.id,
      ).toBe(true);
  });

  it("the README's key table is the binding table", () => {
    const readme = fs.readFileSync('README.md', 'utf8');
    const start = readme.indexOf('<!-- keys:start (scripts/keys.mjs --write) -->');
    const end = readme.indexOf('<!-- keys:end -->');
    expect(start, 'README has the key table markers').toBeGreaterThan(0);
    expect(readme.slice(start, end).split('\n').slice(1).join('\n').trim()).toBe(keyTableMarkdown());
  });
});
