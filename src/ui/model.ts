/** The UI's state and the actions that change it: shapes only (the reducer is in state.ts). */
import type { DailyFigures } from '../triage/daily.js';
import type { ErrorGroup } from '../triage/error-groups.js';
import type { FixAction } from '../triage/fixes.js';
import type { SettingRow } from '../triage/source.js';
import type { ActionId, Detail, DisplayRow, TabFilters, TabId } from '../triage/triage-types.js';
import type { FormState } from './filter-form-state.js';
import type { Line, LineOp } from './line-edit.js';

export interface TabState {
  filters: TabFilters;
  /** Index of the selected row in the filtered set. */
  selected: number;
  /** Index of the first visible row. */
  scrollTop: number;
  /** Columns scrolled off to the left (Left/Right); 0 lays the tab out to fit. */
  hscroll?: number;
}

/** A value the copy menu (y) offers: "Order number", "Message", ... */
export interface CopyChoice {
  label: string;
  value: string;
}

/** The rows last fetched for a tab: which query they answer, the filtered total and the window. */
export interface TableWindow {
  query: string;
  /** undefined while the rows are shown and the set is still being counted. */
  total: number | undefined;
  offset: number;
  rows: DisplayRow[];
}

export type Mode =
  | { kind: 'table' }
  | { kind: 'detail'; tab: TabId; id: number; detail: Detail | undefined; scroll: number; txCursor: number }
  /** The keyword (/). */
  | { kind: 'prompt'; line: Line }
  /** `:` then an order number, tx N, err N, a tab name. */
  | { kind: 'goto'; line: Line }
  | { kind: 'filters'; form: FormState }
  | {
      kind: 'options';
      tab: TabId;
      ids: readonly number[];
      label: string;
      cursor: number;
      actions: readonly ActionId[];
      fix?: string;
      hint?: string;
    }
  | { kind: 'fix'; action: FixAction; id: number; label: string; note: string; line: Line }
  | { kind: 'confirm'; tab: TabId; action: ActionId; ids: readonly number[]; label: string; question?: string }
  | { kind: 'settings'; rows: SettingRow[] | undefined; returnTo: Mode }
  | { kind: 'groups'; groups: ErrorGroup[] | undefined; cursor: number }
  | { kind: 'help'; returnTo: Mode; scroll: number }
  /** The column chooser (C): which of the tab's columns show. */
  | { kind: 'columns'; returnTo: Mode; tab: TabId; cursor: number }
  /** The copy menu (y): what of the selected record goes to the clipboard. */
  | { kind: 'copy'; returnTo: Mode; choices: readonly CopyChoice[]; cursor: number }
  | { kind: 'confirm-quit'; returnTo: Mode; question: string };

/** A tab's per-day figures and the filtered set they are of. */
export interface Pictures {
  query: string;
  figures: DailyFigures;
}

export interface StatusMessage {
  text: string;
  ok: boolean;
}

export interface AppState {
  columns: number;
  rows: number;
  /** Pictures in block characters (the locale is UTF-8), else ASCII. */
  unicode: boolean;
  /** The filters each tab opens with, and `c` returns to (the config file's toggles). */
  defaults: Record<TabId, TabFilters>;
  tab: TabId;
  tabs: Record<TabId, TabState>;
  mode: Mode;
  /** Where jumps came from (newest last): Esc in the table goes back there. */
  jumpedFrom: readonly { tab: TabId; tabs: Record<TabId, TabState>; mode: Mode }[];
  /** Rows marked for a bulk action, per tab (ids). */
  marks: Partial<Record<TabId, readonly number[]>>;
  windows: Partial<Record<TabId, TableWindow>>;
  /** Per-day figures of the tabs that draw them (Logs, Errors). */
  pictures: Partial<Record<TabId, Pictures>>;
  /** Open errors per tab, for the tab bar. */
  counts: Record<TabId, number> | undefined;
  message: StatusMessage | undefined;
  /** Queries in flight (shows "working…"). */
  pending: number;
  /** An action is running; a second one is refused until it ends. */
  acting: boolean;
  /** Bumped after an action so every tab's rows and counts are fetched again. */
  generation: number;
  readOnlyReason: string | undefined;
  /** NO_COLOR (or the mono theme): no colour, still inverse and bold. */
  mono: boolean;
  /** The program's version, for the help. */
  version: string;
  /** Dates in the terminal's local time (Z) instead of UTC. */
  localTime: boolean;
  /** w: the selected row's long fields wrapped under it. */
  wrap: boolean;
  /** Columns the chooser (C) hides, per tab (their keys). */
  hiddenColumns: Record<TabId, readonly string[]>;
  /** The last keyword searched (/), which n and N look for. */
  lastKeyword: string | undefined;
  /** Background work that reads much of the file (status line), while it runs. */
  background: string | undefined;
  /** Why nothing more is read from the file: it changed on disk (R reopens it). */
  stale: string | undefined;
}

export type AppEvent =
  | { type: 'resize'; columns: number; rows: number }
  | { type: 'switchTab'; tab: TabId }
  | { type: 'cycleTab'; delta: number }
  | { type: 'move'; delta: number }
  | { type: 'moveTo'; index: number }
  | { type: 'toggle'; which: 'hideResolved' | 'errorsOnly' }
  | { type: 'clearFilters' }
  | { type: 'openPrompt' }
  | { type: 'applyPrompt' }
  | { type: 'openGoto' }
  /** An edit of whatever line is being typed (the keyword, `:`, a filter field, a fix's value). */
  | { type: 'edit'; edit: LineOp }
  | { type: 'openForm' }
  | { type: 'formFocus'; delta: number }
  | { type: 'formChoice'; delta: number }
  | { type: 'formCounts'; tab: TabId; counts: Record<string, number> }
  | { type: 'applyForm' }
  | { type: 'openOptions' }
  | { type: 'optionsMove'; delta: number }
  | { type: 'openDetail' }
  | { type: 'detailLoaded'; id: number; detail: Detail | undefined }
  | { type: 'detailScroll'; delta: number }
  | { type: 'helpScroll'; delta: number }
  | { type: 'hscroll'; delta: number }
  | { type: 'toggleWrap' }
  | { type: 'toggleLocalTime' }
  | { type: 'openColumns' }
  | { type: 'columnsMove'; delta: number }
  | { type: 'toggleColumn' }
  | { type: 'setHiddenColumns'; hidden: Record<TabId, readonly string[]> }
  | { type: 'openCopy'; choices: readonly CopyChoice[] }
  | { type: 'copyMove'; delta: number }
  | { type: 'detailTx'; delta: number }
  | { type: 'openHelp' }
  | { type: 'confirmQuit'; question: string }
  | { type: 'closeView' }
  | { type: 'loaded'; tab: TabId; window: TableWindow }
  | { type: 'counted'; tab: TabId; query: string; total: number }
  | { type: 'picturesLoaded'; tab: TabId; pictures: Pictures }
  | { type: 'countsLoaded'; counts: Record<TabId, number> }
  | { type: 'pending'; delta: number }
  | { type: 'actStart'; text: string }
  | { type: 'actDone'; message: StatusMessage; tab: TabId; index: number | undefined; clearMarks?: boolean }
  | { type: 'jump'; tab: TabId; filters: TabFilters; index: number; message: StatusMessage }
  | { type: 'jumpBack' }
  /** s: the next of these columns (the sortable ones on screen). */
  | { type: 'cycleSort'; keys: readonly string[] }
  | { type: 'reverseSort' }
  | { type: 'message'; message: StatusMessage | undefined }
  | { type: 'status'; background?: string; stale?: string; merged?: string }
  | { type: 'reopened'; readOnlyReason: string | undefined; notice: string | undefined }
  /** This session's actions were merged onto a version someone else saved: rows and counts are read again, where the user was stays. */
  | { type: 'merged'; text: string }
  | MarkEvent
  | GroupEvent
  | { type: 'openFix' }
  | { type: 'confirmRun'; tab: TabId; action: ActionId; ids: readonly number[]; label: string; question: string }
  | { type: 'openSettings' }
  | { type: 'settingsLoaded'; rows: SettingRow[] }
  | { type: 'followUp'; tab: TabId; action: ActionId; ids: number[]; label: string };

/** Marking rows for a bulk action. */
export type MarkEvent =
  | { type: 'toggleMark' }
  | { type: 'setMarks'; tab: TabId; ids: number[] }
  | { type: 'clearMarks' }
  | { type: 'confirmBulk'; action: ActionId };

/** The error groups view. */
export type GroupEvent =
  | { type: 'openGroups' }
  | { type: 'groupsLoaded'; groups: ErrorGroup[] }
  | { type: 'groupsMove'; delta: number }
  | { type: 'showGroup'; group: ErrorGroup };
