/**
 * How the table is looked at, not what it holds: horizontal scroll, wrapping
 * the selected row, the column chooser, local time, the copy menu, the help's
 * scroll, and the line being typed. Pure helpers the reducer calls.
 */
import { tabSpec } from '../triage/tabs.js';
import { choiceTyped } from './filter-form-state.js';
import { editLine, lineAt, type Line } from './line-edit.js';
import { helpLines } from './help-text.js';
import { screenLayout } from './layout.js';
import type { AppEvent, AppState } from './model.js';
import { shownColumns, typedLine } from './selectors.js';

export type ViewEvent = Extract<
  AppEvent,
  {
    type:
      | 'edit'
      | 'openGoto'
      | 'helpScroll'
      | 'hscroll'
      | 'toggleWrap'
      | 'toggleLocalTime'
      | 'openColumns'
      | 'columnsMove'
      | 'toggleColumn'
      | 'setHiddenColumns'
      | 'openCopy'
      | 'copyMove';
  }
>;

function withLine(state: AppState, line: Line): AppState {
  const mode = state.mode;
  switch (mode.kind) {
    case 'prompt':
    case 'goto':
    case 'fix':
      return { ...state, mode: { ...mode, line } };
    case 'filters': {
      const values = mode.form.values.map((v, i) => (i === mode.form.focus ? line.value : v));
      return { ...state, mode: { ...mode, form: { ...mode.form, values, cursor: line.cursor } } };
    }
    default:
      return state;
  }
}

export function reduceView(state: AppState, event: ViewEvent): AppState {
  const mode = state.mode;
  const tab = state.tabs[state.tab];
  switch (event.type) {
    case 'edit': {
      const line = typedLine(mode);
      if (line) return withLine(state, editLine(line, event.edit));
      // A choice field of the form: letters pick the choice that has them; Backspace starts again.
      if (mode.kind !== 'filters') return state;
      const form = mode.form;
      const field = tabSpec(form.tab).filters[form.focus]!;
      const replace = (value: string) => form.values.map((v, i) => (i === form.focus ? value : v));
      if (event.edit.op === 'backspace' || event.edit.op === 'killStart')
        return { ...state, mode: { ...mode, form: { ...form, typed: undefined, values: replace('') } } };
      if (event.edit.op !== 'insert') return state;
      const typed = `${form.typed ?? ''}${event.edit.text}`;
      const picked = choiceTyped(field, typed, form.counts);
      return picked === undefined
        ? state
        : { ...state, mode: { ...mode, form: { ...form, typed, values: replace(picked) } } };
    }
    case 'openGoto':
      return { ...state, mode: { kind: 'goto', line: lineAt('') } };
    case 'helpScroll': {
      if (mode.kind !== 'help') return state;
      const lines = helpLines(state).length;
      const limit = Math.max(0, lines - (screenLayout(state.rows).bodyHeight - 1));
      return { ...state, mode: { ...mode, scroll: Math.max(0, Math.min(limit, mode.scroll + event.delta)) } };
    }
    case 'hscroll': {
      const last = Math.max(0, shownColumns(state).length - 1);
      const hscroll = Math.max(0, Math.min(last, (tab.hscroll ?? 0) + event.delta));
      return hscroll === (tab.hscroll ?? 0)
        ? state
        : { ...state, tabs: { ...state.tabs, [state.tab]: { ...tab, hscroll } } };
    }
    case 'toggleWrap':
      return { ...state, wrap: !state.wrap };
    case 'toggleLocalTime':
      return {
        ...state,
        localTime: !state.localTime,
        message: { text: state.localTime ? 'Dates in UTC' : `Dates in local time (${localZone()})`, ok: true },
      };
    case 'openColumns':
      return { ...state, mode: { kind: 'columns', returnTo: mode, tab: state.tab, cursor: 0 } };
    case 'columnsMove': {
      if (mode.kind !== 'columns') return state;
      const n = tabSpec(mode.tab).columns.length;
      return { ...state, mode: { ...mode, cursor: Math.max(0, Math.min(n - 1, mode.cursor + event.delta)) } };
    }
    case 'toggleColumn': {
      if (mode.kind !== 'columns') return state;
      const key = tabSpec(mode.tab).columns[mode.cursor]!.key;
      const hidden = state.hiddenColumns[mode.tab];
      const next = hidden.includes(key) ? hidden.filter((k) => k !== key) : [...hidden, key];
      // One column always shows.
      if (next.length >= tabSpec(mode.tab).columns.length)
        return { ...state, message: { text: 'At least one column shows', ok: false } };
      const tabs = { ...state.tabs, [mode.tab]: { ...state.tabs[mode.tab], hscroll: 0 } };
      return { ...state, tabs, hiddenColumns: { ...state.hiddenColumns, [mode.tab]: next } };
    }
    case 'setHiddenColumns':
      return { ...state, hiddenColumns: event.hidden };
    case 'openCopy':
      return { ...state, mode: { kind: 'copy', returnTo: mode, choices: event.choices, cursor: 0 } };
    case 'copyMove': {
      if (mode.kind !== 'copy') return state;
      return {
        ...state,
        mode: { ...mode, cursor: Math.max(0, Math.min(mode.choices.length - 1, mode.cursor + event.delta)) },
      };
    }
  }
}

/** The terminal's offset from UTC, e.g. "UTC+01:00". */
export function localZone(date = new Date()): string {
  const minutes = -date.getTimezoneOffset();
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `UTC${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}
