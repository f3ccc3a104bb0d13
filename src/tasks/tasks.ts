/**
 * Ferramentas › Agenda de tarefas: the stored tasks and their run history. A task is a type (see ./types.ts), a
 * description, IXC's five schedule fields, options checked by its type, and `enabled`. Saving computes
 * `next_run_at` in the installation's time zone (null while disabled), which is what the scheduler claims.
 */
import { and, asc, count, desc, eq, inArray, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../db/database.js';
import { scheduledTasks, taskRuns, users } from '../db/schema/index.js';
import { assertNameFree, type UniqueName } from '../db/unique.js';
import { AppError } from '../shared/errors.js';
import { type CronFieldName, type CronFields, cronFieldNames, nextRunAfter, parseSchedule } from './cron.js';
import type { RunStatus } from './runs.js';
import { findTaskType, parseTaskOptions } from './types.js';
import { pageParam } from '../shared/ids.js';

const fieldText = z.string().max(100).nullable();

const scheduleShape = Object.fromEntries(cronFieldNames.map((f) => [f, fieldText.optional()])) as Record<
  CronFieldName,
  z.ZodOptional<typeof fieldText>
>;

/** Fields left out or empty mean Todos. */
export const taskInputSchema = z.strictObject({
  type: z.string().trim().min(1, 'is required').max(40),
  description: z.string().trim().min(1, 'is required').max(100),
  ...scheduleShape,
  enabled: z.boolean().default(true),
  options: z.record(z.string(), z.unknown()).default({}),
});

/** Omitted keys stay as they are. Changing the type re-checks the options against the new type. */
export const taskPatchSchema = z
  .strictObject({
    type: z.string().trim().min(1, 'is required').max(40),
    description: z.string().trim().min(1, 'is required').max(100),
    ...scheduleShape,
    enabled: z.boolean(),
    options: z.record(z.string(), z.unknown()),
  })
  .partial();

export type TaskInput = z.input<typeof taskInputSchema>;
export type TaskPatch = z.input<typeof taskPatchSchema>;

export interface TaskRun {
  id: number;
  taskId: number;
  dueAt: Date;
  manual: boolean;
  requestedBy: string | null;
  status: RunStatus;
  owner: string | null;
  startedAt: Date;
  heartbeatAt: Date | null;
  finishedAt: Date | null;
  processed: number;
  sent: number;
  failed: number;
  error: string | null;
  details: Record<string, unknown> | null;
}

export interface ScheduledTask extends CronFields {
  id: number;
  type: string;
  /** pt-BR label of the type; the type itself when this process does not know it. */
  typeLabel: string;
  description: string;
  enabled: boolean;
  options: Record<string, unknown>;
  nextRunAt: Date | null;
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
  lastRun: TaskRun | null;
}

/** Where the schedule is computed: the installation's zone, and "now" (tests fix it). */
export interface ScheduleClock {
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

const taskColumns = {
  id: scheduledTasks.id,
  type: scheduledTasks.type,
  description: scheduledTasks.description,
  minute: scheduledTasks.minute,
  hour: scheduledTasks.hour,
  dayOfMonth: scheduledTasks.dayOfMonth,
  month: scheduledTasks.month,
  dayOfWeek: scheduledTasks.dayOfWeek,
  enabled: scheduledTasks.enabled,
  options: scheduledTasks.options,
  nextRunAt: scheduledTasks.nextRunAt,
  createdBy: sql<string>`coalesce(${users.username}, '')`,
  createdAt: scheduledTasks.createdAt,
  updatedAt: scheduledTasks.updatedAt,
};

const runColumns = {
  id: taskRuns.id,
  taskId: taskRuns.taskId,
  dueAt: taskRuns.dueAt,
  manual: taskRuns.manual,
  requestedBy: taskRuns.requestedBy,
  status: taskRuns.status,
  owner: taskRuns.owner,
  startedAt: taskRuns.startedAt,
  heartbeatAt: taskRuns.heartbeatAt,
  finishedAt: taskRuns.finishedAt,
  processed: taskRuns.processed,
  sent: taskRuns.sent,
  failed: taskRuns.failed,
  error: taskRuns.error,
  details: taskRuns.details,
};

function runQuery(db: Db) {
  return db.select(runColumns).from(taskRuns);
}
type RunRow = Awaited<ReturnType<typeof runQuery>>[number];

function toRun(row: RunRow): TaskRun {
  return { ...row, status: row.status as RunStatus, details: (row.details as Record<string, unknown> | null) ?? null };
}

/** Validated, canonical schedule fields; the error names the first wrong field. */
export function scheduleOrThrow(input: Partial<Record<CronFieldName, string | null | undefined>>): CronFields {
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
  const query = db.select(taskColumns).from(scheduledTasks).leftJoin(users, eq(users.id, scheduledTasks.createdBy));
  const rows = await (id === undefined ? query : query.where(eq(scheduledTasks.id, id))).orderBy(
    asc(sql`lower(${scheduledTasks.description})`),
  );
  const last = await lastRuns(db, rows.map((r) => r.id));
  return rows.map((row) => ({
    ...row,
    typeLabel: findTaskType(row.type)?.label['pt-BR'] ?? row.type,
    options: row.options as Record<string, unknown>,
    lastRun: last.get(row.id) ?? null,
  }));
}

export async function listTasks(db: Db): Promise<ScheduledTask[]> {
  return selectTasks(db);
}

export async function getTask(db: Db, id: number): Promise<ScheduledTask> {
  const [task] = await selectTasks(db, id);
  if (!task) throw new AppError('NOT_FOUND', `No task ${id}`);
  return task;
}

function nextRunOf(fields: CronFields, enabled: boolean, clock: ScheduleClock): Date | null {
  return enabled ? nextRunAfter(fields, clock.timezone, clock.now ?? new Date()) : null;
}

export async function createTask(db: Db, clock: ScheduleClock, userId: number | null, input: TaskInput): Promise<ScheduledTask> {
  const data = taskInputSchema.parse(input);
  const fields = scheduleOrThrow(data);
  const options = parseTaskOptions(data.type, data.options);
  await assertNameFree(db, uniqueName, data.description);
  const [row] = await db
    .insert(scheduledTasks)
    .values({
      type: data.type,
      description: data.description,
      ...fields,
      enabled: data.enabled,
      options,
      nextRunAt: nextRunOf(fields, data.enabled, clock),
      createdBy: userId,
    })
    .returning({ id: scheduledTasks.id });
  return getTask(db, row!.id);
}

export async function updateTask(db: Db, clock: ScheduleClock, id: number, patch: TaskPatch): Promise<ScheduledTask> {
  const data = taskPatchSchema.parse(patch);
  const current = await getTask(db, id);
  const type = data.type ?? current.type;
  const fields = scheduleOrThrow(Object.fromEntries(cronFieldNames.map((f) => [f, data[f] === undefined ? current[f] : data[f]])));
  // the form sends every field on each save: only a real difference counts as a new schedule
  const scheduleChanged = cronFieldNames.some((f) => fields[f] !== current[f]);
  const options =
    data.options !== undefined || data.type !== undefined ? parseTaskOptions(type, data.options ?? current.options) : undefined;
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
      ...(reschedule ? { nextRunAt: nextRunOf(fields, enabled, clock) } : {}),
      updatedAt: new Date(),
    })
    .where(eq(scheduledTasks.id, id));
  return getTask(db, id);
}

/** Deletes a task and its history; refused while it runs (disable it and let the run finish). */
export async function deleteTask(db: Db, id: number): Promise<ScheduledTask> {
  const task = await getTask(db, id);
  if (task.lastRun?.status === 'running') {
    throw new AppError('CONFLICT', `Task "${task.description}" is running; disable it and wait for the run to finish`);
  }
  await db.delete(scheduledTasks).where(eq(scheduledTasks.id, id));
  return task;
}

export const runPageSchema = z.object({
  page: pageParam,
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
  status: z.enum(['running', 'succeeded', 'failed', 'abandoned']).optional(),
});
export type RunPage = z.input<typeof runPageSchema>;

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
