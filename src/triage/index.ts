export * from './triage-types.js';
export { TABS, tabSpec, ACTION_LABELS } from './tabs.js';
export type { TriageSource } from './source.js';
export { createTriageSession } from './session.js';
export {
  runAction,
  distinctRuns,
  isRun,
  ActionError,
  isoNow,
  tallyMessage,
  TARGET_TABLE,
  type ActionContext,
} from './actions.js';
export {
  applyFix,
  runFix,
  fixesFor,
  skuFix,
  serviceFix,
  FixError,
  type FixAction,
  type FixTarget,
  type FixDone,
} from './fixes.js';
export { processSchedule, type ProcessOutcome } from './scheduled-run.js';
export {
  listRows,
  listIds,
  listRecords,
  iterateRecords,
  countRows,
  indexOfRow,
  openErrorCounts,
  tabQueries,
  type SqlQuery,
} from './query.js';
export { getDetail } from './detail.js';
export { compileWhere, dateBound, likeLiteral, FilterError } from './filters.js';
export { setResolved } from './resolve.js';
export { exportToFile, toCsv, toJson, guardFormula, type ExportFormat, type ExportResult } from './export.js';
export { errorGroups, errorPattern, GROUP_DAYS, type ErrorGroup } from './error-groups.js';
export { dailyFigures, DAILY_LABELS, type DailyFigures, type DailySeries } from './daily.js';
export { newestDay, dayWindow } from './days.js';
export { codeCounts } from './query.js';
export { keywordIn } from './keyword.js';
export { DOCUMENT_KINDS, ENTITY_TYPES, SYNC_TYPES } from './tabs.js';
export { rowsOf, rowsOfAll, RefError, ORDER_NUMBER } from './refs.js';
export { recordJson, type RecordJson } from './record.js';
export { iterateAudit, type AuditFilters } from './audit.js';
