export { Snapshot, type Params, type Param, type Row } from './snapshot.js';
export { openSnapshot, createSnapshot, snapshotFromBytes, integrityProblem, createIndexes, type OpenOptions } from './open.js';
export { SnapshotError, ReadOnlyError } from './errors.js';
export { SCHEMA_VERSION, REQUIRED_TABLES, schemaScript } from './schema.js';
export { writeFileAtomic, writeNewFile } from './file.js';
export { SEARCH_INDEXES, hasSearchIndex, buildSearchIndex, buildSearchIndexes, defineWordsMatch, indexWords, type SearchIndexName } from './search-index.js';
export { journalPath, readJournal, writeJournal, appendJournal, removeJournal, type JournalEntry, type JournalHeader } from './journal.js';
export { sameStamp, type FileStamp } from './file.js';
