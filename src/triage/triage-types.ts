import type { TransactionType } from '../engine/domain.js';
import type { Outcome } from '../user-error.js';

export type TabId = 'orders' | 'inventory' | 'logs' | 'errors';
export const TAB_IDS: readonly TabId[] = ['orders', 'inventory', 'logs', 'errors'];

/** A page the screen may show next (another tab, a toggle): read ahead while nothing else is asked. */
export interface ExpectedView {
  tab: TabId;
  filters: TabFilters;
  /** Its rows offset..offset+limit-1. */
  offset: number;
  limit: number;
}

/** What narrows a tab's rows. Every field is optional except the two toggles. */
export interface TabFilters {
  /** Keyword: at the start of a word of one of the tab's searched fields, ignoring case (see keyword.ts). */
  keyword?: string;
  /** Amazon order id, anywhere in it, any case (112-1989 finds 112-1989129-7674645, and so does 9129). */
  orderRef?: string;
  /** Amazon SKU (Inventory: or ERP item), anywhere in it, any case. */
  sku?: string;
  /** Logs: transaction type. */
  type?: TransactionType;
  /** Inclusive date range on the tab's date column, YYYY-MM-DD or full ISO. */
  from?: string;
  to?: string;
  /** The row's status: one of the tab's statuses (tabSpec(tab).statuses), any case. */
  status?: string;
  /** Errors: error code, exact. */
  code?: string;
  /** Errors: transaction id. */
  transactionId?: number;
  /** Errors: message pattern of an error group (see error-groups.ts), with `code`. */
  pattern?: string;
  /** Errors: only open errors whose transaction would pass if re-run now. */
  wouldPass?: boolean;
  /** Logs: 'Auto' (scheduled) or 'Manual' (a user's re-run), any case. */
  syncType?: string;
  /** Logs: 'Order', 'Inventory', 'Fulfillment' or 'SKU', any case. */
  entityType?: string;
  /** Orders: the ERP document it was dropped as, 'sales order' or 'invoice'. */
  documentKind?: string;
  /** Orders: Pending for longer than this many days. */
  waitingDays?: number;
  /** Sort by this column of the tab (a ColumnSpec key that has a sort); newest first when unset. */
  sortBy?: string;
  /** Sort ascending instead of descending. */
  sortAsc?: boolean;
  /** "Hide Resolved Exports". */
  hideResolved: boolean;
  /** "Show Errors Only". */
  errorsOnly: boolean;
}

export const NO_FILTERS: TabFilters = { hideResolved: false, errorsOnly: false };

/**
 * Whether the filters are the two toggles alone, in the tab's own order: such
 * a view's page is found through the tab's indexes in a few ms, and its count
 * is kept or read from a partial index (Show Errors Only on Orders reads the
 * orders once, 0.3 s on 1M), so it is worth reading ahead. A keyword, a field
 * or a chosen sort may cost a walk of the whole table.
 */
export function onlyToggles(filters: TabFilters): boolean {
  return Object.entries(filters).every(
    ([key, value]) => key === 'hideResolved' || key === 'errorsOnly' || value === undefined || value === '',
  );
}

/**
 * What a user can do to rows. 'process' runs a Pending order or a queued run now; the fixes
 * ('link-sku', 'relink-sku', 'map-ship-service') are offered on the errors they fix and take
 * a value (the ERP item, the ship-via code).
 */
export type ActionId =
  'rerun' | 'resolve' | 'unresolve' | 'resolve-rerun' | 'process' | 'link-sku' | 'relink-sku' | 'map-ship-service';

export interface ColumnSpec {
  key: string;
  header: string;
  /** Width in terminal cells at 80 columns; wider terminals give the extra to `grow` columns. */
  width: number;
  /** Share of extra width this column takes (0 = fixed). */
  grow?: number;
  align?: 'left' | 'right';
  /** Columns with a higher number are dropped first when the terminal is too narrow. */
  dropOrder?: number;
  /** A date column (UTC, the header says so), shown to the day, minute or second. */
  date?: 'day' | 'minute' | 'second';
}

export interface FilterFieldSpec {
  key: keyof Omit<TabFilters, 'hideResolved' | 'errorsOnly'>;
  label: string;
  kind: 'text' | 'date' | 'choice' | 'number';
  choices?: readonly string[];
  /** Choices come from the data with a count each (the Errors tab's code: the catalogue and the codes found). */
  counted?: boolean;
  /** A yes/no choice: 'yes' sets the filter to true. */
  flag?: boolean;
}

/** One tab described as data: the single table view renders any of these. */
export interface TabSpec {
  id: TabId;
  title: string;
  /** Singular noun for messages: "order", "inventory row", "transaction", "error". */
  noun: string;
  columns: readonly ColumnSpec[];
  filters: readonly FilterFieldSpec[];
  actions: readonly ActionId[];
  /** The values of the tab's status column (the Status filter and --status take these). */
  statuses?: readonly string[];
}

/** A row as the table shows it: cells already formatted as plain text (not yet made terminal-safe). */
export interface DisplayRow {
  id: number;
  resolved: boolean;
  cells: Record<string, string>;
  /** The row's run succeeded (or the order is dropped or skipped): a re-run asks first. */
  succeeded?: boolean;
  /** Orders: Pending, so Process now applies. Logs: a queued run. */
  waiting?: boolean;
  /** Errors: open, and its transaction would pass if re-run now. */
  passes?: boolean;
  /** Errors: the fix the error offers in place, with what it would change ("now linked to WID-100"). */
  fix?: { action: ActionId; note: string };
  /** Errors: where the cause is fixed when the app cannot fix it. */
  hint?: string;
  /** The stored ISO-8601 of each date column, so the UI can show it in local time. */
  times?: Record<string, string>;
}

export interface DetailSection {
  title: string;
  lines: string[];
}

/** Everything about one record, for the detail view. */
export interface Detail {
  tab: TabId;
  id: number;
  title: string;
  fields: [label: string, value: string][];
  sections: DetailSection[];
  /** Transactions this record relates to, so the detail view can jump to the Logs tab. */
  transactionIds: number[];
  /** The order this record concerns (an error's, a transaction's), so the detail view can open it. */
  orderId?: number;
  /** An order's number (its detail): the Errors tab can be narrowed to it. */
  orderRef?: string;
}

/** What a batch of re-runs came to, so batches can be added up. */
export interface RerunTally {
  succeeded: number;
  /** Still failing, by error code. */
  failing: Record<string, number>;
  failed: number;
}

export interface ActionOutcome extends Outcome {
  action: ActionId;
  /** For re-runs: how many succeeded, and what still fails. */
  tally?: RerunTally;
  /** Rows worth acting on next (after a link: the open transactions that failed on the SKU). */
  followUp?: { tab: TabId; action: ActionId; ids: number[]; label: string };
  /** One line for the status bar, e.g. "Re-run of order 112-... dropped as SO-000231". */
  message: string;
  /** Ids acted on (in the tab's table): one per problem for run actions. */
  ids: number[];
  /** Rows left out of a run action because another row of the same problem ran. */
  same?: number;
}
