/**
 * Amazon's values as the snapshot stores them. Each parser returns the value,
 * or throws FieldError with the reason the row is reported as bad.
 */

export class FieldError extends Error {}

/** Dates as the snapshot stores them: ISO-8601 UTC to the second, e.g. 2026-11-27T08:49:23Z. */
export function isoUtc(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

// US zone abbreviations Seller Central writes in the All Listings report's open-date ("2013-01-07 07:35:42 PST"),
// and the European ones of its EU marketplaces.
const ZONES: Record<string, string> = {
  UTC: '+00:00',
  GMT: '+00:00',
  Z: '+00:00',
  PST: '-08:00',
  PDT: '-07:00',
  MST: '-07:00',
  MDT: '-06:00',
  CST: '-06:00',
  CDT: '-05:00',
  EST: '-05:00',
  EDT: '-04:00',
  BST: '+01:00',
  CET: '+01:00',
  CEST: '+02:00',
  MEZ: '+01:00',
  MESZ: '+02:00',
  JST: '+09:00',
};

/**
 * An instant from the API (`2017-01-20T19:49:35Z`), a flat file (`2017-06-17T08:04:21+00:00`)
 * or the listings report (`2013-01-07 07:35:42 PST`), in UTC. A date without a time zone is
 * refused: which day it was depends on the zone.
 */
export function parseInstant(field: string, text: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)\s*(Z|[+-]\d{2}:?\d{2}|[A-Z]{1,5})?$/i.exec(
    text.trim(),
  );
  if (m) {
    const zone =
      m[3] === undefined
        ? undefined
        : /^[+-]/.test(m[3])
          ? m[3].replace(/^([+-]\d{2})(\d{2})$/, '$1:$2')
          : ZONES[m[3].toUpperCase()];
    if (zone !== undefined) {
      const ms = Date.parse(`${m[1]}T${m[2]}${zone}`);
      if (!Number.isNaN(ms)) return isoUtc(ms);
    }
  }
  throw new FieldError(`${field} "${text}" is not a date and time with its time zone`);
}

/** An amount as Amazon writes it: "25.99"; flat files of some marketplaces write "25,99" or "1,234.56". */
export function parseAmount(field: string, text: string): number {
  const t = text.trim();
  let normal: string | undefined;
  if (/^-?\d+(\.\d+)?$/.test(t)) normal = t;
  else if (/^-?\d{1,3}(,\d{3})+(\.\d+)?$/.test(t)) normal = t.replace(/,/g, '');
  else if (/^-?\d+,\d{1,2}$/.test(t)) normal = t.replace(',', '.');
  if (normal === undefined) throw new FieldError(`${field} "${text}" is not an amount`);
  return Number(normal);
}

export function parseCount(field: string, value: unknown): number {
  const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : '';
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(Number(text)))
    throw new FieldError(`${field} ${JSON.stringify(value)} is not a whole number`);
  return Number(text);
}

/**
 * FulfillmentChannel: the Orders API says MFN/AFN; older responses (and its own
 * examples) SellerFulfilled/AmazonFulfilled; the All Orders report Merchant/Amazon;
 * the All Listings report DEFAULT for the seller and AMAZON_NA, AMAZON_EU, ... for FBA.
 */
export function parseChannel(field: string, text: string): 'MFN' | 'AFN' {
  const t = text.trim();
  if (/^(MFN|SellerFulfilled|Merchant|DEFAULT)$/i.test(t)) return 'MFN';
  if (/^(AFN|AmazonFulfilled|Amazon|AMAZON_[A-Z]+)$/i.test(t)) return 'AFN';
  throw new FieldError(`${field} "${text}" is neither merchant (MFN) nor Amazon (AFN) fulfilled`);
}

/** The Orders API's OrderStatus values. */
export const ORDER_STATUSES = [
  'Pending',
  'Unshipped',
  'PartiallyShipped',
  'Shipped',
  'Canceled',
  'Unfulfillable',
  'InvoiceUnconfirmed',
  'PendingAvailability',
] as const;

export function parseApiStatus(text: string): string {
  const match = ORDER_STATUSES.find((s) => s.toLowerCase() === text.trim().toLowerCase());
  if (!match) throw new FieldError(`OrderStatus "${text}" is not one of ${ORDER_STATUSES.join(', ')}`);
  return match;
}

/**
 * The All Orders report's order-status as the API's OrderStatus: the report says
 * "Cancelled", "Shipping" (paid, not shipped yet), "Pending - Waiting for Pick Up"
 * (Easy Ship: paid, waiting for the carrier) and "Shipped - Delivered to Buyer" and
 * the like; the API's own names are accepted too.
 */
export function parseReportStatus(text: string): string {
  const t = text.trim();
  if (/^cancell?ed$/i.test(t)) return 'Canceled';
  if (/^shipping$/i.test(t) || /^pending - /i.test(t)) return 'Unshipped';
  if (/^shipped( - .*)?$/i.test(t)) return 'Shipped';
  try {
    return parseApiStatus(t);
  } catch {
    throw new FieldError(`order-status "${text}" is not an order status of the All Orders report`);
  }
}

/** Text a field holds, or undefined when Amazon left it out (absent, null or empty). */
export function text(v: unknown): string | undefined {
  if (typeof v === 'string') return v.trim() === '' ? undefined : v.trim();
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return undefined;
}
