export * from './types.js';
export { TABS, tabSpec, ACTION_LABELS } from './tabs.js';
export type { TriageSource } from './source.js';
export { createTriageSession, isUserFacing } from './session.js';
export { runAction, ActionError, isoNow, type ActionContext } from './actions.js';
export { listRows, listRecords, countRows, indexOfRow, openErrorCounts, tabQueries, type SqlQuery } from './query.js';
export { getDetail } from './detail.js';
export { compileWhere, dateBound, likeLiteral, FilterError } from './filters.js';
export { setResolved } from './resolve.js';
