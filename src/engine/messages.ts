/** Texts of the error catalogue (domain.md). Quoted parts are Amazon's own wording. */
import type { ErrorCode, TransientCode } from './domain.js';

export const INVALID_INPUT = '400 InvalidInput: Request has missing or invalid parameters and cannot be parsed.';

/** What Amazon (or the network) answers for each simulated transient failure. */
export const TRANSIENT_TEXT: Record<TransientCode, string> = {
  API_QUOTA: '429 QuotaExceeded: You exceeded your quota for the requested resource.',
  NET_TIMEOUT: 'connection to sellingpartnerapi-na.amazon.com timed out',
  FUL_INTERNAL: '5002: An internal error occurred. Please resubmit your data.',
};

export const BAD_ORDER_ID = 'Invalid OrderID or AmazonOrderID.';

export function missingField(field: string): string {
  return `90012: The required ${field} field is missing from the file.`;
}

export function negativeQuantity(quantity: number): string {
  return `5000: Value '${quantity}' is not facet-valid with respect to minInclusive '0' for type 'nonNegativeInteger'.`;
}

export function noProduct(productId: string): string {
  return `5501: no product found for the product id ${productId}`;
}

export function asinConflict(amazonSku: string, linkedTo: string, requested: string): string {
  return `5503: the product id ${requested} does not match ${linkedTo} already on SKU ${amazonSku}`;
}

export function identicalFeed(quantity: number): string {
  return `5000: update skipped, quantity ${quantity} is identical to an earlier feed`;
}

/**
 * Where the cause of each error is fixed, for the options menu, the detail view and
 * `show`: the app fixes links and ship-service mappings itself; item and stock data stay
 * the ERP's, and what comes from Amazon is fixed on Amazon.
 */
const FIX_HINTS: Partial<Record<ErrorCode, string>> = {
  ORD_SKU_UNLINKED: 'Link SKU (in Options) links the Amazon SKU to an ERP item; then Re-Run',
  LNK_NO_ASIN: 'Link SKU (in Options) links the Amazon SKU to an existing ERP item; then Re-Run',
  LNK_ASIN_CONFLICT: 'Relink SKU (in Options) moves the link to the item asked for, after showing the current one',
  ORD_SHIP_SERVICE_UNMAPPED:
    "Map ship service (in Options) maps the order's service level to an ERP ship-via code; then Re-Run",
  ORD_SKU_INACTIVE:
    "item data is the ERP's: activate the item in the ERP's item master (or link the SKU to another item), then Re-Run",
  ORD_SKU_NOT_FOUND:
    "item data is the ERP's: create the item in the ERP's item master, or link the Amazon SKU to an item that exists, then Re-Run",
  ORD_NO_STOCK: "stock is the ERP's: add a stock row for the item in the ship store in the ERP, then Re-Run",
  ORD_ADDRESS_MISSING:
    'the address comes from Amazon: it is released once the order is Unshipped; Re-Run when Amazon has it',
  ORD_STILL_PENDING: 'waits for Amazon: the order imports once it is Unshipped (the schedule checks again)',
  ORD_ACCOUNT_NOT_FOUND:
    "the ledger account was renamed in the ERP: fix the account in the ERP's settings, then Re-Run",
  INV_ITEM_INACTIVE: "item data is the ERP's: activate the linked item in the ERP, then Re-Run",
  INV_NEGATIVE_QTY: "stock is the ERP's: correct on hand or committed for the item in the ship store, then Re-Run",
  FUL_MISSING_FIELD:
    'enter the missing shipment field (carrier, tracking number, ship date) on the shipment in the ERP, then Re-Run',
  FUL_BAD_ORDER_ID: 'the shipment is keyed against the wrong order, or an order Amazon fulfils: correct it in the ERP',
  FUL_TRACKING_FORMAT: 'a warning: check the carrier keyed in the ERP matches the label',
  API_QUOTA: 'transient: a plain Re-Run clears it',
  NET_TIMEOUT: 'transient: a plain Re-Run clears it',
  FUL_INTERNAL: "transient on Amazon's side: a plain Re-Run clears it",
  API_UNAUTHORIZED: "the app's authorisation on Amazon was revoked: authorise it again in Seller Central, then Re-Run",
  API_TOKEN: "the app's access token is invalid: authorise the app again, then Re-Run",
  API_INVALID_INPUT:
    'the stored input lacks what the rule needs: look at the payload; a Re-Run fails the same way until the data is fixed',
};

export function fixHint(code: string): string | undefined {
  return FIX_HINTS[code as ErrorCode];
}
