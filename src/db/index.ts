export { type Database, type DatabaseKind, type DatabaseTarget, type Db, openDatabase, queryRows } from './database.js';
export { DataDirLockedError } from './lock.js';
export * as tables from './schema/index.js';
