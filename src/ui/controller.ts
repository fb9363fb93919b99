/**
 * Owns the state and talks to the TriageSource: every key goes through
 * routeKey and the reducer; after each change, `sync` fetches whatever the
 * screen now needs (the visible rows, the tab counts, a detail) and drops
 * answers that arrive for a query the user has already left.
 */
import { ACTION_LABELS, tabSpec } from '../triage/tabs.js';
import type { TriageSource } from '../triage/source.js';
import { NO_FILTERS, type ActionId, type ActionOutcome, type TabFilters, type TabId } from '../triage/types.js';
import { BATCH, bulkMessage, progressBar } from './marks.js';
import { hasTextInput, keyOf, routeKey, type KeyInfo } from './keys.js';
import { screenLayout } from './layout.js';
import { stripUnsafe } from './sanitize.js';
import { initialState, queryKey, reduce, selectedRow, type Action, type AppState } from './state.js';

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export class Controller {
  private state: AppState;
  private readonly listeners = new Set<() => void>();
  /** Latest rows query asked for, per tab; older answers are dropped. */
  private readonly requested = new Map<TabId, string>();
  /** Filtered totals already counted, by query key (scrolling does not count again). */
  private readonly totals = new Map<string, number>();
  private countsGeneration = -1;
  private detailRequested: string | undefined;
  private disposed = false;
  private stopNotices: (() => void) | undefined;
  /** Called on q / Ctrl+C; the App sets it to Ink's exit. */
  onQuit: () => void = () => {};

  constructor(
    private readonly source: TriageSource,
    columns: number,
    rows: number,
  ) {
    this.state = initialState(columns, rows, source.readOnlyReason);
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
    this.sync();
  }

  start(): void {
    if (this.source.openingNotice) this.dispatch({ type: 'message', message: { text: this.source.openingNotice, ok: true } });
    this.stopNotices = this.source.onNotice?.((text, ok) => this.dispatch({ type: 'message', message: { text, ok } }));
    this.sync();
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
    else if (mode.kind === 'link') this.dispatch({ type: 'linkChange', value: mode.value + stripUnsafe(text) });
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
    else if (command.type === 'applyLink') void this.applyLink();
    else if (command.type === 'runConfirmed') this.runConfirmed();
    else this.dispatch(command);
  }

  /** Fetches what the current state shows but does not have yet. */
  private sync(): void {
    const s = this.state;
    const tab = s.tab;
    const t = s.tabs[tab];
    const query = queryKey(s, tab);
    const limit = screenLayout(s.rows).tableRows;
    const rowsKey = `${query}@${t.scrollTop}+${limit}`;
    if (this.requested.get(tab) !== rowsKey) {
      this.requested.set(tab, rowsKey);
      void this.query(async () => {
        let total = this.totals.get(query);
        if (total === undefined && t.scrollTop === 0) {
          await this.firstPageThenCount(tab, query, t.filters, limit, rowsKey);
          return;
        }
        if (total === undefined) {
          total = await this.source.count(tab, t.filters);
          this.totals.set(query, total);
        }
        // A G pressed before the count arrived asks for "the end"; fetch the real last page.
        const offset = Math.max(0, Math.min(t.scrollTop, total - limit));
        const rows = await this.source.rows(tab, t.filters, offset, limit);
        if (this.requested.get(tab) === rowsKey) {
          this.dispatch({ type: 'loaded', tab, window: { query, total, offset, rows } });
        }
      });
    }
    if (this.countsGeneration !== s.generation) {
      const generation = s.generation;
      this.countsGeneration = generation;
      void this.query(async () => {
        const counts = await this.source.openErrorCounts();
        if (this.countsGeneration === generation) this.dispatch({ type: 'countsLoaded', counts });
      });
    }
    const mode = s.mode;
    if (mode.kind !== 'detail') this.detailRequested = undefined;
    else if (!mode.detail && this.detailRequested !== `${mode.tab}:${mode.id}`) {
      this.detailRequested = `${mode.tab}:${mode.id}`;
      void this.query(async () => {
        const detail = await this.source.detail(mode.tab, mode.id);
        this.dispatch({ type: 'detailLoaded', id: mode.id, detail });
      });
    }
  }

  /**
   * A new filter's first page needs no total: its rows are shown first and
   * the count follows (counting a common word or phrase can take far longer
   * than finding a page of it). A short first page is its own count.
   */
  private async firstPageThenCount(tab: TabId, query: string, filters: TabFilters, limit: number, rowsKey: string): Promise<void> {
    const rows = await this.source.rows(tab, filters, 0, limit);
    const exact = rows.length < limit ? rows.length : undefined;
    if (exact !== undefined) this.totals.set(query, exact);
    if (this.requested.get(tab) === rowsKey) this.dispatch({ type: 'loaded', tab, window: { query, total: exact, offset: 0, rows } });
    if (exact !== undefined) return;
    const total = await this.source.count(tab, filters);
    this.totals.set(query, total);
    this.dispatch({ type: 'counted', tab, query, total });
  }

  /** Runs one read, counting it as in flight and turning a failure into a status message. */
  private async query(run: () => Promise<void>): Promise<void> {
    this.dispatch({ type: 'pending', delta: 1 });
    try {
      await run();
    } catch (err) {
      this.dispatch({ type: 'message', message: { text: errorText(err), ok: false } });
    } finally {
      this.dispatch({ type: 'pending', delta: -1 });
    }
  }

  /** Writes every row of the tab's filtered set (not only the screen) to a file, and says where. */
  private async exportRows(format: 'csv' | 'json'): Promise<void> {
    const tab = this.state.tab;
    await this.query(async () => {
      const result = await this.source.exportRows(tab, this.state.tabs[tab].filters, format);
      const rows = `${result.rows.toLocaleString('en-US')} row${result.rows === 1 ? '' : 's'}`;
      this.dispatch({ type: 'message', message: { text: `Exported ${rows} of ${tabSpec(tab).title} to ${result.file}`, ok: true } });
    });
  }

  /** A pick in the options menu: one row runs at once; marked rows are confirmed first. */
  private runOption(index: number): void {
    const mode = this.state.mode;
    if (mode.kind !== 'options') return;
    const action = mode.actions[index];
    if (!action) return;
    if (action === 'link-sku') this.dispatch({ type: 'openLink' });
    else if (mode.ids.length > 1) this.dispatch({ type: 'confirmBulk', action });
    else void this.runAction(action, mode.tab, mode.ids, mode.label);
  }

  private runConfirmed(): void {
    const mode = this.state.mode;
    if (mode.kind === 'confirm') void this.runAction(mode.action, mode.tab, mode.ids, mode.label);
  }

  /**
   * Runs an action on rows, in batches so a long bulk run shows its progress,
   * then refreshes everything and keeps the selection on the same record, or on
   * the row now at its place when it left the filtered set. A second action
   * while one runs is refused.
   */
  readonly runAction = async (action: ActionId, tab: TabId, ids: readonly number[], label: string): Promise<void> => {
    if (this.state.acting) return;
    const verb = ACTION_LABELS[action];
    this.dispatch({ type: 'actStart', text: `${verb} ${label}…` });
    let message: { text: string; ok: boolean };
    try {
      const outcomes = [];
      for (let done = 0; done < ids.length; done += BATCH) {
        if (done > 0) this.dispatch({ type: 'message', message: { text: `${verb}: ${progressBar(done, ids.length)} ${done.toLocaleString('en-US')} of ${ids.length.toLocaleString('en-US')}`, ok: true } });
        outcomes.push(await this.source.act(tab, action, ids.slice(done, done + BATCH)));
      }
      message = outcomes.length === 1 ? { text: outcomes[0]!.message, ok: outcomes[0]!.ok } : bulkMessage(tab, action, ids.length, outcomes);
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
    this.totals.clear();
    this.dispatch({ type: 'actDone', message, tab, index, clearMarks: ids.length > 1 });
  };

  private async openGroups(): Promise<void> {
    this.dispatch({ type: 'openGroups' });
    await this.query(async () => {
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

  /**
   * Links the error's Amazon SKU to the typed ERP item; then offers to re-run
   * every open transaction that failed on that SKU.
   */
  private async applyLink(): Promise<void> {
    const mode = this.state.mode;
    if (mode.kind !== 'link' || this.state.acting) return;
    const tab = this.state.tab;
    this.dispatch({ type: 'actStart', text: `Linking ${mode.label}…` });
    let outcome: ActionOutcome | undefined;
    let message: { text: string; ok: boolean };
    try {
      outcome = await this.source.act('errors', 'link-sku', [mode.id], mode.value);
      message = { text: outcome.message, ok: outcome.ok };
    } catch (err) {
      message = { text: `Link SKU failed: ${errorText(err)}`, ok: false };
    }
    this.totals.clear();
    this.dispatch({ type: 'actDone', message, tab, index: undefined });
    const next = outcome?.ok ? outcome.followUp : undefined;
    if (next) this.dispatch({ type: 'followUp', ...next });
  }

  /** Marks every row matching the tab's filters, not only the visible ones. */
  private async markAll(): Promise<void> {
    const tab = this.state.tab;
    await this.query(async () => {
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
    await this.query(async () => {
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
