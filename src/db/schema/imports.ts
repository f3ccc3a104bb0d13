/**
 * Imports made over HTTP (`POST /api/imports/{clientes|contratos|logins}`): one job per upload with its progress
 * (written every few thousand rows while it runs) and the first row errors, so the screen can poll it and show
 * the history.
 */
import { sql } from 'drizzle-orm';
import { bigint, check, index, integer, jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import type { Notice } from '../../shared/notice.js';
import { users } from './access.js';

const tz = { withTimezone: true, mode: 'date' } as const;

export const importJobs = pgTable(
  'import_jobs',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    /** `clientes`, `contratos` or `logins`. */
    entity: text('entity').notNull(),
    format: text('format').notNull(),
    encoding: text('encoding').notNull(),
    /** The uploaded file's name when the client gave one (`?name=`), for the history. */
    fileName: text('file_name'),
    /** A reference the uploading client chose (`?ref=`), to find its job while the upload still runs. */
    clientRef: text('client_ref'),
    status: text('status').notNull().default('running'),
    /** Whether error positions count lines of the file or records of a JSON array. */
    unit: text('unit').notNull().default('line'),
    read: integer('read').notNull().default(0),
    inserted: integer('inserted').notNull().default(0),
    updated: integer('updated').notNull().default(0),
    unchanged: integer('unchanged').notNull().default(0),
    rejected: integer('rejected').notNull().default(0),
    /** Every row error, kept or not (the first ones are in import_job_errors). */
    errorCount: integer('error_count').notNull().default(0),
    bytesRead: bigint('bytes_read', { mode: 'number' }).notNull().default(0),
    /** The request's Content-Length, when it sent one. */
    bytesTotal: bigint('bytes_total', { mode: 'number' }),
    ignoredColumns: jsonb('ignored_columns').$type<string[]>().notNull().default(sql`'[]'::jsonb`),
    secretColumns: jsonb('secret_columns').$type<string[]>().notNull().default(sql`'[]'::jsonb`),
    /** Why a failed job stopped, in English (the CLI's and the API's `error`). */
    error: text('error'),
    /** The same as a notice, for the screens; null on jobs failed before it existed. */
    errorNotice: jsonb('error_notice').$type<Notice>(),
    userId: integer('user_id').references(() => users.id, { onDelete: 'set null' }),
    actor: text('actor').notNull(),
    startedAt: timestamp('started_at', tz).notNull().defaultNow(),
    /** Written with every progress update: a running job silent for minutes belongs to a process that died. */
    updatedAt: timestamp('updated_at', tz).notNull().defaultNow(),
    finishedAt: timestamp('finished_at', tz),
  },
  (t) => [
    index('import_jobs_started_idx').on(t.startedAt.desc()),
    index('import_jobs_ref_idx').on(t.clientRef).where(sql`${t.clientRef} is not null`),
    check('import_jobs_status_chk', sql`${t.status} in ('running','succeeded','failed')`),
    check('import_jobs_entity_chk', sql`${t.entity} in ('clientes','contratos','logins')`),
  ],
);

export const importJobErrors = pgTable(
  'import_job_errors',
  {
    jobId: integer('job_id')
      .notNull()
      .references(() => importJobs.id, { onDelete: 'cascade' }),
    /** Order within the job (by line). */
    seq: integer('seq').notNull(),
    line: integer('line').notNull(),
    field: text('field'),
    /** The error in English, as the CLI prints it. */
    message: text('message').notNull(),
    /** The error as a code and params, for the screens to render in the reader's language; null on rows made before it. */
    notice: jsonb('notice').$type<Notice>(),
  },
  (t) => [primaryKey({ columns: [t.jobId, t.seq] })],
);
