/**
 * Owns the state: every key goes through routeKey and the reducer, and
 * actions go to the TriageSource; after each change, the ScreenFetcher
 * fetches whatever the screen now needs.
 */
import { ACTION_LABELS, tabSpec } from '../triage/tabs.js';
import type { TriageSource } from '../triage/source.js';
import { NO_FILTERS, type ActionId, type ActionOutcome, type TabId } from '../triage/types.js';
import { BATCH, bulkMessage, progressBar } from './marks.js';
import { isRun } from '../triage/actions.js';
import { hasTextInput, keyOf, routeKey, type KeyInfo } from './keys.js';
import { errorText, ScreenFetcher } from './fetcher.js';
import { stripUnsafe } from '../text/sanitize.js';
import { initialState, reduce, selectedRow, type Action, type AppState, type Opening } from './state.js';

export class Controller {
  private state: AppState;
  private readonly listeners = new Set<() => void>();
  private readonly fetcher: ScreenFetcher;
  private disposed = false;
  private stopNotices: (() => void) | undefined;
  /** Called on q / Ctrl+C; the App sets it to Ink's exit. */
  onQuit: () => void = () => {};

  constructor(
    private readonly source: TriageSource,
    columns: number,
    rows: number,
    opening: Opening = {},
  ) {
    this.state = initialState(columns, rows, source.readOnlyReason, opening);
    this.fetcher = new ScreenFetcher(source, (action) => this.dispatch(action));
  }

  readonly getState = (): AppState => this.state;

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  dispatch(action: Action): void {
    if (this.disposed) return;
    const next = reduce(this.state, action);
    if (next === this.state) return;
    this.state = next;
    for (const l of this.listeners) l();
    this.fetcher.sync(this.state);
  }

  start(): void {
    if (this.source.openingNotice) this.dispatch({ type: 'message', message: { text: this.source.openingNotice, ok: true } });
    this.stopNotices = this.source.onNotice?.((text, ok) => this.dispatch({ type: 'message', message: { text, ok } }));
    this.fetcher.sync(this.state);
  }

  dispose(): void {
    this.disposed = true;
    this.stopNotices?.();
    this.listeners.clear();
  }

  /** The single keyboard handler (stable, so Ink never re-subscribes it). */
  readonly handleKey = (input: string, key: KeyInfo & { meta?: boolean }): void => {
    // Ink hands over characters that arrived together (fast typing, key repeat,
    // tmux send-keys) as one input: route each as its own key. A focused text
    // input has already taken the printable ones; the router ignores those there.
    if (input.length > 1 && !key.ctrl && !key.meta) {
      const textHeardIt = hasTextInput(this.state);
      const each = () => {
        for (const ch of input) {
          // A key in the run opened a prompt that was not there to hear the run: type the rest into it.
          if (!textHeardIt && hasTextInput(this.state) && !/[\x00-\x1f\x7f]/.test(ch)) this.typeText(ch);
          else this.handleOne(ch === '\x03' ? 'c' : ch, keyOf(ch));
        }
      };
      // A focused text input hears the run after this handler; let it take the text before an Enter in the run applies it.
      if (textHeardIt) queueMicrotask(each);
      else each();
      return;
    }
    this.handleOne(input, key);
  };

  /** Appends typed text to the open prompt or the focused filter field. */
  private typeText(text: string): void {
    const mode = this.state.mode;
    if (mode.kind === 'prompt') this.dispatch({ type: 'promptChange', value: mode.value + stripUnsafe(text) });
    else if (mode.kind === 'fix') this.dispatch({ type: 'fixChange', value: mode.value + stripUnsafe(text) });
    else if (mode.kind === 'filters') this.dispatch({ type: 'formChange', value: mode.form.values[mode.form.focus] + stripUnsafe(text) });
  }

  private handleOne(input: string, key: KeyInfo): void {
    const command = routeKey(this.state, input, key);
    if (!command) return;
    if (command.type === 'quit') this.onQuit();
    else if (command.type === 'jumpTo') void this.jumpTo(command.tab, command.id);
    else if (command.type === 'runOption') this.runOption(command.index);
    else if (command.type === 'exportRows') void this.exportRows(command.format);
    else if (command.type === 'markAll') void this.markAll();
    else if (command.type === 'openGroups') void this.openGroups();
    else if (command.type === 'groupOptions') void this.groupOptions();
    else if (command.type === 'applyFix') void this.applyFix();
    else if (command.type === 'openSettings') void this.openSettings();
    else if (command.type === 'runConfirmed') this.runConfirmed();
    else if (command.type === 'orderErrors') void this.orderErrors(command.orderRef);
    else if (command.type === 'openForm') void this.openForm();
    else this.dispatch(command);
  }

  /** Writes every row of the tab's filtered set (not only the screen) to a file, and says where. */
  private async exportRows(format: 'csv' | 'json'): Promise<void> {
    const tab = this.state.tab;
    await this.fetcher.run(async () => {
      const result = await this.source.exportRows(tab, this.state.tabs[tab].filters, format);
      const rows = `${result.rows.toLocaleString('en-US')} row${result.rows === 1 ? '' : 's'}`;
      this.dispatch({ type: 'message', message: { text: `Exported ${rows} of ${tabSpec(tab).title} to ${result.file}`, ok: true } });
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
    let message: { text: string; ok: boolean };
    try {
      let todo = [...ids];
      if (isRun(action) && ids.length > 1) todo = (await this.source.distinctRuns(tab, todo)).distinct;
      const outcomes = [];
      for (let done = 0; done < todo.length; done += BATCH) {
        if (done > 0) this.dispatch({ type: 'message', message: { text: `${verb}: ${progressBar(done, todo.length)} ${done.toLocaleString('en-US')} of ${todo.length.toLocaleString('en-US')}`, ok: true } });
        outcomes.push(await this.source.act(tab, action, todo.slice(done, done + BATCH)));
      }
      message = outcomes.length === 1 && ids.length === 1 ? { text: outcomes[0]!.message, ok: outcomes[0]!.ok } : bulkMessage(tab, action, todo.length, ids.length, outcomes);
    } catch (err) {
      message = { text: `${verb} failed: ${errorText(err)}`, ok: false };
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
    let message: { text: string; ok: boolean };
    try {
      outcome = await this.source.act('errors', mode.action, [mode.id], mode.value);
      message = { text: outcome.message, ok: outcome.ok };
    } catch (err) {
      message = { text: `${ACTION_LABELS[mode.action]} failed: ${errorText(err)}`, ok: false };
    }
    this.fetcher.forgetTotals();
    this.dispatch({ type: 'actDone', message, tab, index: undefined });
    const next = outcome?.ok ? outcome.followUp : undefined;
    if (next) this.dispatch({ type: 'followUp', ...next });
  }

  /** The filter form; a counted choice (the Errors tab's code) gets its counts under the tab's other filters. */
  private async openForm(): Promise<void> {
    const tab = this.state.tab;
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
    this.dispatch({ type: 'jump', tab: 'errors', filters, index: 0, message: { text: `Errors of order ${orderRef}; Esc goes back`, ok: true } });
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
}
