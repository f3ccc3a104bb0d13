/**
 * Ferramentas › Agenda de tarefas: the stored tasks and their run history. A task is a type (./types.ts), a
 * description, IXC's five schedule fields, options checked by its type, and `enabled`. Saving computes
 * `next_run_at` in the installation's time zone (null while disabled), which is what the scheduler claims.
 *
 * A capability may also keep a default task of its own (the queue's drains): created by the system — no person
 * as its author — once, when no task of its type exists, and changed by the system only while no person has
 * saved it (its `updated_at` still equals its `created_at`).
 */
import { and, asc, count, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { type Db, queryRows } from '../db/database.js';
import { users } from '../db/schema/access.js';
import { scheduledTasks, taskRuns } from '../db/schema/tasks.js';
import { assertNameFree, type UniqueName } from '../db/unique.js';
import { AppError } from '../shared/errors.js';
import { notice } from '../shared/notice.js';
import type { TaskRunStatus } from '../shared/vocabulary.js';
import { runColumns, taskColumns } from './columns.js';
import { type CronFieldName, type CronFields, cronFieldNames, nextRunAfter, parseSchedule } from './cron.js';
import {
  type RunPage,
  runPageSchema,
  type ScheduledTask,
  type TaskInput,
  taskInputSchema,
  type TaskPatch,
  taskPatchSchema,
  type TaskRun,
} from './schemas.js';
import type { TaskTypes } from './types.js';

export type { ScheduledTask, TaskInput, TaskPatch, TaskRun };

/** What saving a task checks against: the known types, the installation's zone and "now" (tests fix it). */
export interface TaskRules {
  types: TaskTypes;
  timezone: string;
  now?: Date;
}

const uniqueName: UniqueName = {
  table: scheduledTasks,
  id: scheduledTasks.id,
  name: scheduledTasks.description,
  field: 'description',
  what: 'A task',
};

const listedColumns = { ...taskColumns, createdBy: sql<string>`coalesce(${users.username}, '')` };

function runQuery(db: Db) {
  return db.select(runColumns).from(taskRuns);
}
type RunRow = Awaited<ReturnType<typeof runQuery>>[number];

function toRun(row: RunRow): TaskRun {
  return {
    ...row,
    status: row.status as TaskRunStatus,
    errors: row.errors ?? [],
    details: (row.details as Record<string, unknown> | null) ?? null,
  };
}

/** Validated, canonical schedule fields; the error names the first wrong field. */
function scheduleOrThrow(input: Partial<Record<CronFieldName, string | null | undefined>>): CronFields {
  const parsed = parseSchedule(input);
  if (parsed.ok) return parsed.fields;
  const [first] = parsed.errors;
  throw new AppError('VALIDATION', first!.message, first!.field);
}

async function lastRuns(db: Db, taskIds: number[]): Promise<Map<number, TaskRun>> {
  if (taskIds.length === 0) return new Map();
  const rows = await db
    .selectDistinctOn([taskRuns.taskId], runColumns)
    .from(taskRuns)
    .where(inArray(taskRuns.taskId, taskIds))
    .orderBy(taskRuns.taskId, desc(taskRuns.startedAt), desc(taskRuns.id));
  return new Map(rows.map((r) => [r.taskId, toRun(r)]));
}

async function selectTasks(db: Db, id?: number): Promise<ScheduledTask[]> {
  const query = db.select(listedColumns).from(scheduledTasks).leftJoin(users, eq(users.id, scheduledTasks.createdBy));
  const rows = await (id === undefined ? query : query.where(eq(scheduledTasks.id, id))).orderBy(
    asc(sql`lower(${scheduledTasks.description})`),
  );
  const last = await lastRuns(db, rows.map((r) => r.id));
  return rows.map((row) => ({ ...row, options: row.options as Record<string, unknown>, lastRun: last.get(row.id) ?? null }));
}

export async function listTasks(db: Db): Promise<ScheduledTask[]> {
  return selectTasks(db);
}

export async function getTask(db: Db, id: number): Promise<ScheduledTask> {
  const [task] = await selectTasks(db, id);
  if (!task) throw new AppError('NOT_FOUND', `No task ${id}`);
  return task;
}

function nextRunOf(fields: CronFields, enabled: boolean, rules: TaskRules): Date | null {
  return enabled ? nextRunAfter(fields, rules.timezone, rules.now ?? new Date()) : null;
}

/** The row of a new task, checked: schedule, type and options. */
function newTaskValues(rules: TaskRules, input: TaskInput) {
  const data = taskInputSchema.parse(input);
  const fields = scheduleOrThrow(data);
  const options = rules.types.parseOptions(data.type, data.options);
  return { type: data.type, description: data.description, ...fields, enabled: data.enabled, options, nextRunAt: nextRunOf(fields, data.enabled, rules) };
}

export async function createTask(db: Db, rules: TaskRules, userId: number | null, input: TaskInput): Promise<ScheduledTask> {
  const values = newTaskValues(rules, input);
  await assertNameFree(db, uniqueName, values.description);
  const [row] = await db
    .insert(scheduledTasks)
    .values({ ...values, createdBy: userId })
    .returning({ id: scheduledTasks.id });
  return getTask(db, row!.id);
}

export async function updateTask(db: Db, rules: TaskRules, id: number, patch: TaskPatch): Promise<ScheduledTask> {
  const data = taskPatchSchema.parse(patch);
  const current = await getTask(db, id);
  const type = data.type ?? current.type;
  const fields = scheduleOrThrow(Object.fromEntries(cronFieldNames.map((f) => [f, data[f] === undefined ? current[f] : data[f]])));
  // the form sends every field on each save: only a real difference counts as a new schedule
  const scheduleChanged = cronFieldNames.some((f) => fields[f] !== current[f]);
  const options =
    data.options !== undefined || data.type !== undefined ? rules.types.parseOptions(type, data.options ?? current.options) : undefined;
  if (data.description !== undefined) await assertNameFree(db, uniqueName, data.description, id);
  const enabled = data.enabled ?? current.enabled;
  // A new schedule or a re-enabled task starts from now: no catching up on times it was off.
  const reschedule = scheduleChanged || enabled !== current.enabled;
  await db
    .update(scheduledTasks)
    .set({
      type,
      ...(data.description === undefined ? {} : { description: data.description }),
      ...fields,
      enabled,
      ...(options === undefined ? {} : { options }),
      ...(reschedule ? { nextRunAt: nextRunOf(fields, enabled, rules) } : {}),
      updatedAt: new Date(),
    })
    .where(eq(scheduledTasks.id, id));
  return getTask(db, id);
}

/** Deletes a task and its history; refused while it runs (disable it and let the run finish). */
export async function deleteTask(db: Db, id: number): Promise<ScheduledTask> {
  const task = await getTask(db, id);
  if (task.lastRun?.status === 'running') {
    throw new AppError('CONFLICT', `Task "${task.description}" is running; disable it and wait for the run to finish`, undefined, notice('task_running', { task: task.description }));
  }
  await db.delete(scheduledTasks).where(eq(scheduledTasks.id, id));
  return task;
}

/**
 * A capability's default task, created by the system when no task of its type exists yet; null when one exists
 * (or a task already has its description). Safe when several processes start at once: the check and the insert
 * are one statement, and the unique description settles a tie.
 */
export async function createDefaultTask(db: Db, rules: TaskRules, input: TaskInput): Promise<ScheduledTask | null> {
  const v = newTaskValues(rules, input);
  const [row] = await queryRows<{ id: number }>(
    db,
    sql`insert into scheduled_tasks (type, description, minute, hour, day_of_month, month, day_of_week, enabled, options, next_run_at)
        select ${v.type}, ${v.description}, ${v.minute}, ${v.hour}, ${v.dayOfMonth}, ${v.month}, ${v.dayOfWeek}, ${v.enabled},
          ${JSON.stringify(v.options)}::jsonb, ${v.nextRunAt ? v.nextRunAt.toISOString() : null}::timestamptz
        where not exists (select 1 from scheduled_tasks where type = ${v.type})
        on conflict do nothing
        returning id`,
  );
  return row ? getTask(db, Number(row.id)) : null;
}

/**
 * Enables the default task of `type` (the one the system created with `description`) when it is disabled and no
 * person ever saved it; the enabled task, or null when there is none to enable.
 */
export async function enableDefaultTask(db: Db, rules: TaskRules, type: string, description: string): Promise<ScheduledTask | null> {
  const untouched = and(
    eq(scheduledTasks.type, type),
    sql`lower(${scheduledTasks.description}) = lower(${description})`,
    isNull(scheduledTasks.createdBy),
    eq(scheduledTasks.enabled, false),
    sql`${scheduledTasks.updatedAt} = ${scheduledTasks.createdAt}`,
  );
  const [found] = await db.select(taskColumns).from(scheduledTasks).where(untouched);
  if (!found) return null;
  const enabled = await db
    .update(scheduledTasks)
    .set({ enabled: true, nextRunAt: nextRunOf(found, true, rules), updatedAt: new Date() })
    .where(and(eq(scheduledTasks.id, found.id), untouched))
    .returning({ id: scheduledTasks.id });
  return enabled.length > 0 ? getTask(db, found.id) : null;
}

/** A task's runs, newest first, a page at a time, with the total. */
export async function listTaskRuns(db: Db, taskId: number, page: RunPage = {}): Promise<{ runs: TaskRun[]; total: number }> {
  const { page: p, pageSize, status } = runPageSchema.parse(page);
  await getTask(db, taskId);
  const where = and(eq(taskRuns.taskId, taskId), status ? eq(taskRuns.status, status) : undefined);
  const rows = await runQuery(db)
    .where(where)
    .orderBy(desc(taskRuns.startedAt), desc(taskRuns.id))
    .limit(pageSize)
    .offset((p - 1) * pageSize);
  const [total] = await db.select({ n: count() }).from(taskRuns).where(where);
  return { runs: rows.map(toRun), total: total?.n ?? 0 };
}

export async function getTaskRun(db: Db, runId: number): Promise<TaskRun> {
  const [row] = await runQuery(db).where(eq(taskRuns.id, runId));
  if (!row) throw new AppError('NOT_FOUND', `No task run ${runId}`);
  return toRun(row);
}
