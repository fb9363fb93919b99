/** The integration engine: the rules that process Amazon transactions into a snapshot. */
export * from './domain.js';
export { runOrderImport, type LineRow } from './order-import.js';
export { runInventory } from './inventory.js';
export { runFulfillment } from './fulfillment.js';
export { runLinkSku } from './link-sku.js';
export { rerunTransaction } from './rerun.js';
export { storedRun } from './rerun.js';
export { wouldPassNow, type Diagnosis } from './diagnose.js';
export { runSchedule, type ScheduleReport } from './schedule.js';
export { readSettings, listSettings, SETTINGS, type Settings } from './app-settings.js';
export { thingOf, thingKey, isCurrentRun, chainRoot, type Thing } from './supersede.js';
export { mapShipService } from './ship-methods.js';
export { fixHint } from './messages.js';
export { queueRun } from './queue.js';
