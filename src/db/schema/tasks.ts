/**
 * Agenda de tarefas: scheduled tasks (IXC's five cron fields, each a value, range, list, step or Todos) and their
 * runs. A run is claimed in the database — unique (task, due time) — so with any number of schedulers a due run
 * happens once; a run whose heartbeat stops is finished by another process.
 */
import { sql } from 'drizzle-orm';
import { bigint, boolean, check, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import type { Notice } from '../../shared/notice.js';
import { users } from './access.js';

const tz = { withTimezone: true, mode: 'date' } as const;

export const scheduledTasks = pgTable(
  'scheduled_tasks',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    /** Task type, e.g. `drain_whatsapp` (the catalogue: src/app/task-types.ts). */
    type: text('type').notNull(),
    description: text('description').notNull(),
    minute: text('minute').notNull(),
    hour: text('hour').notNull(),
    dayOfMonth: text('day_of_month').notNull(),
    month: text('month').notNull(),
    dayOfWeek: text('day_of_week').notNull(),
    enabled: boolean('enabled').notNull().default(true),
    /** Type-specific options (time budget, attempts…), validated by the type. */
    options: jsonb('options').notNull(),
    nextRunAt: timestamp('next_run_at', tz),
    createdBy: integer('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', tz).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', tz).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('scheduled_tasks_description_uq').on(sql`lower(${t.description})`),
    index('scheduled_tasks_due_idx').on(t.nextRunAt).where(sql`${t.enabled}`),
  ],
);

export const taskRuns = pgTable(
  'task_runs',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    taskId: integer('task_id')
      .notNull()
      .references(() => scheduledTasks.id, { onDelete: 'cascade' }),
    /** The scheduled instant this run is for; manual runs use the click time. */
    dueAt: timestamp('due_at', tz).notNull(),
    manual: boolean('manual').notNull().default(false),
    requestedBy: text('requested_by'),
    status: text('status').notNull().default('running'),
    /** Process that runs it (`host:pid:random`) and its last sign of life. */
    owner: text('owner'),
    heartbeatAt: timestamp('heartbeat_at', tz),
    startedAt: timestamp('started_at', tz).notNull().defaultNow(),
    finishedAt: timestamp('finished_at', tz),
    processed: integer('processed').notNull().default(0),
    sent: integer('sent').notNull().default(0),
    failed: integer('failed').notNull().default(0),
    /** Why the run failed or was abandoned: one notice per cause (src/shared/notice.ts); null when none. */
    error: jsonb('error').$type<Notice[]>(),
    details: jsonb('details'),
  },
  (t) => [
    uniqueIndex('task_runs_due_uq').on(t.taskId, t.dueAt),
    index('task_runs_task_idx').on(t.taskId, t.startedAt.desc()),
    index('task_runs_running_idx').on(t.heartbeatAt).where(sql`${t.status} = 'running'`),
    check('task_runs_status_chk', sql`${t.status} in ('running','succeeded','failed','abandoned')`),
  ],
);
