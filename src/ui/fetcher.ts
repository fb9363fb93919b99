/**
 * Fetches what the screen needs from the TriageSource (the visible rows and
 * their total, the tab counts, a detail) and drops answers that arrive for a
 * query the user has already left.
 */
import { messageOf } from '../user-error.js';
import type { TriageSource } from '../triage/source.js';
import type { TabFilters, TabId } from '../triage/triage-types.js';
import { withoutEmpty } from './filter-form-state.js';
import { PICTURE_LINES, tableLayout } from './layout.js';
import { currentWindow, queryKey, type AppEvent, type AppState } from './state.js';

/** Days the Logs and Errors pictures cover. */
export const PICTURE_DAYS = 30;

/** Identifies the set a tab's pictures are of: its filters (not its sort) at this generation. */
export function pictureKey(state: AppState, tab: TabId): string {
  const { sortBy: _sortBy, sortAsc: _sortAsc, ...filters } = state.tabs[tab].filters;
  return `${tab}|${state.generation}|${JSON.stringify(withoutEmpty(filters as TabFilters))}`;
}

export class ScreenFetcher {
  /** Latest rows query asked for, per tab; older answers are dropped. */
  private readonly requested = new Map<TabId, string>();
  /** Filtered totals already counted, by query key (scrolling does not count again). */
  private readonly totals = new Map<string, number>();
  private countsGeneration = -1;
  private detailRequested: string | undefined;
  private readonly picturesRequested = new Map<TabId, string>();

  constructor(
    private readonly source: TriageSource,
    private readonly dispatch: (event: AppEvent) => void,
  ) {}

  /** After an action: every total may have changed. */
  forgetTotals(): void {
    this.totals.clear();
  }

  /** Fetches what the current state shows but does not have yet. */
  sync(s: AppState): void {
    const tab = s.tab;
    const t = s.tabs[tab];
    const query = queryKey(s, tab);
    const limit = tableLayout(tab, s.columns, s.rows).tableRows;
    const rowsKey = `${query}@${t.scrollTop}+${limit}`;
    if (this.requested.get(tab) !== rowsKey) {
      this.requested.set(tab, rowsKey);
      void this.run(async () => {
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
      void this.run(async () => {
        const counts = await this.source.openErrorCounts();
        if (this.countsGeneration === generation) this.dispatch({ type: 'countsLoaded', counts });
      });
    }
    // Pictures after the rows: the worker answers in order, and works a day at a time, so keys are not held up.
    if (PICTURE_LINES[tab] > 0 && currentWindow(s)) {
      const key = pictureKey(s, tab);
      if (this.picturesRequested.get(tab) !== key && s.pictures[tab]?.query !== key) {
        this.picturesRequested.set(tab, key);
        const filters = t.filters;
        void this.run(async () => {
          const figures = await this.source.daily(tab, filters, PICTURE_DAYS);
          // Undefined: a newer picture was asked for meanwhile, and this one was left unfinished.
          if (figures && this.picturesRequested.get(tab) === key)
            this.dispatch({ type: 'picturesLoaded', tab, pictures: { query: key, figures } });
        });
      }
    }
    const mode = s.mode;
    if (mode.kind !== 'detail') this.detailRequested = undefined;
    else if (!mode.detail && this.detailRequested !== `${mode.tab}:${mode.id}`) {
      this.detailRequested = `${mode.tab}:${mode.id}`;
      void this.run(async () => {
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
  private async firstPageThenCount(
    tab: TabId,
    query: string,
    filters: TabFilters,
    limit: number,
    rowsKey: string,
  ): Promise<void> {
    const rows = await this.source.rows(tab, filters, 0, limit);
    const exact = rows.length < limit ? rows.length : undefined;
    if (exact !== undefined) this.totals.set(query, exact);
    if (this.requested.get(tab) === rowsKey)
      this.dispatch({ type: 'loaded', tab, window: { query, total: exact, offset: 0, rows } });
    if (exact !== undefined) return;
    const total = await this.source.count(tab, filters);
    this.totals.set(query, total);
    this.dispatch({ type: 'counted', tab, query, total });
  }

  /**
   * Runs one read, counting it as in flight and turning a failure into a status message.
   * The read is asked for before "working…" is shown: that change of state makes sync()
   * ask for what else the screen lacks (the tab counts, the pictures), and the database
   * thread answers in order, so the page a key asked for must go first.
   */
  async run(run: () => Promise<void>): Promise<void> {
    const running = run();
    this.dispatch({ type: 'pending', delta: 1 });
    try {
      await running;
    } catch (err) {
      this.dispatch({ type: 'message', message: { text: messageOf(err), ok: false } });
    } finally {
      this.dispatch({ type: 'pending', delta: -1 });
    }
  }
}
