/**
 * Housekeeping after bulk writes. PGlite runs PostgreSQL in single-user mode, where no autovacuum worker exists:
 * without an explicit VACUUM ANALYZE after an import the planner keeps the statistics of an empty table and
 * count queries cannot use index-only scans. On PostgreSQL it is merely early.
 */
import { sql } from 'drizzle-orm';
import { type Db, longQueries } from './database.js';

export const subscriberTables = ['clients', 'contracts', 'logins'] as const;

/** On the long-statement lane: a large table may take longer than the statement timeout. */
export async function vacuumAnalyze(db: Db, tables: readonly string[] = subscriberTables): Promise<void> {
  for (const table of tables) {
    await longQueries(db).execute(sql`vacuum (analyze) ${sql.identifier(table)}`);
  }
}
