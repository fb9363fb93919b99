/** Texts of the error catalogue (domain.md). Quoted parts are Amazon's own wording. */
import type { TransientCode } from './types.js';

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
