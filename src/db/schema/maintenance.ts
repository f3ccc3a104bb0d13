/**
 * Secondary indexes a bulk load into empty tables dropped, to build each one once at the end (src/db/deferred-indexes.ts).
 * A row is written in the transaction that drops the index and deleted in the one that builds it again, so a load
 * killed half-way leaves the definitions here; the next start builds them, right after the migrations.
 */
import { pgTable, text, timestamp } from 'drizzle-orm/pg-core';

export const deferredIndexes = pgTable('deferred_indexes', {
  name: text('name').primaryKey(),
  tableName: text('table_name').notNull(),
  /** `pg_get_indexdef` of the index as it was. */
  definition: text('definition').notNull(),
  deferredAt: timestamp('deferred_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
});
