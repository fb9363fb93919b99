import { describe, expect, it } from 'vitest';
import { tabSpec } from '../../src/triage/tabs.js';
import { NO_FILTERS } from '../../src/triage/triage-types.js';
import { applyForm, cycleChoice, isDay, openForm } from '../../src/ui/filter-form-state.js';
import { PLAIN_KEY, routeKey, type KeyInfo } from '../../src/ui/keys.js';
import { lineAt } from '../../src/ui/line-edit.js';
import { initialState, queryKey, reduce, type AppState, type Mode } from '../../src/ui/state.js';
import { tableLayout } from '../../src/ui/layout.js';

const key = (k: Partial<KeyInfo> = {}): KeyInfo => ({ ...PLAIN_KEY, ...k });
const inMode = (mode: Mode, size: [number, number] = [80, 24]): AppState => ({
  ...initialState(size[0], size[1], undefined),
  mode,
});

describe('the keyboard router gives each key to exactly one consumer', () => {
  it('while the keyword prompt is open, letters and digits are typed into it', () => {
    const s = inMode({ kind: 'prompt', line: lineAt('') });
    for (const ch of ['q', 'j', 'h', 'e', 'o', '1', '/', '?', 'c'])
      expect(routeKey(s, ch, key())).toEqual({ type: 'edit', edit: { op: 'insert', text: ch } });
    expect(routeKey(s, '', key({ return: true }))).toEqual({ type: 'applyPrompt' });
    expect(routeKey(s, '', key({ escape: true }))).toEqual({ type: 'closeView' });
  });

  it('while the options menu is open, the router moves its cursor and picks by Enter or digit', () => {
    const s = inMode({
      kind: 'options',
      tab: 'orders',
      ids: [1],
      label: 'order x',
      cursor: 1,
      actions: tabSpec('orders').actions,
    });
    expect(routeKey(s, 'j', key())).toEqual({ type: 'optionsMove', delta: 1 });
    expect(routeKey(s, '', key({ downArrow: true }))).toEqual({ type: 'optionsMove', delta: 1 });
    expect(routeKey(s, 'k', key())).toEqual({ type: 'optionsMove', delta: -1 });
    expect(routeKey(s, '', key({ upArrow: true }))).toEqual({ type: 'optionsMove', delta: -1 });
    expect(routeKey(s, '', key({ return: true }))).toEqual({ type: 'runOption', index: 1 });
    expect(routeKey(s, '4', key())).toEqual({ type: 'runOption', index: 3 });
    expect(routeKey(s, '5', key())).toEqual({ type: 'runOption', index: 4 });
    expect(routeKey(s, '6', key())).toEqual({ type: 'message', message: { text: 'No option 6', ok: false } });
    expect(routeKey(s, 'h', key())).toBeUndefined();
    expect(routeKey(s, '', key({ escape: true }))).toEqual({ type: 'closeView' });
  });

  it('in the filter form, text goes to the field and the router moves between fields', () => {
    const s = inMode({ kind: 'filters', form: openForm(tabSpec('orders'), NO_FILTERS) });
    for (const ch of ['q', 'h', '1', 'o'])
      expect(routeKey(s, ch, key())).toEqual({ type: 'edit', edit: { op: 'insert', text: ch } });
    expect(routeKey(s, '', key({ tab: true }))).toEqual({ type: 'formFocus', delta: 1 });
    expect(routeKey(s, '', key({ tab: true, shift: true }))).toEqual({ type: 'formFocus', delta: -1 });
    // On a text field Left/Right move the cursor; on a menu field they pick.
    expect(routeKey(s, '', key({ rightArrow: true }))).toEqual({ type: 'edit', edit: { op: 'right' } });
    const onStatus = inMode({ kind: 'filters', form: { ...openForm(tabSpec('orders'), NO_FILTERS), focus: 1 } });
    expect(routeKey(onStatus, '', key({ rightArrow: true }))).toEqual({ type: 'formChoice', delta: 1 });
    expect(routeKey(s, '', key({ return: true }))).toEqual({ type: 'applyForm' });
  });

  it('Ctrl+C quits from every mode; on the too-small screen only q and Ctrl+C do anything', () => {
    const modes: Mode[] = [
      { kind: 'table' },
      { kind: 'prompt', line: lineAt('') },
      { kind: 'options', tab: 'logs', ids: [1], label: 'x', cursor: 0, actions: tabSpec('logs').actions },
      { kind: 'help', returnTo: { kind: 'table' }, scroll: 0 },
    ];
    for (const mode of modes) expect(routeKey(inMode(mode), 'c', key({ ctrl: true }))).toEqual({ type: 'quit' });
    const small = inMode({ kind: 'table' }, [79, 24]);
    for (const ch of ['j', 'o', '/', 'f', '2']) expect(routeKey(small, ch, key())).toBeUndefined();
    expect(routeKey(small, '', key({ return: true }))).toBeUndefined();
    expect(routeKey(small, 'q', key())).toEqual({ type: 'quit' });
  });

  it('q asks to quit (the controller asks first while an action runs or actions are not in the file yet)', () => {
    expect(routeKey({ ...inMode({ kind: 'table' }), acting: true }, 'q', key())).toEqual({ type: 'requestQuit' });
  });
});

describe('the reducer', () => {
  const loaded = (s: AppState, total: number): AppState =>
    reduce(s, { type: 'loaded', tab: s.tab, window: { query: queryKey(s, s.tab), total, offset: 0, rows: [] } });

  it('keeps filters, selection and scroll per tab', () => {
    let s = loaded(initialState(80, 24, undefined), 100);
    s = reduce(s, { type: 'move', delta: 30 });
    s = reduce(s, { type: 'toggle', which: 'hideResolved' });
    s = reduce(s, { type: 'move', delta: 30 });
    s = reduce(s, { type: 'switchTab', tab: 'errors' });
    expect(s.tabs.errors).toEqual({ filters: NO_FILTERS, selected: 0, scrollTop: 0 });
    s = reduce(s, { type: 'switchTab', tab: 'orders' });
    expect(s.tabs.orders.filters.hideResolved).toBe(true);
    expect(s.tabs.orders.selected).toBe(30);
    expect(s.tabs.orders.scrollTop).toBe(30 - tableLayout('orders', 80, 24).tableRows + 1);
  });

  it('clamps the selection to the rows that exist', () => {
    let s = loaded(initialState(80, 24, undefined), 5);
    s = reduce(s, { type: 'move', delta: 50 });
    expect(s.tabs.orders.selected).toBe(4);
    s = reduce(s, { type: 'moveTo', index: -1 });
    expect(s.tabs.orders.selected).toBe(4);
    s = loaded(s, 2);
    expect(s.tabs.orders.selected).toBe(1);
  });

  it('keeps moves made before the rows arrive, clamping them on arrival', () => {
    let s = reduce(initialState(80, 24, undefined), { type: 'move', delta: 3 });
    expect(s.tabs.orders.selected).toBe(3);
    s = loaded(s, 10);
    expect(s.tabs.orders.selected).toBe(3);
    s = reduce(s, { type: 'switchTab', tab: 'logs' });
    s = reduce(s, { type: 'moveTo', index: -1 });
    s = loaded(s, 40);
    expect(s.tabs.logs.selected).toBe(39);
    expect(s.tabs.logs.scrollTop).toBe(40 - tableLayout('logs', 80, 24).tableRows);
  });

  it('c clears filters and toggles and says so', () => {
    let s = reduce(initialState(80, 24, undefined), { type: 'toggle', which: 'errorsOnly' });
    s = reduce(s, { type: 'clearFilters' });
    expect(s.tabs.orders.filters).toEqual(NO_FILTERS);
    expect(s.message).toEqual({ text: 'Orders: filters cleared', ok: true });
  });

  it('refuses the options menu on a read-only snapshot, giving the reason', () => {
    const s = reduce(initialState(80, 24, 'opened with --read-only'), { type: 'openOptions' });
    expect(s.mode.kind).toBe('table');
    expect(s.message).toEqual({ text: 'Read-only: opened with --read-only', ok: false });
  });
});

describe('the filter form', () => {
  const errors = tabSpec('errors');
  const logs = tabSpec('logs');

  it('accepts real calendar days only', () => {
    expect(isDay('2026-02-28')).toBe(true);
    expect(isDay('2028-02-29')).toBe(true);
    for (const bad of ['2026-02-29', '2026-13-01', '2026-1-1', '26-01-01', '2026-01-01T00:00:00Z', 'yesterday'])
      expect(isDay(bad)).toBe(false);
  });

  it('checks numbers and dates and reports each problem against its field', () => {
    const form = openForm(errors, NO_FILTERS);
    form.values = ['', '', '', '4x', '2026-02-30', '', '', ''];
    const result = applyForm(errors, form, NO_FILTERS);
    expect(result).toEqual({
      ok: false,
      errors: [
        undefined,
        undefined,
        undefined,
        'not a number: use digits, e.g. 1042',
        'not a date: use YYYY-MM-DD',
        undefined,
        undefined,
        undefined,
      ],
    });
  });

  it('refuses a range that ends before it starts', () => {
    const form = openForm(logs, NO_FILTERS);
    form.values = ['2026-11-20', '2026-11-01', '', '', '', '', '', '', ''];
    expect(applyForm(logs, form, NO_FILTERS)).toEqual({
      ok: false,
      errors: [
        undefined,
        'before export date from',
        undefined,
        undefined,
        undefined,
        undefined,
        undefined,
        undefined,
        undefined,
      ],
    });
  });

  it('yields the filters with typed values, numbers as numbers, the toggles kept and empty fields removed', () => {
    const current = { ...NO_FILTERS, hideResolved: true, code: 'OLD' };
    const form = openForm(errors, current);
    expect(form.values[0]).toBe('OLD');
    form.values = [' INV_PARSE ', '', '', '42', '', '', '', ''];
    expect(applyForm(errors, form, current)).toEqual({
      ok: true,
      filters: { hideResolved: true, errorsOnly: false, code: 'INV_PARSE', transactionId: 42 },
    });
    // A yes/no field: 'yes' sets the filter, and the form shows it again as 'yes'.
    form.values[7] = 'yes';
    const withFlag = applyForm(errors, form, current);
    expect(withFlag).toEqual({
      ok: true,
      filters: { hideResolved: true, errorsOnly: false, code: 'INV_PARSE', transactionId: 42, wouldPass: true },
    });
    expect(openForm(errors, (withFlag as { filters: typeof current }).filters).values[7]).toBe('yes');
  });

  it('cycles a choice through (any) and each option', () => {
    const type = logs.filters.find((f) => f.kind === 'choice')!;
    expect(cycleChoice(type, '', 1)).toBe('Order Import');
    expect(cycleChoice(type, '', -1)).toBe('Link SKU');
    expect(cycleChoice(type, 'Link SKU', 1)).toBe('');
  });
});
