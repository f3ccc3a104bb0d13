/** The login report's saved filters: a name and a `ReportFilter` (src/report/filter.ts) reused by sends and triggers. */
import { sql } from 'drizzle-orm';
import { integer, jsonb, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { users } from './access.js';

const tz = { withTimezone: true, mode: 'date' } as const;

export const savedFilters = pgTable(
  'saved_filters',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    name: text('name').notNull(),
    filter: jsonb('filter').notNull(),
    createdBy: integer('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', tz).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', tz).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('saved_filters_name_uq').on(sql`lower(${t.name})`)],
);
