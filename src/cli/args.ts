import { TRANSACTION_TYPES } from '../engine/types.js';
import { TAB_IDS, type TabFilters, type TabId } from '../triage/index.js';
import { UsageError } from './errors.js';

export function parseTab(value: string | undefined): TabId {
  if (value === undefined) throw new UsageError(`missing TAB (one of: ${TAB_IDS.join(', ')})`);
  const tab = value.toLowerCase();
  if (!(TAB_IDS as readonly string[]).includes(tab)) throw new UsageError(`unknown tab "${value}" (one of: ${TAB_IDS.join(', ')})`);
  return tab as TabId;
}

export function parsePositiveInt(value: string, what: string): number {
  if (!/^\d+$/.test(value) || Number(value) < 1 || !Number.isSafeInteger(Number(value))) {
    throw new UsageError(`${what} must be a positive whole number, not "${value}"`);
  }
  return Number(value);
}

export function parseIds(values: string[]): number[] {
  if (values.length === 0) throw new UsageError('missing ID: give one or more row ids');
  return values.map((v) => parsePositiveInt(v, 'ID'));
}

/** The list command's filter flags as the triage layer's filters. */
export function filtersFromFlags(flags: Record<string, string | boolean | undefined>): TabFilters {
  const str = (k: string) => (typeof flags[k] === 'string' ? (flags[k] as string) : undefined);
  const type = parseType(str('type'));
  const tx = str('transaction');
  return {
    keyword: str('search'),
    orderRef: str('order'),
    sku: str('sku'),
    type,
    from: str('from'),
    to: str('to'),
    status: str('status'),
    code: str('code'),
    transactionId: tx === undefined ? undefined : parsePositiveInt(tx, '--transaction'),
    hideResolved: flags['hide-resolved'] === true,
    errorsOnly: flags['errors-only'] === true,
  };
}

/** Accepts a transaction type as written ("Order Import") or as a slug ("order-import"). */
function parseType(value: string | undefined): TabFilters['type'] {
  if (value === undefined) return undefined;
  const slug = (s: string) => s.toLowerCase().replace(/[\s_-]+/g, '-');
  const match = TRANSACTION_TYPES.find((t) => slug(t) === slug(value));
  if (!match) throw new UsageError(`unknown --type "${value}" (one of: ${TRANSACTION_TYPES.join(', ')})`);
  return match;
}
