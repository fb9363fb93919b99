/** What a file looks like, to refuse one of the wrong kind in one line and name the right kind. */
import { ImportFileError } from './import-file-error.js';
import { columnKey } from './flat-file.js';
import { readJsonFile } from './json.js';
import { classify } from './sp-api.js';
import type { ImportKind } from './import-types.js';

export const KIND_NAMES: Record<ImportKind, string> = {
  orders: 'getOrders responses',
  'order-items': 'getOrderItems responses',
  report: 'an All Orders report',
  listings: 'an All Listings report',
  items: 'a CSV of ERP items and stock',
};

export function looksLikeJson(text: string): boolean {
  return /^[\s\ufeff]*[[{]/.test(text);
}

interface Description {
  what: string;
  kind?: ImportKind;
}

function describeJson(name: string, text: string): Description {
  let responses;
  try {
    responses = classify(readJsonFile(name, text));
  } catch (err) {
    if (err instanceof ImportFileError) return { what: err.reason };
    throw err;
  }
  if (responses.orderPages > 0) return { what: KIND_NAMES.orders, kind: 'orders' };
  if (responses.orderItems.length > 0) return { what: KIND_NAMES['order-items'], kind: 'order-items' };
  if (responses.errors.length > 0) return { what: `an error response from Amazon (${responses.errors[0]!.value})` };
  return { what: 'JSON that is no Selling Partner API orders response' };
}

function describeFlat(text: string): Description {
  const first = text.split(/\r\n|\n|\r/).find((l) => l.trim() !== '') ?? '';
  const columns = new Set(first.split(/[\t,;]/).map((c) => columnKey(c.replace(/^\s*"|"\s*$/g, ''))));
  if (columns.has('amazon-order-id')) return { what: KIND_NAMES.report, kind: 'report' };
  if (columns.has('seller-sku')) return { what: KIND_NAMES.listings, kind: 'listings' };
  if (columns.has('sku')) return { what: KIND_NAMES.items, kind: 'items' };
  return { what: 'a file whose first line names no column this import knows (amazon-order-id, seller-sku, sku)' };
}

/** The refusal for a file that is not `expected`: what it is instead, and how to import it. */
export function wrongKind(name: string, text: string, expected: ImportKind): ImportFileError {
  if (text.trim() === '') return new ImportFileError(name, 'the file is empty');
  const json = looksLikeJson(text);
  const d = json ? describeJson(name, text) : describeFlat(text);
  // A text file where API responses were expected: say so, not which columns it lacks.
  if (!json && d.kind === undefined && (expected === 'orders' || expected === 'order-items')) {
    return new ImportFileError(name, `not JSON (${KIND_NAMES[expected]} are JSON)`);
  }
  const hint = d.kind !== undefined && d.kind !== expected ? ` (import it as ${d.kind})` : '';
  return new ImportFileError(name, `${d.what}, not ${KIND_NAMES[expected]}${hint}`);
}
