/** The integration engine: the rules that process Amazon transactions into a snapshot. */
export * from './types.js';
export { runOrderImport } from './order-import.js';
export { runInventory } from './inventory.js';
export { runFulfillment } from './fulfillment.js';
export { runLinkSku } from './link-sku.js';
export { rerunTransaction } from './rerun.js';
