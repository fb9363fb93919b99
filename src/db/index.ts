export { Snapshot, type Params, type Param, type Row } from './snapshot.js';
export {
  openSnapshot,
  createSnapshot,
  snapshotFromBytes,
  integrityProblem,
  createIndexes,
  missingIndexes,
  tabOrderIndexes,
  quickCheckFile,
  type OpenOptions,
} from './open.js';
export { checkIntegrityInThread, type IntegrityReport } from './integrity.js';
export { FileChangedError, type DiskVersion } from './lazy-file.js';
export {
  SnapshotError,
  SnapshotChangedError,
  ReadOnlyError,
  ChangeRefusedError,
  WriterBusyError,
} from './snapshot-errors.js';
export { liveWriter, otherWriters, type Writer } from './writers.js';
export { SCHEMA_VERSION, REQUIRED_TABLES, schemaScript } from './schema.js';
export { writeFileAtomic, writeNewFile, sameFolder } from './file.js';
export {
  SEARCH_INDEXES,
  hasSearchIndex,
  buildSearchIndex,
  buildSearchIndexes,
  defineWordsMatch,
  indexWords,
  type SearchIndexName,
} from './search-index.js';
export {
  journalPath,
  journalPaths,
  hasJournal,
  readJournal,
  readJournals,
  appendJournal,
  removeJournal,
  removeJournalAt,
  type JournalContents,
  type JournalEntry,
  type JournalHeader,
} from './journal.js';
export { saveLockPath, withSaveLockAsync } from './save-lock.js';
export { isThisProcess, ownerAlive, thisProcess, type ProcessId } from './owner-process.js';
export { sameStamp, stampOf, type FileStamp } from './stamp.js';
export { packagePath } from './paths.js';
export { loadSqlJs } from './sqljs.js';
export {
  configPath,
  demoPath,
  debugLogPath,
  readConfigFile,
  updateConfigFile,
  ConfigFileError,
  ensureFolder,
  appendDebugLog,
  inOwnFolder,
} from './user-files.js';
export { DEMO_GENERATOR, isDemoSnapshot } from './meta.js';
