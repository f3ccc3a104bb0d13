/**
 * Where live login status comes from: an IXC Provedor webservice (sync), a RADIUS accounting receiver, or a
 * FreeRADIUS `radacct` table. Each source keeps its settings, its sealed secret (IXC token, database password),
 * where its incremental reading stopped, and a history of runs.
 */
import { sql } from 'drizzle-orm';
import { bigint, boolean, check, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

const tz = { withTimezone: true, mode: 'date' } as const;

export const statusSources = pgTable(
  'status_sources',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    /** `ixc` webservice, `radius` accounting receiver, `radacct` FreeRADIUS SQL table. */
    kind: text('kind').notNull(),
    description: text('description').notNull(),
    config: jsonb('config').notNull(),
    /** Sealed token/password; never returned. */
    secret: text('secret'),
    secretHint: text('secret_hint'),
    active: boolean('active').notNull().default(true),
    /** Where incremental reading resumes (per table for IXC; last radacctid/acctupdatetime for radacct). */
    cursor: jsonb('cursor'),
    createdAt: timestamp('created_at', tz).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', tz).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('status_sources_description_uq').on(sql`lower(${t.description})`),
    check('status_sources_kind_chk', sql`${t.kind} in ('ixc','radius','radacct')`),
  ],
);

export const syncRuns = pgTable(
  'sync_runs',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    sourceId: integer('source_id')
      .notNull()
      .references(() => statusSources.id, { onDelete: 'cascade' }),
    /** `full` or `incremental`. */
    mode: text('mode').notNull(),
    status: text('status').notNull().default('running'),
    startedAt: timestamp('started_at', tz).notNull().defaultNow(),
    finishedAt: timestamp('finished_at', tz),
    /** Per table: read, written, rejected. */
    counts: jsonb('counts').notNull().default(sql`'{}'::jsonb`),
    error: text('error'),
    /** Progress saved while running, so a failed run can resume. */
    cursor: jsonb('cursor'),
  },
  (t) => [
    index('sync_runs_source_idx').on(t.sourceId, t.startedAt.desc()),
    check('sync_runs_status_chk', sql`${t.status} in ('running','succeeded','failed')`),
  ],
);

/**
 * Every online/offline change applied to a login, by whichever source saw it: the history outage detection reads
 * ("how many logins of NAS X went offline in the last N minutes" is one indexed query).
 */
export const loginStatusEvents = pgTable(
  'login_status_events',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    loginId: integer('login_id').notNull(),
    nasId: integer('nas_id'),
    online: boolean('online').notNull(),
    /** When it happened (the event's own time when the source gives one). */
    at: timestamp('at', tz).notNull(),
    /** Disconnect / terminate cause (e.g. `Lost-Carrier`, `NAS-Reboot`). */
    cause: text('cause'),
    /** `radius`, `radacct`, `ixc`. */
    source: text('source').notNull(),
    sessionId: text('session_id'),
  },
  (t) => [
    index('login_status_events_nas_offline_idx').on(t.nasId, t.at).where(sql`not ${t.online}`),
    index('login_status_events_login_idx').on(t.loginId, t.at),
  ],
);
