/** The pure reducer every key and every loaded result goes through (the state's shape is in model.ts). */
import { tabSpec } from '../triage/tabs.js';
import type { FixAction } from '../triage/fixes.js';
import { NO_FILTERS, TAB_IDS, type DisplayRow, type TabFilters, type TabId } from '../triage/triage-types.js';
import { detailLines, detailViewport, maxScroll } from './detail-lines.js';
import { applyForm, cycleChoice, openForm, withoutEmpty, type FormState } from './filter-form-state.js';
import { reduceGroups } from './groups-slice.js';
import { screenLayout, scrollFor, tableLayout } from './layout.js';
import { markedIds, markedLabel, reduceMarks } from './marks-slice.js';
import type { AppEvent, AppState, Mode, TabState } from './model.js';
import { lineAt } from './line-edit.js';
import { queryKey, selectedRow } from './selectors.js';
import { nextSort } from './sort.js';
import { reduceView } from './view.js';

export type { AppEvent, AppState, Mode, StatusMessage, TableWindow, TabState } from './model.js';

/** How the dashboard opens (the config file's startTab, hideResolved, errorsOnly), and how it draws. */
export interface Opening {
  tab?: TabId;
  hideResolved?: readonly TabId[];
  errorsOnly?: readonly TabId[];
  /** Pictures and chrome in block characters and arrows (default: the locale is UTF-8), or ASCII. */
  unicode?: boolean;
  /** NO_COLOR or the mono theme: no colour, still inverse and bold. */
  mono?: boolean;
  /** The columns each tab hides (the column chooser, kept in the config file). */
  hiddenColumns?: Partial<Record<TabId, readonly string[]>>;
  /** The program's version, shown in the help. */
  version?: string;
}

export function initialState(
  columns: number,
  rows: number,
  readOnlyReason: string | undefined,
  opening: Opening = {},
): AppState {
  const filtersOf = (id: TabId): TabFilters => ({
    ...NO_FILTERS,
    hideResolved: opening.hideResolved?.includes(id) ?? false,
    errorsOnly: opening.errorsOnly?.includes(id) ?? false,
  });
  const defaults = Object.fromEntries(TAB_IDS.map((id) => [id, filtersOf(id)])) as Record<TabId, TabFilters>;
  const tabs = Object.fromEntries(
    TAB_IDS.map((id) => [id, { filters: defaults[id], selected: 0, scrollTop: 0 }]),
  ) as Record<TabId, TabState>;
  return {
    columns,
    rows,
    unicode: opening.unicode !== false,
    defaults,
    tab: opening.tab ?? 'orders',
    tabs,
    mode: { kind: 'table' },
    marks: {},
    jumpedFrom: [],
    windows: {},
    pictures: {},
    counts: undefined,
    message: undefined,
    pending: 0,
    acting: false,
    generation: 0,
    readOnlyReason,
    mono: opening.mono === true,
    version: opening.version ?? '',
    localTime: false,
    wrap: false,
    hiddenColumns: Object.fromEntries(
      TAB_IDS.map((id) => [
        id,
        (opening.hiddenColumns?.[id] ?? []).filter((k) => tabSpec(id).columns.some((c) => c.key === k)),
      ]),
    ) as unknown as Record<TabId, readonly string[]>,
    lastKeyword: undefined,
    background: undefined,
    stale: undefined,
  };
}

export { queryKey, currentWindow, selectedRow } from './selectors.js';

/**
 * The size of the tab's filtered set, or Infinity while it is being counted:
 * keys pressed before the rows arrive still move, and are clamped on arrival.
 */
function knownTotal(state: AppState, tab: TabId): number {
  const w = state.windows[tab];
  return w && w.query === queryKey(state, tab) ? (w.total ?? Infinity) : Infinity;
}

/** Selection clamped to the set and the scroll offset that keeps it visible. */
function placed(state: AppState, tab: TabId, t: TabState): TabState {
  const total = knownTotal(state, tab);
  const visible = tableLayout(tab, state.columns, state.rows, state).visibleRows;
  const selected = Math.max(0, Math.min(t.selected, total - 1));
  return { ...t, selected, scrollTop: scrollFor(selected, t.scrollTop, visible, total) };
}

function withTab(state: AppState, tab: TabId, change: Partial<TabState>): AppState {
  const next = placed(state, tab, { ...state.tabs[tab], ...change });
  return { ...state, tabs: { ...state.tabs, [tab]: next } };
}

function withFilters(state: AppState, filters: TabFilters): AppState {
  return withTab(state, state.tab, { filters: withoutEmpty(filters), selected: 0, scrollTop: 0 });
}

export function reduce(state: AppState, event: AppEvent): AppState {
  const tab = state.tabs[state.tab];
  const mode = state.mode;
  switch (event.type) {
    case 'resize': {
      const sized = { ...state, columns: event.columns, rows: event.rows };
      return withTab(sized, state.tab, {});
    }
    case 'switchTab':
      return { ...state, tab: event.tab, mode: { kind: 'table' } };
    case 'cycleTab': {
      const at = TAB_IDS.indexOf(state.tab);
      const next = TAB_IDS[(at + event.delta + TAB_IDS.length) % TAB_IDS.length]!;
      return { ...state, tab: next, mode: { kind: 'table' } };
    }
    case 'move':
      return withTab(state, state.tab, { selected: tab.selected + event.delta });
    case 'moveTo':
      // The last row: a large index that is clamped once the total is known.
      return withTab(state, state.tab, { selected: event.index < 0 ? Number.MAX_SAFE_INTEGER : event.index });
    case 'toggle':
      return withFilters(state, { ...tab.filters, [event.which]: !tab.filters[event.which] });
    case 'cycleSort':
      return withFilters(state, nextSort(state.tab, tab.filters, 'cycleSort', event.keys));
    case 'reverseSort':
      return withFilters(state, nextSort(state.tab, tab.filters, 'reverseSort'));
    case 'clearFilters': {
      // Back to what the tab opened with (the config file's toggles stay).
      const d = state.defaults[state.tab];
      const toggles = [d.hideResolved ? 'Hide Resolved Exports' : '', d.errorsOnly ? 'Show Errors Only' : '']
        .filter(Boolean)
        .join(' and ');
      const kept = toggles ? ` (${toggles} kept: the default)` : '';
      return {
        ...withFilters(state, d),
        message: { text: `${tabSpec(state.tab).title}: filters cleared${kept}`, ok: true },
      };
    }
    case 'openPrompt':
      return { ...state, mode: { kind: 'prompt', line: lineAt(tab.filters.keyword ?? '') } };
    case 'applyPrompt': {
      if (mode.kind !== 'prompt') return state;
      const keyword = mode.line.value.trim();
      return {
        ...withFilters(state, { ...tab.filters, keyword: keyword || undefined }),
        mode: { kind: 'table' },
        lastKeyword: keyword || state.lastKeyword,
      };
    }
    case 'edit':
    case 'openGoto':
    case 'helpScroll':
    case 'hscroll':
    case 'toggleWrap':
    case 'toggleLocalTime':
    case 'openColumns':
    case 'columnsMove':
    case 'toggleColumn':
    case 'setHiddenColumns':
    case 'openCopy':
    case 'copyMove':
      return reduceView(state, event);
    case 'openForm':
      return { ...state, mode: { kind: 'filters', form: openForm(tabSpec(state.tab), tab.filters) } };
    case 'formFocus':
    case 'formChoice':
    case 'applyForm':
      return mode.kind === 'filters' ? reduceForm(state, mode.form, event) : state;
    case 'formCounts':
      return mode.kind === 'filters' && mode.form.tab === event.tab
        ? { ...state, mode: { ...mode, form: { ...mode.form, counts: event.counts } } }
        : state;
    case 'picturesLoaded':
      return { ...state, pictures: { ...state.pictures, [event.tab]: event.pictures } };
    case 'openOptions': {
      if (state.stale) return { ...state, message: { text: `${state.stale}; R reopens it`, ok: false } };
      if (state.readOnlyReason) return { ...state, message: { text: `Read-only: ${state.readOnlyReason}`, ok: false } };
      if (state.acting) return { ...state, message: { text: 'An action is still running', ok: false } };
      const marked = markedIds(state);
      const actions = tabSpec(state.tab).actions;
      // Process now is for rows still waiting; over marks it is offered and each row is checked when it runs.
      if (marked.length)
        return {
          ...state,
          mode: {
            kind: 'options',
            tab: state.tab,
            ids: marked,
            label: markedLabel(state.tab, marked.length),
            cursor: 0,
            actions,
          },
        };
      const row = selectedRow(state);
      if (!row) return state;
      // An error whose cause the app can fix offers that fix in place; one it cannot fix says where it is fixed.
      const offered = [...actions.filter((a) => a !== 'process' || row.waiting), ...(row.fix ? [row.fix.action] : [])];
      const extra = { ...(row.fix ? { fix: row.fix.note } : {}), ...(row.hint ? { hint: row.hint } : {}) };
      return {
        ...state,
        mode: {
          kind: 'options',
          tab: state.tab,
          ids: [row.id],
          label: rowLabel(state.tab, row),
          cursor: 0,
          actions: offered,
          ...extra,
        },
      };
    }
    case 'openFix': {
      if (mode.kind !== 'options') return state;
      const action = mode.actions[mode.cursor];
      const row = selectedRow(state);
      if (!row?.fix || action !== row.fix.action || mode.ids.length !== 1) return state;
      return {
        ...state,
        mode: {
          kind: 'fix',
          action: row.fix.action as FixAction,
          id: mode.ids[0]!,
          label: mode.label,
          note: row.fix.note,
          line: lineAt(''),
        },
      };
    }
    case 'followUp':
      return {
        ...state,
        mode: { kind: 'confirm', tab: event.tab, action: event.action, ids: event.ids, label: event.label },
      };
    case 'confirmRun':
      return {
        ...state,
        mode: {
          kind: 'confirm',
          tab: event.tab,
          action: event.action,
          ids: event.ids,
          label: event.label,
          question: event.question,
        },
      };
    case 'openSettings':
      return mode.kind === 'settings'
        ? state
        : { ...state, mode: { kind: 'settings', rows: undefined, returnTo: mode } };
    case 'settingsLoaded':
      return mode.kind === 'settings' ? { ...state, mode: { ...mode, rows: event.rows } } : state;
    case 'openGroups':
    case 'groupsLoaded':
    case 'groupsMove':
    case 'showGroup':
      return reduceGroups(state, event);
    case 'toggleMark':
    case 'setMarks':
    case 'clearMarks':
    case 'confirmBulk':
      return reduceMarks(state, event);
    case 'optionsMove': {
      if (mode.kind !== 'options') return state;
      const last = mode.actions.length - 1;
      const cursor = Math.max(0, Math.min(last, mode.cursor + event.delta));
      return cursor === mode.cursor ? state : { ...state, mode: { ...mode, cursor } };
    }
    case 'openDetail': {
      const row = selectedRow(state);
      if (!row) return state;
      return {
        ...state,
        mode: { kind: 'detail', tab: state.tab, id: row.id, detail: undefined, scroll: 0, txCursor: 0 },
      };
    }
    case 'detailLoaded': {
      if (mode.kind !== 'detail' || mode.id !== event.id) return state;
      if (!event.detail) {
        return {
          ...state,
          mode: { kind: 'table' },
          message: { text: `That ${tabSpec(mode.tab).noun} no longer exists`, ok: false },
        };
      }
      return { ...state, mode: { ...mode, detail: event.detail } };
    }
    case 'detailScroll': {
      if (mode.kind !== 'detail' || !mode.detail) return state;
      const lines = detailLines(mode.detail, state.columns, '…', state.localTime).length;
      const limit = maxScroll(lines, detailViewport(mode.detail, screenLayout(state.rows).bodyHeight));
      return { ...state, mode: { ...mode, scroll: Math.max(0, Math.min(limit, mode.scroll + event.delta)) } };
    }
    case 'detailTx': {
      if (mode.kind !== 'detail' || !mode.detail?.transactionIds.length) return state;
      const n = mode.detail.transactionIds.length;
      return { ...state, mode: { ...mode, txCursor: Math.max(0, Math.min(n - 1, mode.txCursor + event.delta)) } };
    }
    case 'openHelp':
      return mode.kind === 'help' ? state : { ...state, mode: { kind: 'help', returnTo: mode, scroll: 0 } };
    case 'confirmQuit':
      return { ...state, mode: { kind: 'confirm-quit', returnTo: mode, question: event.question } };
    case 'closeView':
      // Overlays go back to what they covered; everything else to the table.
      return { ...state, mode: 'returnTo' in mode ? mode.returnTo : { kind: 'table' } };
    case 'loaded': {
      const loaded = { ...state, windows: { ...state.windows, [event.tab]: event.window } };
      return withTab(loaded, event.tab, {});
    }
    case 'counted': {
      const w = state.windows[event.tab];
      if (!w || w.query !== event.query) return state;
      const counted = { ...state, windows: { ...state.windows, [event.tab]: { ...w, total: event.total } } };
      return withTab(counted, event.tab, {});
    }
    case 'countsLoaded':
      return { ...state, counts: event.counts };
    case 'pending':
      return { ...state, pending: Math.max(0, state.pending + event.delta) };
    case 'actStart':
      return { ...state, acting: true, mode: { kind: 'table' }, message: { text: event.text, ok: true } };
    case 'actDone': {
      const marks = event.clearMarks ? { ...state.marks, [event.tab]: [] } : state.marks;
      const done = { ...state, acting: false, marks, message: event.message, generation: state.generation + 1 };
      return event.index === undefined ? done : withTab(done, event.tab, { selected: event.index });
    }
    case 'jump': {
      // The place left behind (tab, every tab's filters and selection, the open record) is kept for Esc.
      const place = { tab: state.tab, tabs: state.tabs, mode: state.mode };
      const target: TabState = {
        filters: withoutEmpty(event.filters),
        selected: event.index,
        scrollTop: event.index,
        hscroll: 0,
      };
      const jumped = {
        ...state,
        tab: event.tab,
        mode: { kind: 'table' } as Mode,
        message: event.message,
        jumpedFrom: [...state.jumpedFrom, place].slice(-20),
      };
      return { ...jumped, tabs: { ...state.tabs, [event.tab]: target } };
    }
    case 'jumpBack': {
      const place = state.jumpedFrom.at(-1);
      if (!place) return state;
      return {
        ...state,
        tab: place.tab,
        tabs: place.tabs,
        mode: place.mode,
        jumpedFrom: state.jumpedFrom.slice(0, -1),
        message: undefined,
      };
    }
    case 'message':
      // Reads refused because the file changed say what the status line already says, with its key.
      if (state.stale && event.message?.text === state.stale) return state;
      return { ...state, message: event.message };
    case 'status':
      if (event.stale !== undefined)
        return {
          ...state,
          stale: event.stale,
          background: undefined,
          message: { text: `${event.stale}; R reopens it`, ok: false },
        };
      return { ...state, background: event.background };
    case 'reopened':
      // Every row and count is read again, from the new version.
      return {
        ...state,
        stale: undefined,
        background: undefined,
        readOnlyReason: event.readOnlyReason,
        windows: {},
        counts: undefined,
        generation: state.generation + 1,
        marks: {},
        mode: { kind: 'table' },
        message: {
          text: event.notice ? `Reopened: ${event.notice}` : 'Reopened: showing the file as it is now',
          ok: true,
        },
      };
    case 'merged':
      return {
        ...state,
        stale: undefined,
        windows: {},
        counts: undefined,
        generation: state.generation + 1,
        message: { text: event.text, ok: true },
      };
  }
}

function reduceForm(state: AppState, form: FormState, event: AppEvent): AppState {
  const spec = tabSpec(form.tab);
  const field = spec.filters[form.focus]!;
  const set = (next: FormState): AppState => ({ ...state, mode: { kind: 'filters', form: next } });
  const replace = (value: string): string[] => form.values.map((v, i) => (i === form.focus ? value : v));
  switch (event.type) {
    case 'formFocus': {
      const n = spec.filters.length;
      const focus = (form.focus + event.delta + n) % n;
      return set({ ...form, focus, cursor: [...(form.values[focus] ?? '')].length, typed: undefined });
    }
    case 'formChoice':
      return field.kind === 'choice'
        ? set({
            ...form,
            typed: undefined,
            values: replace(cycleChoice(field, form.values[form.focus]!, event.delta, form.counts)),
          })
        : state;
    case 'applyForm': {
      const result = applyForm(spec, form, state.tabs[form.tab].filters);
      if (!result.ok) {
        const firstBad = result.errors.findIndex((e) => e !== undefined);
        return set({
          ...form,
          errors: result.errors,
          focus: firstBad,
          cursor: [...(form.values[firstBad] ?? '')].length,
        });
      }
      return { ...withFilters(state, result.filters), mode: { kind: 'table' } };
    }
    default:
      return state;
  }
}

/** How a row is named in menus and messages: its order ref or SKU when it has one. */
export function rowLabel(tab: TabId, row: DisplayRow): string {
  const ref = row.cells.order_ref || row.cells.ref || row.cells.sku;
  return `${tabSpec(tab).noun} ${ref ? ref : `#${row.id}`}`;
}
