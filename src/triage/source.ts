import type { ExportFormat, ExportResult } from './export.js';
import type { DailyFigures } from './daily.js';
import type { ErrorGroup } from './error-groups.js';
import type { ActionId, ActionOutcome, Detail, DisplayRow, ExpectedView, TabFilters, TabId } from './triage-types.js';

/** A setting as the settings view shows it. */
export interface SettingRow {
  key: string;
  value: string | null;
  meaning: string;
}

/**
 * What the UI reads and does, and nothing more. Asynchronous so the database
 * can live off the UI's thread; the UI never touches SQL.
 */
export interface TriageSource {
  /** File name shown in the status line. */
  readonly label: string;
  /** Why actions are refused, or undefined when the snapshot is writable. */
  readonly readOnlyReason: string | undefined;
  /** Number of rows of the tab that match the filters. */
  count(tab: TabId, filters: TabFilters): Promise<number>;
  /** Rows offset..offset+limit-1 of the filtered tab, newest first. */
  rows(tab: TabId, filters: TabFilters, offset: number, limit: number): Promise<DisplayRow[]>;
  /** The ids of every row of the filtered tab (to mark them all). */
  ids(tab: TabId, filters: TabFilters): Promise<number[]>;
  /** Position of a record in the filtered tab, or -1 (keeps the selection after an action). */
  indexOf(tab: TabId, filters: TabFilters, id: number): Promise<number>;
  /** Open (unresolved) error count per tab, for the tab bar. */
  openErrorCounts(): Promise<Record<TabId, number>>;
  /** Everything about one record, or undefined when it no longer exists. */
  detail(tab: TabId, id: number): Promise<Detail | undefined>;
  /** Runs an action through the engine and resolves once it is durable; `value` is what a fix sets (ERP item, ship-via). */
  act(tab: TabId, action: ActionId, ids: number[], value?: string): Promise<ActionOutcome>;
  /** Open errors grouped by code and message pattern, biggest first, with each group's errors per day. */
  errorGroups(): Promise<ErrorGroup[]>;
  /** The filtered tab's rows per day (and the failed ones) over the snapshot's last `days` days; undefined when a newer one was asked for before it was done. */
  daily(tab: TabId, filters: TabFilters, days: number): Promise<DailyFigures | undefined>;
  /** Errors per code under the Errors tab's filters (without its code): what the code field offers. */
  codeCounts(filters: TabFilters): Promise<Record<string, number>>;
  /**
   * The position in the filtered tab of the next row (direction 1) or the previous one (-1)
   * after the row `fromId` that has the keyword; -1 when there is none.
   */
  nextMatch(tab: TabId, filters: TabFilters, keyword: string, fromId: number, direction: 1 | -1): Promise<number>;
  /** The rows of `tab` an id people have names (an order number, tx:N, err:N, a row id); a RefError when none. */
  rowsOf(tab: TabId, ref: string): Promise<number[]>;
  /** Actions acknowledged (in the journal) but not yet written into the snapshot file. */
  unsaved?(): Promise<number>;
  /** One row per problem of the given rows (the first of each), for a run action over many rows. */
  distinctRuns(tab: TabId, ids: number[]): Promise<{ distinct: number[]; same: number }>;
  /** The settings that drive processing, read-only. */
  settings(): Promise<SettingRow[]>;
  /** Writes every row of the filtered tab to a new CSV or JSON file in the export folder. */
  exportRows(tab: TabId, filters: TabFilters, format: ExportFormat): Promise<ExportResult>;
  /** Lines worth showing that nobody asked for: re-applied actions, a failed save, a damaged file. */
  onNotice?(listener: (text: string, ok: boolean) => void): () => void;
  /** A notice from opening the snapshot, if any. */
  readonly openingNotice?: string;
  /** Background work and the file's state, as they change (status line). */
  onStatus?(listener: (status: SourceStatus) => void): () => void;
  /** Views a key may show next, nearest first: their first pages are read ahead while nothing else is asked. */
  expect?(views: ExpectedView[]): void;
  /** The user is about to act: starts what the first change needs (the integrity check). */
  prepareToWrite?(): void;
  /** The user is about to filter: makes what a SKU# filter reads (the lists of SKU values) without waiting for a pause. */
  prepareToFilter?(tab: TabId): void;
  /** Reads the file anew after it changed on disk; what opening found. */
  reopen?(): Promise<{ readOnlyReason: string | undefined; notice: string | undefined }>;
}

/**
 * A change of the source's state: `background` names work that reads much
 * of the file (undefined when it ends); `stale` says the file changed on disk,
 * so nothing more is read from it until it is reopened.
 */
export type SourceStatus =
  | { background: string | undefined; stale?: undefined; merged?: undefined }
  | { stale: string; background?: undefined; merged?: undefined }
  | { merged: string; background?: undefined; stale?: undefined };
