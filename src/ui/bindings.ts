/**
 * Every key binding, once: the modes it works in, its keys, the few words
 * the status line shows, the help line, the command it gives and when it is
 * disabled and why. The router (keys.ts), the status-line hints and the `?`
 * help (help-text.ts) and the README's key table (scripts/keys.mjs, checked
 * by a test) all read this table.
 */
import { tabSpec } from '../triage/tabs.js';
import { TAB_IDS } from '../triage/triage-types.js';
import { detailViewport } from './detail-lines.js';
import { screenLayout, tableLayout } from './layout.js';
import type { AppState, Mode } from './model.js';
import { currentWindow, selectedRow, shownColumns, typedLine } from './selectors.js';
import type { Command } from './commands.js';

export type ModeKind = Mode['kind'];

export interface Binding {
  id: string;
  modes: readonly ModeKind[];
  /** Key names as keyName() gives them: 'j', 'Down', 'Ctrl-D', 'Alt-b', 'Enter', 'Space'. */
  keys: readonly string[];
  /** How the keys are written in the help and the README (default: the keys, space separated). */
  label?: string;
  /** How the keys are written on the status line (default: the label). */
  short?: string;
  /** A few words for the status line; none: the help only. */
  hint?: string;
  /** Show the hint only when this holds (default: always, unless disabled). */
  hintWhen?: (s: AppState) => boolean;
  /** Where the hint goes on the status line: lower first (default 50; then the table's order). */
  rank?: number;
  help: string;
  /** The command; `name` is the key pressed (when the keys of one binding differ in direction). */
  run: (s: AppState, name: string) => Command | undefined;
  /** Why it does nothing now (said when pressed), or undefined when it works. */
  disabled?: (s: AppState) => string | undefined;
}

const TABLE: ModeKind[] = ['table'];
const RECORD: ModeKind[] = ['detail'];
const BROWSE: ModeKind[] = ['table', 'detail'];
const TEXT: ModeKind[] = ['prompt', 'goto', 'fix', 'filters'];
export const ALL_MODES: ModeKind[] = [
  'table',
  'detail',
  'prompt',
  'goto',
  'filters',
  'options',
  'fix',
  'confirm',
  'settings',
  'groups',
  'help',
  'columns',
  'copy',
  'confirm-quit',
];

const noRow = (s: AppState) => (selectedRow(s) ? undefined : 'No row selected');
const readOnly = (s: AppState) => (s.readOnlyReason ? `Read-only: ${s.readOnlyReason}` : undefined);
const busy = (s: AppState) => (s.acting ? 'An action is still running' : undefined);
const stale = (s: AppState) => (s.stale ? `${s.stale}; R reopens it` : undefined);
const first =
  (...checks: ((s: AppState) => string | undefined)[]) =>
  (s: AppState) =>
    checks.map((c) => c(s)).find((why) => why !== undefined);
const pageOf = (s: AppState) => tableLayout(s.tab, s.columns, s.rows, s).tableRows;
const detailPage = (s: AppState) =>
  s.mode.kind === 'detail' && s.mode.detail ? detailViewport(s.mode.detail, screenLayout(s.rows).bodyHeight) : 1;
const helpPage = (s: AppState) => Math.max(1, screenLayout(s.rows).bodyHeight - 1);
const groupsPage = (s: AppState) => Math.max(1, screenLayout(s.rows).bodyHeight - 4);
const down = (name: string) => ['Down', 'j', 'PgDn', 'Ctrl-F', 'Ctrl-D', 'G', 'End'].includes(name);
/** The step a paging key moves by, in a view `page` lines tall. */
const pageStep = (name: string, page: number) =>
  (name.startsWith('Ctrl-D') || name.startsWith('Ctrl-U') ? Math.max(1, Math.floor(page / 2)) : page) *
  (down(name) ? 1 : -1);
const textLine = (s: AppState) => (typedLine(s.mode) ? undefined : 'Not a text field');
const onChoice = (s: AppState) =>
  s.mode.kind === 'filters' && tabSpec(s.mode.form.tab).filters[s.mode.form.focus]?.kind === 'choice'
    ? undefined
    : 'Not a menu field';
const record = (s: AppState) => (s.mode.kind === 'detail' ? s.mode.detail : undefined);
const PAGE_KEYS = ['PgUp', 'PgDn', 'Ctrl-B', 'Ctrl-F', 'Ctrl-U', 'Ctrl-D'];

export const BINDINGS: readonly Binding[] = [
  // Everywhere.
  {
    id: 'quit-now',
    modes: ALL_MODES,
    keys: ['Ctrl-C'],
    help: 'quit at once (saving what is not saved yet)',
    run: () => ({ type: 'quit' }),
  },

  // The table.
  {
    id: 'move',
    modes: TABLE,
    keys: ['Up', 'k', 'Down', 'j'],
    label: 'Up/Down k/j',
    short: '↑↓',
    hint: 'move',
    rank: 10,
    help: 'move one row',
    run: (_, k) => ({ type: 'move', delta: down(k) ? 1 : -1 }),
  },
  {
    id: 'open',
    modes: TABLE,
    keys: ['Enter'],
    hint: 'open',
    rank: 20,
    help: 'open the selected record: every field, its errors, lines, payload, history, audit',
    run: () => ({ type: 'openDetail' }),
    disabled: noRow,
  },
  {
    id: 'options',
    modes: TABLE,
    keys: ['o'],
    hint: 'options',
    rank: 20,
    help: 'Options for the row (or the marked rows): Re-Run, Mark as Resolved / Unresolved, Resolve and Run Again, Process now, the fix an error offers',
    run: () => ({ type: 'openOptions' }),
    disabled: first(stale, readOnly, busy, (s) =>
      selectedRow(s) || (s.marks[s.tab]?.length ?? 0) > 0 ? undefined : 'No row selected',
    ),
  },
  {
    id: 'unmark',
    modes: TABLE,
    keys: ['u'],
    hint: 'unmark',
    rank: 20,
    help: 'clear the marks',
    run: () => ({ type: 'clearMarks' }),
    disabled: (s) => ((s.marks[s.tab]?.length ?? 0) > 0 ? undefined : 'No rows marked'),
  },
  {
    id: 'search',
    modes: TABLE,
    keys: ['/'],
    hint: 'search',
    rank: 20,
    help: 'keyword (Enter applies, Esc cancels, empty clears); see "Searching"',
    run: () => ({ type: 'openPrompt' }),
  },
  {
    id: 'filters',
    modes: TABLE,
    keys: ['f'],
    hint: 'filters',
    rank: 20,
    help: "the tab's filter form",
    run: () => ({ type: 'openForm' }),
  },
  {
    id: 'clear',
    modes: TABLE,
    keys: ['c'],
    hint: 'clear',
    rank: 20,
    help: "clear the tab's filters and toggles (back to how it opened)",
    run: () => ({ type: 'clearFilters' }),
  },
  {
    id: 'page',
    modes: TABLE,
    keys: PAGE_KEYS,
    label: 'PgUp/PgDn Ctrl-B/Ctrl-F Ctrl-U/Ctrl-D',
    help: 'a page up / down; half a page with Ctrl-U / Ctrl-D (as in less and vim)',
    run: (s, k) => ({ type: 'move', delta: pageStep(k, pageOf(s)) }),
  },
  {
    id: 'ends',
    modes: TABLE,
    keys: ['g', 'Home', 'G', 'End'],
    label: 'g/Home G/End',
    help: 'the first / the last row',
    run: (_, k) => ({ type: 'moveTo', index: down(k) ? -1 : 0 }),
  },
  {
    id: 'hide-resolved',
    modes: TABLE,
    keys: ['h'],
    short: 'h/e',
    hint: 'toggles',
    help: 'toggle Hide Resolved Exports',
    run: () => ({ type: 'toggle', which: 'hideResolved' }),
  },
  {
    id: 'errors-only',
    modes: TABLE,
    keys: ['e'],
    help: 'toggle Show Errors Only',
    run: () => ({ type: 'toggle', which: 'errorsOnly' }),
  },
  {
    id: 'mark',
    modes: TABLE,
    keys: ['Space'],
    short: 'space *',
    hint: 'mark',
    help: 'mark the row and move down (as in mc and mutt)',
    run: () => ({ type: 'markAndMove' }),
    disabled: noRow,
  },
  {
    id: 'mark-all',
    modes: TABLE,
    keys: ['*'],
    help: 'mark every row the filters match (not only those on screen)',
    run: () => ({ type: 'markAll' }),
  },
  {
    id: 'next-match',
    modes: TABLE,
    keys: ['n', 'N'],
    label: 'n N',
    help: 'the next / previous row with the last keyword',
    run: (_, k) => ({ type: 'findNext', direction: k === 'N' ? -1 : 1 }),
    disabled: (s) => (s.lastKeyword ? undefined : 'No keyword yet: / searches'),
  },
  {
    id: 'goto',
    modes: TABLE,
    keys: [':'],
    hint: 'go to',
    help: 'go to an order number, tx 2847, err 308, a row id (orders 42) or a tab name; Esc comes back',
    run: () => ({ type: 'openGoto' }),
  },
  {
    id: 'scroll-columns',
    modes: TABLE,
    keys: ['Left', 'Right'],
    label: 'Left Right',
    short: '←→',
    hint: 'columns',
    help: 'scroll the columns (the selection column stays)',
    run: (_, k) => ({ type: 'hscroll', delta: k === 'Right' ? 1 : -1 }),
  },
  {
    id: 'wrap',
    modes: TABLE,
    keys: ['w'],
    help: "wrap the selected row's long fields under it (w again: one line)",
    run: () => ({ type: 'toggleWrap' }),
  },
  {
    id: 'choose-columns',
    modes: TABLE,
    keys: ['C'],
    help: 'choose the columns this tab shows (kept in the config file)',
    run: () => ({ type: 'openColumns' }),
  },
  {
    id: 'groups',
    modes: TABLE,
    keys: ['E'],
    help: 'open errors grouped by cause: count, 14 days, last seen, would pass',
    run: () => ({ type: 'openGroups' }),
  },
  {
    id: 'sort',
    modes: TABLE,
    keys: ['s', 'S'],
    label: 's S',
    help: 'sort by the next column on screen / reverse (the header marks which); c: newest first',
    run: (_, k) => (k === 'S' ? { type: 'reverseSort' } : { type: 'cycleSort', keys: shownSortable(_) }),
  },
  {
    id: 'export',
    modes: TABLE,
    keys: ['x', 'X'],
    label: 'x X',
    help: 'export every row of the filter to a CSV / JSON file here',
    run: (_, k) => ({ type: 'exportRows', format: k === 'X' ? 'json' : 'csv' }),
  },
  {
    id: 'copy',
    modes: BROWSE,
    keys: ['y'],
    hint: 'copy',
    hintWhen: (s) => s.mode.kind === 'detail',
    help: 'copy the order number, SKU, message ... to the clipboard (OSC 52: works over SSH and in tmux)',
    run: () => ({ type: 'copy' }),
    disabled: (s) => (s.mode.kind === 'table' ? noRow(s) : undefined),
  },
  {
    id: 'pager',
    modes: BROWSE,
    keys: ['v'],
    hint: 'pager',
    hintWhen: (s) => s.mode.kind === 'detail',
    help: 'read the record (fields, errors, payload) in $PAGER (less -R)',
    run: () => ({ type: 'pager' }),
    disabled: (s) => (s.mode.kind === 'table' ? noRow(s) : undefined),
  },

  // A record.
  {
    id: 'record-scroll',
    modes: RECORD,
    keys: ['Up', 'k', 'Down', 'j'],
    label: 'Up/Down k/j',
    short: '↑↓',
    hint: 'scroll',
    help: 'scroll a line',
    run: (_, k) => ({ type: 'detailScroll', delta: down(k) ? 1 : -1 }),
  },
  {
    id: 'record-page',
    modes: RECORD,
    keys: PAGE_KEYS,
    label: 'PgUp/PgDn Ctrl-B/Ctrl-F Ctrl-U/Ctrl-D',
    help: 'scroll a page / half a page',
    run: (s, k) => ({ type: 'detailScroll', delta: pageStep(k, detailPage(s)) }),
  },
  {
    id: 'record-ends',
    modes: RECORD,
    keys: ['g', 'Home', 'G', 'End'],
    label: 'g/Home G/End',
    help: 'the top / the end of the record',
    run: (_, k) => ({ type: 'detailScroll', delta: down(k) ? Infinity : -Infinity }),
  },
  {
    id: 'record-order',
    modes: RECORD,
    keys: ['O'],
    hint: 'its order',
    help: 'open the order it concerns in the Orders tab (Esc comes back)',
    run: (s) => ({ type: 'jumpTo', tab: 'orders', id: record(s)!.orderId! }),
    disabled: (s) => (record(s)?.orderId !== undefined ? undefined : 'No order to open'),
  },
  {
    id: 'record-errors',
    modes: RECORD,
    keys: ['e'],
    hint: 'its errors',
    help: "an order's errors in the Errors tab (Esc comes back)",
    run: (s) => ({ type: 'orderErrors', orderRef: record(s)!.orderRef! }),
    disabled: (s) => (record(s)?.orderRef !== undefined ? undefined : 'Not an order'),
  },
  {
    id: 'record-choose-tx',
    modes: RECORD,
    keys: ['Left', 'Right'],
    label: 'Left Right',
    short: '←→',
    hint: 'transaction',
    help: 'choose one of its transactions',
    run: (_, k) => ({ type: 'detailTx', delta: k === 'Right' ? 1 : -1 }),
    disabled: (s) => (record(s)?.transactionIds.length ? undefined : 'No transactions'),
  },
  {
    id: 'record-open-tx',
    modes: RECORD,
    keys: ['Enter', 't'],
    label: 'Enter t',
    short: 'Enter/t',
    hint: 'open in Logs',
    help: 'open the chosen transaction in the Logs tab (Esc comes back)',
    run: (s) =>
      s.mode.kind === 'detail'
        ? { type: 'jumpTo', tab: 'logs', id: record(s)!.transactionIds[s.mode.txCursor]! }
        : undefined,
    disabled: (s) => (record(s)?.transactionIds.length ? undefined : 'No transactions'),
  },
  {
    id: 'record-back',
    modes: RECORD,
    keys: ['Esc'],
    hint: 'back',
    help: 'back to the table',
    run: () => ({ type: 'closeView' }),
  },

  // Both.
  {
    id: 'tab-number',
    modes: BROWSE,
    keys: ['1', '2', '3', '4'],
    label: '1 2 3 4',
    short: '1-4',
    hint: 'tabs',
    rank: 42,
    help: 'Orders, Inventory, Logs, Errors (each keeps its filters and selection)',
    run: (_, k) => ({ type: 'switchTab', tab: TAB_IDS[Number(k) - 1]! }),
  },
  {
    id: 'tab-cycle',
    modes: BROWSE,
    keys: ['Tab', 'Shift-Tab', ']', '['],
    label: 'Tab Shift-Tab ] [',
    help: 'the next / previous tab',
    run: (_, k) => ({ type: 'cycleTab', delta: k === 'Tab' || k === ']' ? 1 : -1 }),
  },
  {
    id: 'table-back',
    modes: TABLE,
    keys: ['Esc'],
    help: 'back to where a jump came from; else clear the message',
    run: (s) => (s.jumpedFrom.length ? { type: 'jumpBack' } : { type: 'message', message: undefined }),
    disabled: (s) => (s.jumpedFrom.length || s.message ? undefined : 'Nothing to go back to'),
  },
  {
    id: 'local-time',
    modes: BROWSE,
    keys: ['Z'],
    help: "dates in local time / in UTC (the table's headers say which; a record's dates carry their offset)",
    run: () => ({ type: 'toggleLocalTime' }),
  },
  {
    id: 'reopen',
    modes: BROWSE,
    keys: ['R'],
    hint: 'reopen (the file changed on disk)',
    rank: 15,
    help: 'reopen the file after another program changed it on disk (the status line says CHANGED ON DISK)',
    run: () => ({ type: 'reopen' }),
    disabled: (s) => (s.stale ? undefined : 'The file has not changed on disk since it was opened'),
  },
  {
    id: 'settings',
    modes: BROWSE,
    keys: ['i'],
    help: "the integration's settings (read-only)",
    run: () => ({ type: 'openSettings' }),
  },
  {
    id: 'help',
    modes: BROWSE,
    keys: ['?'],
    hint: 'help',
    rank: 40,
    help: 'this help',
    run: () => ({ type: 'openHelp' }),
  },
  {
    id: 'quit',
    modes: [...BROWSE, 'groups', 'settings', 'help', 'options'],
    keys: ['q'],
    hint: 'quit',
    rank: 41,
    help: 'quit (asks first when actions are not in the file yet)',
    run: () => ({ type: 'requestQuit' }),
  },

  // Error groups (E).
  {
    id: 'groups-move',
    modes: ['groups'],
    keys: ['Up', 'k', 'Down', 'j'],
    label: 'Up/Down k/j',
    short: '↑↓',
    hint: 'choose',
    help: 'choose a group',
    run: (_, k) => ({ type: 'groupsMove', delta: down(k) ? 1 : -1 }),
  },
  {
    id: 'groups-page',
    modes: ['groups'],
    keys: [...PAGE_KEYS, 'g', 'Home', 'G', 'End'],
    label: 'PgUp/PgDn Ctrl-B/F/U/D g G',
    help: 'a page / half a page / the ends',
    run: (s, k) => ({
      type: 'groupsMove',
      delta: ['g', 'Home', 'G', 'End'].includes(k) ? (down(k) ? Infinity : -Infinity) : pageStep(k, groupsPage(s)),
    }),
  },
  {
    id: 'groups-show',
    modes: ['groups'],
    keys: ['Enter'],
    hint: 'show its errors',
    help: "the group's errors in the Errors tab",
    run: (s) =>
      s.mode.kind === 'groups' && s.mode.groups?.[s.mode.cursor]
        ? { type: 'showGroup', group: s.mode.groups[s.mode.cursor]! }
        : undefined,
    disabled: (s) => (s.mode.kind === 'groups' && s.mode.groups?.length ? undefined : 'No group'),
  },
  {
    id: 'groups-act',
    modes: ['groups'],
    keys: ['o'],
    hint: 'act on the group',
    help: 'Options for every error of the group (for more than one, after a confirmation)',
    run: () => ({ type: 'groupOptions' }),
    disabled: first(stale, readOnly, busy, (s) =>
      s.mode.kind === 'groups' && s.mode.groups?.length ? undefined : 'No group',
    ),
  },
  {
    id: 'groups-back',
    modes: ['groups'],
    keys: ['Esc', 'E'],
    label: 'Esc E',
    short: 'Esc',
    hint: 'back',
    help: 'back to the table',
    run: () => ({ type: 'closeView' }),
  },

  // Menus: Options, copy, columns.
  {
    id: 'menu-move',
    modes: ['options', 'copy', 'columns'],
    keys: ['Up', 'k', 'Down', 'j'],
    label: 'Up/Down k/j',
    short: '↑↓',
    hint: 'choose',
    help: 'move in the menu',
    run: (s, k) => menuMove(s, down(k) ? 1 : -1),
  },
  {
    id: 'menu-pick',
    modes: ['options', 'copy'],
    keys: ['1', '2', '3', '4', '5', '6', '7', '8', '9'],
    label: '1-9',
    hint: 'pick',
    help: 'pick by number',
    run: (s, k) => menuPick(s, Number(k) - 1),
    disabled: (s) => (s.mode.kind === 'options' || s.mode.kind === 'copy' ? undefined : 'Not a menu'),
  },
  {
    id: 'menu-run',
    modes: ['options', 'copy'],
    keys: ['Enter'],
    hint: 'run',
    help: 'run / copy the highlighted item',
    run: (s) => menuPick(s, s.mode.kind === 'options' || s.mode.kind === 'copy' ? s.mode.cursor : 0),
  },
  {
    id: 'columns-toggle',
    modes: ['columns'],
    keys: ['Space'],
    hint: 'show/hide',
    help: 'show or hide the highlighted column',
    run: () => ({ type: 'toggleColumn' }),
  },
  {
    id: 'columns-close',
    modes: ['columns'],
    keys: ['Enter', 'Esc', 'C'],
    label: 'Enter Esc C',
    short: 'Enter/Esc',
    hint: 'done',
    help: 'close the chooser (the choice is kept in the config file)',
    run: () => ({ type: 'closeColumns' }),
  },
  {
    id: 'menu-close',
    modes: ['options', 'copy'],
    keys: ['Esc'],
    hint: 'close',
    help: 'close the menu',
    run: () => ({ type: 'closeView' }),
  },

  // Confirmations.
  {
    id: 'confirm-yes',
    modes: ['confirm'],
    keys: ['y', 'Y', 'Enter'],
    label: 'y Enter',
    short: 'y/Enter',
    hint: 'run',
    help: 'run it',
    run: () => ({ type: 'runConfirmed' }),
  },
  {
    id: 'confirm-no',
    modes: ['confirm', 'confirm-quit'],
    keys: ['n', 'N', 'Esc'],
    label: 'n Esc',
    short: 'n/Esc',
    hint: 'back',
    help: 'do not',
    run: () => ({ type: 'closeView' }),
  },
  {
    id: 'quit-yes',
    modes: ['confirm-quit'],
    keys: ['y', 'Y'],
    label: 'y',
    hint: 'quit now',
    help: 'quit',
    run: () => ({ type: 'quit' }),
  },

  // The settings view and the help.
  {
    id: 'settings-close',
    modes: ['settings'],
    keys: ['Esc', 'i'],
    label: 'Esc i',
    short: 'Esc/i',
    hint: 'close',
    help: 'close the settings',
    run: () => ({ type: 'closeView' }),
  },
  {
    id: 'help-scroll',
    modes: ['help'],
    keys: ['Up', 'k', 'Down', 'j'],
    label: 'Up/Down k/j',
    short: '↑↓',
    hint: 'scroll',
    help: 'scroll the help',
    run: (_, k) => ({ type: 'helpScroll', delta: down(k) ? 1 : -1 }),
  },
  {
    id: 'help-page',
    modes: ['help'],
    keys: [...PAGE_KEYS, 'g', 'Home', 'G', 'End', 'Space'],
    label: 'PgUp/PgDn Space Ctrl-B/F/U/D g G',
    short: 'PgDn',
    hint: 'page',
    help: 'a page / half a page / the ends',
    run: (s, k) => ({
      type: 'helpScroll',
      delta: ['g', 'Home', 'G', 'End'].includes(k)
        ? down(k)
          ? Infinity
          : -Infinity
        : pageStep(k === 'Space' ? 'PgDn' : k, helpPage(s)),
    }),
  },
  {
    id: 'help-close',
    modes: ['help'],
    keys: ['Esc', '?'],
    label: 'Esc ?',
    short: 'Esc/?',
    hint: 'close help',
    help: 'close the help',
    run: () => ({ type: 'closeView' }),
  },

  // The filter form.
  {
    id: 'form-field',
    modes: ['filters'],
    keys: ['Down', 'Tab', 'Up', 'Shift-Tab'],
    label: 'Up/Down Tab Shift-Tab',
    short: '↑↓/Tab',
    hint: 'field',
    help: 'the next / previous field',
    run: (_, k) => ({ type: 'formFocus', delta: k === 'Down' || k === 'Tab' ? 1 : -1 }),
  },
  {
    id: 'form-choice',
    modes: ['filters'],
    keys: ['Left', 'Right'],
    label: 'Left Right',
    short: '←→',
    hint: 'choice',
    help: 'on a menu field: the previous / next choice (or type its first letters)',
    run: (_, k) => ({ type: 'formChoice', delta: k === 'Right' ? 1 : -1 }),
    disabled: onChoice,
  },
  {
    id: 'form-apply',
    modes: ['filters'],
    keys: ['Enter'],
    hint: 'apply',
    help: 'apply the filters (an empty field is no filter)',
    run: () => ({ type: 'applyForm' }),
  },
  {
    id: 'form-cancel',
    modes: ['filters'],
    keys: ['Esc'],
    hint: 'cancel',
    help: 'close the form, changing nothing',
    run: () => ({ type: 'closeView' }),
  },

  // Text prompts: the keyword (/), go to (:), a fix's value, a filter field.
  {
    id: 'prompt-apply',
    modes: ['prompt', 'goto', 'fix'],
    keys: ['Enter'],
    hint: 'apply',
    help: 'apply (an empty keyword clears it)',
    run: (s) =>
      s.mode.kind === 'prompt'
        ? { type: 'applyPrompt' }
        : s.mode.kind === 'goto'
          ? { type: 'applyGoto' }
          : { type: 'applyFix' },
  },
  {
    id: 'prompt-cancel',
    modes: ['prompt', 'goto', 'fix'],
    keys: ['Esc'],
    hint: 'cancel',
    help: 'cancel',
    run: () => ({ type: 'closeView' }),
  },
  {
    id: 'text-cursor',
    modes: TEXT,
    keys: ['Left', 'Right', 'Home', 'End', 'Ctrl-A', 'Ctrl-E'],
    label: 'Left Right Home End Ctrl-A Ctrl-E',
    help: 'move the cursor; to the start / the end',
    run: (_, k) => ({
      type: 'edit',
      edit: { op: k === 'Left' ? 'left' : k === 'Right' ? 'right' : k === 'Home' || k === 'Ctrl-A' ? 'start' : 'end' },
    }),
    disabled: textLine,
  },
  {
    id: 'text-word',
    modes: TEXT,
    keys: ['Alt-b', 'Alt-f'],
    label: 'Alt-B Alt-F',
    help: 'a word back / forward',
    run: (_, k) => ({ type: 'edit', edit: { op: k === 'Alt-b' ? 'wordLeft' : 'wordRight' } }),
    disabled: textLine,
  },
  {
    id: 'text-delete',
    modes: TEXT,
    keys: ['Backspace'],
    help: 'delete the character before the cursor',
    run: () => ({ type: 'edit', edit: { op: 'backspace' } }),
  },
  {
    id: 'text-kill',
    modes: TEXT,
    keys: ['Ctrl-U', 'Ctrl-W', 'Ctrl-K'],
    label: 'Ctrl-U Ctrl-W Ctrl-K',
    help: 'delete to the start / the word before / to the end',
    run: (_, k) => ({
      type: 'edit',
      edit: { op: k === 'Ctrl-U' ? 'killStart' : k === 'Ctrl-W' ? 'killWord' : 'killEnd' },
    }),
    disabled: textLine,
  },
];

/** The tab's sortable columns that show at this width (s never sorts by a column you cannot see). */
function shownSortable(s: AppState): string[] {
  const laid = tableLayout(s.tab, s.columns, s.rows, s).columns.map((c) => c.spec.key);
  return shownColumns(s)
    .map((c) => c.key)
    .filter((k) => laid.includes(k));
}

function menuMove(s: AppState, delta: number): Command | undefined {
  if (s.mode.kind === 'options') return { type: 'optionsMove', delta };
  if (s.mode.kind === 'copy') return { type: 'copyMove', delta };
  if (s.mode.kind === 'columns') return { type: 'columnsMove', delta };
  return undefined;
}

function menuPick(s: AppState, index: number): Command | undefined {
  if (s.mode.kind === 'options')
    return index < s.mode.actions.length
      ? { type: 'runOption', index }
      : { type: 'message', message: { text: `No option ${index + 1}`, ok: false } };
  if (s.mode.kind === 'copy')
    return index < s.mode.choices.length
      ? { type: 'copyPick', index }
      : { type: 'message', message: { text: `No item ${index + 1}`, ok: false } };
  return undefined;
}

/** Anything typed that no binding takes goes into the line being typed (a text field, or a menu field's choice). */
export const TYPING_MODES: readonly ModeKind[] = TEXT;

/** Used by the status line: whether the table has a ✓ to explain. */
export function showsPassLegend(s: AppState): boolean {
  return s.mode.kind === 'table' && (currentWindow(s)?.rows.some((r) => r.passes) ?? false);
}
