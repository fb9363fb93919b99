/**
 * Owns the state: every key goes through routeKey and the reducer, and
 * actions go to the TriageSource; after each change, the ScreenFetcher
 * fetches whatever the screen now needs.
 */
import type { Outcome } from '../user-error.js';
import { ACTION_LABELS, tabSpec } from '../triage/tabs.js';
import type { TriageSource } from '../triage/source.js';
import { NO_FILTERS, type ActionId, type ActionOutcome, type TabId } from '../triage/triage-types.js';
import { BATCH, bulkMessage, progressBar } from './bulk-run.js';
import { isRun } from '../triage/actions.js';
import { keyOf, routeKey, type Command, type KeyInfo } from './keys.js';
import { ScreenFetcher } from './fetcher.js';
import { messageOf } from '../user-error.js';
import { copyChoices, osc52 } from './copy.js';
import { parseGoto } from './goto.js';
import { recordText } from './pager-text.js';
import {
  initialState,
  reduce,
  selectedRow,
  type AppEvent,
  type AppState,
  type Opening,
  type StatusMessage,
} from './state.js';

/** What the dashboard does to the terminal and the user's files beside drawing (runTui gives the real ones; tests stand-ins). */
export interface DashboardIO {
  /** Writes bytes the terminal acts on itself (the clipboard's OSC 52) beside Ink's frames. */
  writeRaw?(text: string): void;
  /** Shows text in the user's pager ($PAGER), leaving the screen and coming back; says how it went. */
  page?(text: string): Promise<Outcome>;
  /** Keeps the column chooser's choice (the config file); says where, or why not. */
  saveColumns?(hidden: Record<TabId, readonly string[]>): Promise<Outcome>;
}

/** How long a change waits for the rows it asked for before the screen shows it without them ("working…"). */
export const ANSWER_WAIT_MS = 20;

export class Controller {
  private state: AppState;
  private readonly listeners = new Set<() => void>();
  private readonly fetcher: ScreenFetcher;
  private disposed = false;
  private stopNotices: (() => void) | undefined;
  private stopStatus: (() => void) | undefined;
  /** Called on q / Ctrl+C; the App sets it to Ink's exit. */
  onQuit: () => void = () => {};

  constructor(
    private readonly source: TriageSource,
    columns: number,
    rows: number,
    opening: Opening = {},
    private readonly io: DashboardIO = {},
    private readonly answerWaitMs = ANSWER_WAIT_MS,
  ) {
    this.state = initialState(columns, rows, source.readOnlyReason, opening);
    this.fetcher = new ScreenFetcher(source, (action) => this.dispatch(action));
  }

  readonly getState = (): AppState => this.state;

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  dispatch(event: AppEvent): void {
    if (this.disposed) return;
    const next = reduce(this.state, event);
    if (next === this.state) return;
    this.state = next;
    this.notify();
    this.fetcher.sync(this.state);
  }

  private notifying = false;
  /** Set while the screen waits for the rows it asked for (see ANSWER_WAIT_MS). */
  private waitingForRows: NodeJS.Timeout | undefined;
  /** Queries in flight, and the message, when the screen was last told. */
  private shownPending = 0;
  private shownMessage: StatusMessage | undefined;

  /**
   * Tells the screen once for all the changes of one turn of the event loop:
   * each notice is a whole render and frame (Ink renders every React commit),
   * and an answer often brings several (its rows, the end of "working…").
   * A change that asked for rows the screen does not have (a page, a toggle)
   * waits up to ANSWER_WAIT_MS for them: they mostly come within a few ms,
   * and the key's frame then comes once, with them, not after a frame that
   * only says "working…" (whose drawing delayed the rows' frame).
   */
  private notify(): void {
    if (this.notifying) return;
    this.notifying = true;
    queueMicrotask(() => {
      this.notifying = false;
      if (this.disposed) return;
      // An outcome to show (an action's) is shown at once, whatever rows it also asked for.
      const rowsAwaited =
        this.state.pending > this.shownPending &&
        selectedRow(this.state) === undefined &&
        this.state.message === this.shownMessage;
      if (rowsAwaited && this.answerWaitMs > 0) {
        this.waitingForRows ??= setTimeout(() => this.tell(), this.answerWaitMs);
        return;
      }
      this.tell();
    });
  }

  private tell(): void {
    clearTimeout(this.waitingForRows);
    this.waitingForRows = undefined;
    if (this.disposed) return;
    this.shownPending = this.state.pending;
    this.shownMessage = this.state.message;
    for (const l of this.listeners) l();
  }

  /** Asks for what the screen shows and does not have yet (its page, the counts); start() then asks for nothing twice. */
  fetchScreen(): void {
    this.fetcher.sync(this.state);
  }

  start(): void {
    if (this.source.openingNotice)
      this.dispatch({ type: 'message', message: { text: this.source.openingNotice, ok: true } });
    this.stopNotices = this.source.onNotice?.((text, ok) => this.dispatch({ type: 'message', message: { text, ok } }));
    this.stopStatus = this.source.onStatus?.((status) => {
      if (status.merged === undefined) return this.dispatch({ type: 'status', ...status });
      this.fetcher.forgetTotals();
      this.dispatch({ type: 'merged', text: status.merged });
    });
    this.fetcher.sync(this.state);
  }

  dispose(): void {
    this.disposed = true;
    clearTimeout(this.waitingForRows);
    this.fetcher.stop();
    this.stopNotices?.();
    this.stopStatus?.();
    this.listeners.clear();
  }

  /**
   * The single keyboard handler (stable, so Ink never re-subscribes it).
   * Ink hands over the characters that arrived together (pasted text, key
   * repeat, several Backspaces, tmux send-keys) as one input: each is routed
   * as its own key, in order, so a burst is applied exactly as typed.
   */
  readonly handleKey = (input: string, key: KeyInfo): void => {
    const chars = [...input];
    if (chars.length > 1 && !key.meta) {
      for (const ch of chars) {
        const one = keyOf(ch);
        this.handleOne(one.input, one.key);
      }
      return;
    }
    this.handleOne(input, key);
  };

  private handleOne(input: string, key: KeyInfo): void {
    const command = routeKey(this.state, input, key);
    if (command) this.run(command);
  }

  /** Carries out a command: a change of state goes to the reducer; the rest is work here. */
  private run(command: Command): void {
    switch (command.type) {
      case 'quit':
        return this.onQuit();
      case 'requestQuit':
        return void this.requestQuit();
      case 'jumpTo':
        return void this.jumpTo(command.tab, command.id);
      case 'runOption':
        return this.runOption(command.index);
      case 'exportRows':
        return void this.exportRows(command.format);
      case 'markAll':
        return void this.markAll();
      case 'markAndMove':
        this.dispatch({ type: 'toggleMark' });
        return this.dispatch({ type: 'move', delta: 1 });
      case 'openGroups':
        return void this.openGroups();
      case 'groupOptions':
        return void this.groupOptions();
      case 'applyFix':
        return void this.applyFix();
      case 'openSettings':
        return void this.openSettings();
      case 'runConfirmed':
        return this.runConfirmed();
      case 'orderErrors':
        return this.orderErrors(command.orderRef);
      case 'openForm':
        return void this.openForm();
      case 'applyGoto':
        return void this.applyGoto();
      case 'findNext':
        return void this.findNext(command.direction);
      case 'copy':
        return this.openCopy();
      case 'copyPick':
        return this.copyPick(command.index);
      case 'pager':
        return void this.openPager();
      case 'closeColumns':
        return void this.closeColumns();
      case 'reopen':
        return void this.reopen();
      case 'openOptions':
        // The first change needs the file checked (it reads all of it): started as the menu opens.
        this.source.prepareToWrite?.();
        return this.dispatch(command);
      default:
        return this.dispatch(command);
    }
  }

  /** Writes every row of the tab's filtered set (not only the screen) to a file, and says where. */
  private async exportRows(format: 'csv' | 'json'): Promise<void> {
    const tab = this.state.tab;
    await this.fetcher.run(async () => {
      const result = await this.source.exportRows(tab, this.state.tabs[tab].filters, format);
      const rows = `${result.rows.toLocaleString('en-US')} row${result.rows === 1 ? '' : 's'}`;
      this.dispatch({
        type: 'message',
        message: { text: `Exported ${rows} of ${tabSpec(tab).title} to ${result.file}`, ok: true },
      });
    });
  }

  /**
   * A pick in the options menu: a fix asks for its value first; marked rows are
   * confirmed first; a re-run of a row that already succeeded asks first (a
   * second run may drop nothing, but it should be meant); else it runs at once.
   */
  private runOption(index: number): void {
    const mode = this.state.mode;
    if (mode.kind !== 'options') return;
    const action = mode.actions[index];
    if (!action) return;
    if (action === 'link-sku' || action === 'relink-sku' || action === 'map-ship-service') {
      this.dispatch({ type: 'optionsMove', delta: index - mode.cursor });
      this.dispatch({ type: 'openFix' });
      return;
    }
    if (mode.ids.length > 1) {
      this.dispatch({ type: 'confirmBulk', action });
      return;
    }
    const row = selectedRow(this.state);
    if ((action === 'rerun' || action === 'resolve-rerun') && row?.id === mode.ids[0] && row.succeeded) {
      const question = `${mode.label} already succeeded: ${ACTION_LABELS[action]} anyway?`;
      this.dispatch({ type: 'confirmRun', tab: mode.tab, action, ids: mode.ids, label: mode.label, question });
      return;
    }
    void this.runAction(action, mode.tab, mode.ids, mode.label);
  }

  private runConfirmed(): void {
    const mode = this.state.mode;
    if (mode.kind === 'confirm') void this.runAction(mode.action, mode.tab, mode.ids, mode.label);
  }

  /**
   * Runs an action on rows, in batches so a long bulk run shows its progress,
   * then refreshes everything and keeps the selection on the same record, or on
   * the row now at its place when it left the filtered set. A run action over
   * many rows runs each problem once for the whole command (two errors of one
   * order re-run it once), across batches. A second action while one runs is refused.
   */
  readonly runAction = async (action: ActionId, tab: TabId, ids: readonly number[], label: string): Promise<void> => {
    if (this.state.acting) return;
    const verb = ACTION_LABELS[action];
    this.dispatch({ type: 'actStart', text: `${verb} ${label}…` });
    let message: StatusMessage;
    try {
      let todo = [...ids];
      if (isRun(action) && ids.length > 1) todo = (await this.source.distinctRuns(tab, todo)).distinct;
      const outcomes = [];
      for (let done = 0; done < todo.length; done += BATCH) {
        if (done > 0)
          this.dispatch({
            type: 'message',
            message: {
              text: `${verb}: ${progressBar(done, todo.length)} ${done.toLocaleString('en-US')} of ${todo.length.toLocaleString('en-US')}`,
              ok: true,
            },
          });
        outcomes.push(await this.source.act(tab, action, todo.slice(done, done + BATCH)));
      }
      message =
        outcomes.length === 1 && ids.length === 1
          ? { text: outcomes[0]!.message, ok: outcomes[0]!.ok }
          : bulkMessage(tab, action, todo.length, ids.length, outcomes);
    } catch (err) {
      message = { text: `${verb} failed: ${messageOf(err)}`, ok: false };
    }
    // The selection is kept in the tab on screen (a follow-up may act on another tab's rows).
    const selected = tab === this.state.tab ? selectedRow(this.state) : undefined;
    let index: number | undefined;
    try {
      const at = selected ? await this.source.indexOf(tab, this.state.tabs[tab].filters, selected.id) : -1;
      index = at >= 0 ? at : undefined;
    } catch {
      index = undefined;
    }
    this.fetcher.forgetTotals();
    this.dispatch({ type: 'actDone', message, tab, index, clearMarks: ids.length > 1 });
  };

  /** Reads the file again after it changed on disk: every row and count comes from the new version. */
  private async reopen(): Promise<void> {
    if (!this.source.reopen) return;
    this.dispatch({ type: 'message', message: { text: 'Reopening…', ok: true } });
    await this.fetcher.run(async () => {
      const opened = await this.source.reopen!();
      this.fetcher.forgetTotals();
      this.dispatch({ type: 'reopened', ...opened });
    });
  }

  private async openGroups(): Promise<void> {
    this.dispatch({ type: 'openGroups' });
    await this.fetcher.run(async () => {
      const groups = await this.source.errorGroups();
      this.dispatch({ type: 'groupsLoaded', groups });
    });
  }

  /** The options menu for a whole error group: its errors are marked, then offered to every action. */
  private async groupOptions(): Promise<void> {
    const mode = this.state.mode;
    const group = mode.kind === 'groups' ? mode.groups?.[mode.cursor] : undefined;
    if (!group) return;
    this.source.prepareToWrite?.();
    this.dispatch({ type: 'showGroup', group });
    await this.markAll();
    this.dispatch({ type: 'openOptions' });
  }

  /** The settings view: what drives processing, read-only. */
  private async openSettings(): Promise<void> {
    this.dispatch({ type: 'openSettings' });
    await this.fetcher.run(async () => {
      const rows = await this.source.settings();
      this.dispatch({ type: 'settingsLoaded', rows });
    });
  }

  /**
   * Makes the fix the error offers with the typed value (link or relink its
   * Amazon SKU to an ERP item, map its service level to a ship-via); then
   * offers to re-run every open problem the fix may let through.
   */
  private async applyFix(): Promise<void> {
    const mode = this.state.mode;
    if (mode.kind !== 'fix' || this.state.acting) return;
    const tab = this.state.tab;
    this.dispatch({ type: 'actStart', text: `${ACTION_LABELS[mode.action]} ${mode.label}…` });
    let outcome: ActionOutcome | undefined;
    let message: StatusMessage;
    try {
      outcome = await this.source.act('errors', mode.action, [mode.id], mode.line.value.trim());
      message = { text: outcome.message, ok: outcome.ok };
    } catch (err) {
      message = { text: `${ACTION_LABELS[mode.action]} failed: ${messageOf(err)}`, ok: false };
    }
    this.fetcher.forgetTotals();
    this.dispatch({ type: 'actDone', message, tab, index: undefined });
    const next = outcome?.ok ? outcome.followUp : undefined;
    if (next) this.dispatch({ type: 'followUp', ...next });
  }

  /** The filter form; a counted choice (the Errors tab's code) gets its counts under the tab's other filters. */
  private async openForm(): Promise<void> {
    const tab = this.state.tab;
    // A SKU# filter reads the lists of SKU values: made while the form is filled in.
    this.source.prepareToFilter?.(tab);
    this.dispatch({ type: 'openForm' });
    if (!tabSpec(tab).filters.some((f) => f.counted)) return;
    await this.fetcher.run(async () => {
      const counts = await this.source.codeCounts(this.state.tabs[tab].filters);
      this.dispatch({ type: 'formCounts', tab, counts });
    });
  }

  /** An order's errors: the Errors tab narrowed to its number, every error of it (Esc comes back). */
  private orderErrors(orderRef: string): void {
    const filters = { ...NO_FILTERS, orderRef };
    this.dispatch({
      type: 'jump',
      tab: 'errors',
      filters,
      index: 0,
      message: { text: `Errors of order ${orderRef}; Esc goes back`, ok: true },
    });
  }

  /** Marks every row matching the tab's filters, not only the visible ones. */
  private async markAll(): Promise<void> {
    const tab = this.state.tab;
    await this.fetcher.run(async () => {
      const ids = await this.source.ids(tab, this.state.tabs[tab].filters);
      this.dispatch({ type: 'setMarks', tab, ids });
    });
  }

  /**
   * Opens a transaction in the Logs tab, selected; clears the Logs filters
   * first when they would hide it.
   */
  async jumpTo(tab: TabId, id: number): Promise<void> {
    const spec = tabSpec(tab);
    await this.fetcher.run(async () => {
      let filters = this.state.tabs[tab].filters;
      let index = await this.source.indexOf(tab, filters, id);
      let cleared = false;
      if (index < 0 && JSON.stringify(filters) !== JSON.stringify(NO_FILTERS)) {
        filters = NO_FILTERS;
        cleared = true;
        index = await this.source.indexOf(tab, filters, id);
      }
      if (index < 0) {
        this.dispatch({ type: 'message', message: { text: `${spec.noun} ${id} not found`, ok: false } });
        return;
      }
      const what = tab === 'logs' ? `transaction ${id}` : `the ${spec.noun}`;
      const text = `Showing ${what} in ${spec.title}${cleared ? ` (${spec.title} filters cleared to show it)` : ''}; Esc goes back`;
      this.dispatch({ type: 'jump', tab, filters, index, message: { text, ok: true } });
    });
  }

  /**
   * q: quits; when actions are acknowledged but not yet in the file, says so
   * and asks first (quitting writes them); while an action runs, asks too.
   */
  private async requestQuit(): Promise<void> {
    if (this.state.acting) {
      this.dispatch({ type: 'confirmQuit', question: 'An action is still running. Quit anyway? (y/n)' });
      return;
    }
    let unsaved = 0;
    try {
      unsaved = (await this.source.unsaved?.()) ?? 0;
    } catch {
      unsaved = 0;
    }
    if (unsaved === 0) return this.onQuit();
    const what = `${unsaved} action${unsaved === 1 ? ' is' : 's are'}`;
    this.dispatch({
      type: 'confirmQuit',
      question: `${what} in the journal (${this.source.label}.pending-actions) but not in the file yet; quitting writes them into it. Quit? (y/n)`,
    });
  }

  /** `:` then Enter: a tab, or the record an id names, opened with the back stack (Esc comes back). */
  private async applyGoto(): Promise<void> {
    const mode = this.state.mode;
    if (mode.kind !== 'goto') return;
    const target = parseGoto(mode.line.value);
    this.dispatch({ type: 'closeView' });
    if (target.kind === 'bad') return this.dispatch({ type: 'message', message: { text: target.message, ok: false } });
    if (target.kind === 'tab') {
      const t = this.state.tabs[target.tab];
      return this.dispatch({
        type: 'jump',
        tab: target.tab,
        filters: t.filters,
        index: t.selected,
        message: { text: `${tabSpec(target.tab).title}; Esc goes back`, ok: true },
      });
    }
    await this.fetcher.run(async () => {
      let ids: number[];
      try {
        ids = await this.source.rowsOf(target.tab, target.ref);
      } catch (err) {
        this.dispatch({ type: 'message', message: { text: messageOf(err), ok: false } });
        return;
      }
      await this.jumpTo(target.tab, ids[0]!);
    });
  }

  /** n / N: the next (previous) row of the tab with the last keyword. */
  private async findNext(direction: 1 | -1): Promise<void> {
    const keyword = this.state.lastKeyword;
    const row = selectedRow(this.state);
    if (!keyword || !row) return;
    const tab = this.state.tab;
    await this.fetcher.run(async () => {
      const index = await this.source.nextMatch(tab, this.state.tabs[tab].filters, keyword, row.id, direction);
      if (index < 0) {
        this.dispatch({
          type: 'message',
          message: { text: `No ${direction === 1 ? 'later' : 'earlier'} row with "${keyword}"`, ok: false },
        });
        return;
      }
      this.dispatch({ type: 'moveTo', index });
      this.dispatch({ type: 'message', message: { text: `"${keyword}" (n next, N previous)`, ok: true } });
    });
  }

  /** y: the menu of what the selected row (or the open record) can copy. */
  private openCopy(): void {
    const mode = this.state.mode;
    const detail = mode.kind === 'detail' ? mode.detail : undefined;
    const tab = mode.kind === 'detail' ? mode.tab : this.state.tab;
    const row = mode.kind === 'detail' ? undefined : selectedRow(this.state);
    const choices = copyChoices(tab, row, detail);
    if (choices.length === 0)
      return this.dispatch({ type: 'message', message: { text: 'Nothing to copy here', ok: false } });
    this.dispatch({ type: 'openCopy', choices });
  }

  /** Puts the chosen value on the clipboard with OSC 52 (the terminal does it: works over SSH and in tmux). */
  private copyPick(index: number): void {
    const mode = this.state.mode;
    if (mode.kind !== 'copy') return;
    const choice = mode.choices[index];
    this.dispatch({ type: 'closeView' });
    if (!choice) return;
    if (!this.io.writeRaw)
      return this.dispatch({ type: 'message', message: { text: 'No terminal to copy through', ok: false } });
    this.io.writeRaw(osc52(choice.value));
    const shown = choice.value.length > 40 ? `${choice.value.slice(0, 39)}…` : choice.value;
    this.dispatch({
      type: 'message',
      message: { text: `Copied ${choice.label.toLowerCase()} ${shown} to the clipboard (OSC 52)`, ok: true },
    });
  }

  /** v: the record in $PAGER (less -R), the screen left and restored around it. */
  private async openPager(): Promise<void> {
    const mode = this.state.mode;
    const tab = mode.kind === 'detail' ? mode.tab : this.state.tab;
    const id = mode.kind === 'detail' ? mode.id : selectedRow(this.state)?.id;
    if (id === undefined) return;
    if (!this.io.page)
      return this.dispatch({ type: 'message', message: { text: 'No terminal to page in', ok: false } });
    await this.fetcher.run(async () => {
      const detail = mode.kind === 'detail' && mode.detail ? mode.detail : await this.source.detail(tab, id);
      if (!detail) {
        this.dispatch({ type: 'message', message: { text: `That ${tabSpec(tab).noun} no longer exists`, ok: false } });
        return;
      }
      const outcome = await this.io.page!(recordText(detail));
      this.dispatch({ type: 'message', message: { text: outcome.message, ok: outcome.ok } });
    });
  }

  /** Closes the column chooser and keeps the choice (the config file, when there is one). */
  private async closeColumns(): Promise<void> {
    this.dispatch({ type: 'closeView' });
    if (!this.io.saveColumns) return;
    try {
      const saved = await this.io.saveColumns(this.state.hiddenColumns);
      this.dispatch({ type: 'message', message: { text: saved.message, ok: saved.ok } });
    } catch (err) {
      this.dispatch({ type: 'message', message: { text: `The columns were not kept: ${messageOf(err)}`, ok: false } });
    }
  }
}
