/**
 * Gatilhos de envio: rules that send from a saved report filter on the Agenda de tarefas' schedule, with a
 * cooldown per recipient and a ceiling above which a run waits for an operator's confirmation; and the history
 * of their evaluations.
 */
import { sql } from 'drizzle-orm';
import { bigint, boolean, check, index, integer, jsonb, pgTable, smallint, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import type { Notice } from '../../shared/notice.js';
import { users } from './access.js';
import { savedFilters } from './report.js';

const tz = { withTimezone: true, mode: 'date' } as const;

export const triggerRules = pgTable(
  'trigger_rules',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    name: text('name').notNull(),
    /** Null once the saved filter is deleted: the rule's runs then fail with that reason. */
    savedFilterId: integer('saved_filter_id').references(() => savedFilters.id, { onDelete: 'set null' }),
    /** Message ids (one per channel at most). */
    messageIds: jsonb('message_ids').notNull(),
    freeValues: jsonb('free_values').notNull(),
    priority: smallint('priority').notNull().default(0),
    active: boolean('active').notNull().default(true),
    /** Do not send this rule again to the same contact within this many minutes. */
    cooldownMinutes: integer('cooldown_minutes').notNull().default(720),
    /** A run that would queue more than this waits for an operator's confirmation. */
    ceiling: integer('ceiling').notNull().default(5000),
    createdBy: integer('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', tz).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', tz).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('trigger_rules_name_uq').on(sql`lower(${t.name})`)],
);

export const triggerRuns = pgTable(
  'trigger_runs',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    ruleId: integer('rule_id')
      .notNull()
      .references(() => triggerRules.id, { onDelete: 'cascade' }),
    /** The Agenda de tarefas run that evaluated it (null for a manual confirmation). */
    taskRunId: bigint('task_run_id', { mode: 'number' }),
    at: timestamp('at', tz).notNull().defaultNow(),
    /** `enqueued`, `held` (over the ceiling, waiting for confirmation), `confirmed`, `discarded`, `failed`. */
    status: text('status').notNull(),
    matched: integer('matched').notNull().default(0),
    enqueued: integer('enqueued').notNull().default(0),
    skipped: integer('skipped').notNull().default(0),
    skipCounts: jsonb('skip_counts').notNull().default(sql`'{}'::jsonb`),
    batchIds: jsonb('batch_ids').notNull().default(sql`'[]'::jsonb`),
    /** Why the evaluation failed, or why a held run was closed (src/shared/notice.ts). */
    error: jsonb('error').$type<Notice>(),
    decidedBy: text('decided_by'),
    decidedAt: timestamp('decided_at', tz),
  },
  (t) => [
    index('trigger_runs_rule_idx').on(t.ruleId, t.at.desc()),
    check('trigger_runs_status_chk', sql`${t.status} in ('enqueued','held','confirmed','discarded','failed')`),
  ],
);
