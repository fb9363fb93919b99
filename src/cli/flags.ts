/** Flags several commands share, and the filters they make. */
import { ERROR_CODES, TRANSACTION_TYPES } from '../engine/domain.js';
import { DOCUMENT_KINDS, ENTITY_TYPES, SYNC_TYPES, TAB_IDS, TABS, type TabFilters } from '../triage/index.js';
import { parsePositiveInt } from './args.js';
import type { FlagSpec, FlagValues } from './command.js';
import { didYouMean } from '../text/suggest.js';
import { UsageError } from './usage-error.js';

export const DB: FlagSpec = {
  name: 'db',
  type: 'string',
  arg: 'FILE',
  help: 'the snapshot (else AMAZON_LOGS_DB, else "db" in the config file)',
};
export const ACTOR: FlagSpec = {
  name: 'actor',
  type: 'string',
  arg: 'NAME',
  help: 'who the audit log records (default: the OS user)',
};

const statuses = () => [...new Set(TABS.flatMap((t) => t.statuses ?? []))];

/** `list`'s filters; actions take the same to pick their rows. */
export const FILTER_FLAGS: readonly FlagSpec[] = [
  {
    name: 'search',
    type: 'string',
    arg: 'TEXT',
    help: 'keyword: at the start of a word of the fields the tab searches, any case',
  },
  { name: 'order', type: 'string', arg: 'REF', help: 'Amazon order number, or any part of it' },
  { name: 'sku', type: 'string', arg: 'SKU', help: 'Amazon SKU (inventory: or ERP item), or any part of it, any case' },
  { name: 'type', type: 'string', arg: 'TYPE', help: 'transaction type (logs)', choices: () => TRANSACTION_TYPES },
  { name: 'from', type: 'string', arg: 'DATE', help: 'from this date (YYYY-MM-DD, inclusive, or full ISO-8601 UTC)' },
  { name: 'to', type: 'string', arg: 'DATE', help: 'to this date (inclusive)' },
  {
    name: 'status',
    type: 'string',
    arg: 'STATUS',
    help: 'status (orders, inventory, logs; any case)',
    choices: statuses,
  },
  { name: 'sync-type', type: 'string', arg: 'TYPE', help: 'sync type (logs)', choices: () => SYNC_TYPES },
  { name: 'entity-type', type: 'string', arg: 'TYPE', help: 'entity type (logs)', choices: () => ENTITY_TYPES },
  {
    name: 'dropped-as',
    type: 'string',
    arg: 'KIND',
    help: 'the document an order was dropped as (orders)',
    choices: () => DOCUMENT_KINDS.map((k) => k.replace(' ', '-')),
  },
  { name: 'waiting-days', type: 'string', arg: 'N', help: 'orders Pending for longer than N days' },
  { name: 'code', type: 'string', arg: 'CODE', help: 'error code (errors)', choices: () => ERROR_CODES },
  { name: 'transaction', type: 'string', arg: 'ID', help: 'transaction id (errors, inventory, logs)' },
  { name: 'hide-resolved', type: 'boolean', help: 'Hide Resolved Exports: only open rows' },
  { name: 'errors-only', type: 'boolean', help: 'Show Errors Only' },
  { name: 'would-pass', type: 'boolean', help: 'errors: only open errors whose transaction would pass if re-run now' },
];

export function parseTab(value: string | undefined): (typeof TAB_IDS)[number] {
  if (value === undefined) throw new UsageError(`missing TAB (one of: ${TAB_IDS.join(', ')})`);
  const tab = value.toLowerCase();
  if (!(TAB_IDS as readonly string[]).includes(tab))
    throw new UsageError(`unknown tab "${value}"${didYouMean(value, TAB_IDS)} (one of: ${TAB_IDS.join(', ')})`);
  return tab as (typeof TAB_IDS)[number];
}

/** Whether any of the filter flags was given (an action then acts on what they match). */
export function hasFilters(flags: FlagValues): boolean {
  return FILTER_FLAGS.some((f) => flags[f.name] !== undefined);
}

/** The filter flags as the triage layer's filters. */
export function filtersFromFlags(flags: FlagValues): TabFilters {
  const str = (k: string) => (typeof flags[k] === 'string' ? (flags[k] as string) : undefined);
  const tx = str('transaction');
  const filters: TabFilters = {
    keyword: str('search'),
    orderRef: str('order'),
    sku: str('sku'),
    type: parseType(str('type')),
    from: str('from'),
    to: str('to'),
    status: str('status'),
    syncType: str('sync-type'),
    entityType: str('entity-type'),
    documentKind: str('dropped-as'),
    waitingDays:
      str('waiting-days') === undefined ? undefined : parsePositiveInt(str('waiting-days')!, '--waiting-days'),
    code: str('code'),
    transactionId: tx === undefined ? undefined : parsePositiveInt(tx, '--transaction'),
    hideResolved: flags['hide-resolved'] === true,
    errorsOnly: flags['errors-only'] === true,
  };
  if (flags['would-pass'] === true) filters.wouldPass = true;
  return filters;
}

/** Accepts a transaction type as written ("Order Import") or as a slug ("order-import"). */
function parseType(value: string | undefined): TabFilters['type'] {
  if (value === undefined) return undefined;
  const slug = (s: string) => s.toLowerCase().replace(/[\s_-]+/g, '-');
  const match = TRANSACTION_TYPES.find((t) => slug(t) === slug(value));
  if (!match)
    throw new UsageError(
      `unknown --type "${value}"${didYouMean(slug(value), TRANSACTION_TYPES.map(slug))} (one of: ${TRANSACTION_TYPES.join(', ')})`,
    );
  return match;
}
