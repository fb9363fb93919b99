/**
 * Fetches what the screen needs from the TriageSource (the visible rows and
 * their total, the tab counts, a detail) and drops answers that arrive for a
 * query the user has already left.
 */
import { messageOf } from '../user-error.js';
import type { TriageSource } from '../triage/source.js';
import { onlyToggles, TAB_IDS, type ExpectedView, type TabFilters, type TabId } from '../triage/triage-types.js';
import { withoutEmpty } from './filter-form-state.js';
import { PICTURE_LINES, tableLayout } from './layout.js';
import { currentWindow, queryKey, reduce, type AppEvent, type AppState, type TableWindow } from './state.js';

/** Days the Logs and Errors pictures cover. */
export const PICTURE_DAYS = 30;

/** Identifies the set a tab's pictures are of: its filters (not its sort) at this generation. */
export function pictureKey(state: AppState, tab: TabId): string {
  const { sortBy: _sortBy, sortAsc: _sortAsc, ...filters } = state.tabs[tab].filters;
  return `${tab}|${state.generation}|${JSON.stringify(withoutEmpty(filters as TabFilters))}`;
}

/**
 * The toggles one key away, nearest first: this tab's, then the other tabs'
 * (whose own pages the fetcher loads itself); only views of the toggles
 * alone, found and counted through indexes (see onlyToggles). Worked out by
 * the reducer, so a view is exactly what the key would ask for.
 */
export function expectedViews(s: AppState): ExpectedView[] {
  const toggles = (from: AppState) =>
    (['hideResolved', 'errorsOnly'] as const).map((which) => reduce(from, { type: 'toggle', which }));
  const next = [
    ...toggles(s),
    ...TAB_IDS.filter((tab) => tab !== s.tab).flatMap((tab) => toggles(reduce(s, { type: 'switchTab', tab }))),
  ];
  return next
    .filter((n) => !currentWindow(n) && onlyToggles(n.tabs[n.tab].filters))
    .map((n) => {
      const t = n.tabs[n.tab];
      return {
        tab: n.tab,
        filters: t.filters,
        offset: t.scrollTop,
        limit: tableLayout(n.tab, n.columns, n.rows).tableRows,
      };
    });
}

/** The pause in the keys (the last change of the screen) before reading ahead. */
export const READ_AHEAD_AFTER_MS = 150;

/** A tab's page as the state has it: its query, its rows on screen, and the key both make. */
function pageOf(s: AppState, tab: TabId): { query: string; limit: number; rowsKey: string } {
  const query = queryKey(s, tab);
  const limit = tableLayout(tab, s.columns, s.rows).tableRows;
  return { query, limit, rowsKey: `${query}@${s.tabs[tab].scrollTop}+${limit}` };
}

/** A first page shorter than the screen is its own count: no count is asked for. */
function countOfFirstPage(rows: readonly unknown[], limit: number): number | undefined {
  return rows.length < limit ? rows.length : undefined;
}

export class ScreenFetcher {
  /** Latest rows query asked for, per tab; older answers are dropped. */
  private readonly requested = new Map<TabId, string>();
  /** Filtered totals already counted, by query key (scrolling does not count again). */
  private readonly totals = new Map<string, number>();
  private countsGeneration = -1;
  private detailRequested: string | undefined;
  private readonly picturesRequested = new Map<TabId, string>();
  /** What the views last expected were worked out from (see expectNext). */
  private expected: unknown[] | undefined;
  private latest: AppState | undefined;
  private readAheadTimer: NodeJS.Timeout | undefined;
  private readingOtherTabs = false;
  /** First pages of tabs not shown yet, read ahead, by the key of the page they are. */
  private readonly readAhead = new Map<TabId, { rowsKey: string; window: TableWindow }>();

  constructor(
    private readonly source: TriageSource,
    private readonly dispatch: (event: AppEvent) => void,
  ) {}

  /** After an action: every total may have changed. */
  forgetTotals(): void {
    this.totals.clear();
  }

  /** The fetcher stops: no more reads ahead. */
  stop(): void {
    clearTimeout(this.readAheadTimer);
    this.latest = undefined;
  }

  /** Fetches what the current state shows but does not have yet. */
  sync(s: AppState): void {
    this.latest = s;
    const tab = s.tab;
    const pageRead = this.pageRead(s, tab);
    if (pageRead) void this.run(pageRead);
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
        const filters = s.tabs[tab].filters;
        void this.run(async () => {
          const figures = await this.source.daily(tab, filters, PICTURE_DAYS);
          // Undefined: a newer picture was asked for meanwhile, and this one was left unfinished.
          if (figures && this.picturesRequested.get(tab) === key)
            this.dispatch({ type: 'picturesLoaded', tab, pictures: { query: key, figures } });
        });
      }
    }
    this.readAheadSoon();
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
   * The read of the tab's page as `s` has it (its rows, and its total when not
   * known yet), or undefined when it is loaded or asked for already. A page
   * read ahead for it is put on screen at once.
   */
  private pageRead(s: AppState, tab: TabId): (() => Promise<void>) | undefined {
    const t = s.tabs[tab];
    const { query, limit, rowsKey } = pageOf(s, tab);
    if (this.requested.get(tab) === rowsKey) return undefined;
    this.requested.set(tab, rowsKey);
    const kept = this.readAhead.get(tab);
    this.readAhead.delete(tab);
    if (kept?.rowsKey === rowsKey) {
      // Within this sync: the state it brings is synced (its pictures asked for) before this one goes on.
      this.dispatch({ type: 'loaded', tab, window: kept.window });
      return undefined;
    }
    return async () => {
      try {
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
      } catch (err) {
        // Asked again when the tab is shown.
        if (this.requested.get(tab) === rowsKey) this.requested.delete(tab);
        throw err;
      }
    };
  }

  /**
   * Once the keys pause (READ_AHEAD_AFTER_MS after the last change of the
   * screen) with its rows loaded, what one key may show next is read ahead:
   * the first pages of the other tabs never shown yet, here, one at a time,
   * kept aside (nothing is drawn) until a tab key shows one at once; and the
   * toggles, which the database thread reads while it has nothing else to do.
   * Never while keys come: on two cores, reading ahead slows their frames.
   * Each page waits until the screen waits for no read, so a key's read comes
   * after one of them at most. Only views of the toggles alone: a keyword's
   * count may take a second.
   */
  private readAheadSoon(): void {
    clearTimeout(this.readAheadTimer);
    this.readAheadTimer = setTimeout(() => {
      const s = this.latest;
      if (!s || s.mode.kind !== 'table' || !currentWindow(s)) return;
      this.expectNext(s);
      void this.readOtherTabs();
    }, READ_AHEAD_AFTER_MS);
  }

  private worthReadingAhead(s: AppState, tab: TabId): boolean {
    const t = s.tabs[tab];
    return tab !== s.tab && !s.windows[tab] && !this.readAhead.has(tab) && t.scrollTop === 0 && onlyToggles(t.filters);
  }

  private async readOtherTabs(): Promise<void> {
    if (this.readingOtherTabs) return;
    this.readingOtherTabs = true;
    try {
      for (const tab of TAB_IDS) {
        const s = this.latest;
        if (!s || s.pending > 0 || s.mode.kind !== 'table' || !currentWindow(s)) return;
        if (!this.worthReadingAhead(s, tab)) continue;
        const { query, limit, rowsKey } = pageOf(s, tab);
        const filters = s.tabs[tab].filters;
        try {
          const rows = await this.source.rows(tab, filters, 0, limit);
          const total = countOfFirstPage(rows, limit) ?? (await this.source.count(tab, filters));
          this.totals.set(query, total);
          this.readAhead.set(tab, { rowsKey, window: { query, total, offset: 0, rows } });
        } catch {
          // A page that cannot be read now says why when its tab is shown.
        }
      }
    } finally {
      this.readingOtherTabs = false;
    }
  }

  /** Once the table's rows are on screen: tells the source what a key may show next, to read it ahead. */
  private expectNext(s: AppState): void {
    if (!this.source.expect || s.mode.kind !== 'table' || !currentWindow(s)) return;
    // What the views depend on, compared by identity: a row move changes none of it. Not the generation: after
    // an action the views are in memory already, and the thread's time goes to the screen's refresh and the save.
    const basis = [s.tab, s.columns, s.rows, ...TAB_IDS.map((tab) => s.tabs[tab].filters)];
    if (this.expected?.length === basis.length && basis.every((v, i) => v === this.expected![i])) return;
    this.expected = basis;
    this.source.expect(expectedViews(s));
  }

  /**
   * A new filter's first page needs no total: its rows are shown first and
   * the count follows (counting a common word or phrase can take far longer
   * than finding a page of it), unless the first page tells it.
   */
  private async firstPageThenCount(
    tab: TabId,
    query: string,
    filters: TabFilters,
    limit: number,
    rowsKey: string,
  ): Promise<void> {
    const rows = await this.source.rows(tab, filters, 0, limit);
    const exact = countOfFirstPage(rows, limit);
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
