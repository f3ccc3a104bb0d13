export { answerWithin, DatabaseUnavailableError, unavailableReason } from './availability.js';
export {
  type Database,
  type DatabaseKind,
  type DatabaseTarget,
  type Db,
  inTransaction,
  longQueries,
  openDatabase,
  type PostgresOptions,
  queryRows,
} from './database.js';
export { DataDirLockedError } from './lock.js';
export * as tables from './schema/index.js';
