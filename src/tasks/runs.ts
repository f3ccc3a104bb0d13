/**
 * The life of a task run in the database, safe with any number of schedulers on one PostgreSQL (or several
 * schedulers sharing one PGlite):
 *
 * - **Claim a due run**: under a lock on the task row, insert the run for the task's `next_run_at` — unique
 *   (task_id, due_at), `on conflict do nothing` — and move `next_run_at` to the first time after now. A scheduler
 *   that was down runs a missed schedule once, not once per missed minute. A task never runs twice at once: while
 *   one of its runs is `running`, its due time waits (and then runs once).
 * - **Manual run** (Executar agora): the same lock and rule, `manual = true`, `due_at` = the click time.
 * - **Heartbeat / finish**: only by the owner and only while `running`; `false` tells the owner the run was taken
 *   from it (reaped), so it stops.
 * - **Reap**: a `running` run whose heartbeat is older than the limit belonged to a process that died or hung; it
 *   becomes `abandoned` with the reason, which frees the task for its next due time.
 *
 * Heartbeats and reaping use the database clock (one clock for every process); due times use the scheduler's.
 */
import { and, eq, inArray, lte, sql } from 'drizzle-orm';
import { type Db, inTransaction, queryRows } from '../db/database.js';
import { scheduledTasks, taskRuns } from '../db/schema/tasks.js';
import { AppError } from '../shared/errors.js';
import { type Notice, notice } from '../shared/notice.js';
import type { TaskRunStatus as RunStatus } from '../shared/vocabulary.js';
import { taskColumns } from './columns.js';
import { nextRunAfter } from './cron.js';
import type { TaskProgress } from './types.js';

export type { RunStatus };


export interface ClaimedRun {
  runId: number;
  taskId: number;
  type: string;
  description: string;
  options: unknown;
  dueAt: Date;
  manual: boolean;
}

function noRunningRun() {
  return sql`not exists (select 1 from ${taskRuns} r where r.task_id = ${scheduledTasks.id} and r.status = 'running')`;
}

async function runningRunOf(tx: Db, taskId: number): Promise<number | undefined> {
  const [row] = await tx
    .select({ id: taskRuns.id })
    .from(taskRuns)
    .where(and(eq(taskRuns.taskId, taskId), eq(taskRuns.status, 'running')))
    .limit(1);
  return row?.id;
}

/** Inserts the run row; undefined when (task, due time) already has one. */
async function insertRun(
  tx: Db,
  values: { taskId: number; dueAt: Date | null; manual: boolean; requestedBy: string | null; owner: string },
): Promise<{ id: number; dueAt: Date } | undefined> {
  // due_at null = the task's own next_run_at, copied in SQL so its exact value is the claim key
  const due = values.dueAt === null ? sql`t.next_run_at` : sql`${values.dueAt.toISOString()}::timestamptz`;
  const [row] = await queryRows<{ id: number; dueAt: Date | string }>(
    tx,
    sql`insert into task_runs (task_id, due_at, manual, requested_by, status, owner, heartbeat_at)
        select t.id, ${due}, ${values.manual}, ${values.requestedBy}, 'running', ${values.owner}, now()
        from scheduled_tasks t where t.id = ${values.taskId}
        on conflict (task_id, due_at) do nothing
        returning id, due_at as "dueAt"`,
  );
  return row ? { id: Number(row.id), dueAt: new Date(row.dueAt) } : undefined;
}

/**
 * Claims every due run this scheduler can run (`types`: the task types it knows). `now` decides what is due and
 * from when the next run is computed.
 */
export async function claimDueRuns(
  db: Db,
  options: {
    now: Date;
    timezone: string;
    owner: string;
    types: readonly string[];
    limit?: number;
    /** Types of which this claim takes at most one run (the others stay due for another process). */
    onePerType?: readonly string[];
  },
): Promise<ClaimedRun[]> {
  if (options.types.length === 0) return [];
  const due = and(
    eq(scheduledTasks.enabled, true),
    lte(scheduledTasks.nextRunAt, options.now),
    inArray(scheduledTasks.type, [...options.types]),
    noRunningRun(),
  );
  const candidates = await db
    .select({ id: scheduledTasks.id, type: scheduledTasks.type })
    .from(scheduledTasks)
    .where(due)
    .orderBy(scheduledTasks.nextRunAt)
    .limit(options.limit ?? 50);
  const claimed: ClaimedRun[] = [];
  const single = new Set(options.onePerType ?? []);
  for (const { id, type } of candidates) {
    if (single.has(type) && claimed.some((run) => run.type === type)) continue;
    const run = await inTransaction(db, async (tx) => {
      // The lock makes the check-then-insert atomic: a rival waits here, then sees the row moved on.
      const [task] = await tx.select(taskColumns).from(scheduledTasks).where(and(eq(scheduledTasks.id, id), due)).for('update');
      if (!task) return undefined;
      // A fresh statement sees a manual run a rival committed while we waited for the lock.
      if ((await runningRunOf(tx, id)) !== undefined) return undefined;
      const inserted = await insertRun(tx, { taskId: id, dueAt: null, manual: false, requestedBy: null, owner: options.owner });
      const from = task.nextRunAt && task.nextRunAt > options.now ? task.nextRunAt : options.now;
      await tx
        .update(scheduledTasks)
        .set({ nextRunAt: nextRunAfter(task, options.timezone, from) })
        .where(eq(scheduledTasks.id, id));
      return inserted && { runId: inserted.id, taskId: id, type: task.type, description: task.description, options: task.options, dueAt: inserted.dueAt, manual: false };
    });
    if (run) claimed.push(run);
  }
  return claimed;
}

/**
 * Executar agora: a manual run of `taskId`, owned by the caller; refused while the task is running. `options`
 * (checked by the type when the run starts) go over the task's own for this run only, e.g. a full sync of one source.
 */
export async function claimManualRun(
  db: Db,
  options: { taskId: number; requestedBy: string; owner: string; now: Date; types: readonly string[]; options?: Record<string, unknown> },
): Promise<ClaimedRun> {
  return inTransaction(db, async (tx) => {
    const [task] = await tx.select(taskColumns).from(scheduledTasks).where(eq(scheduledTasks.id, options.taskId)).for('update');
    if (!task) throw new AppError('NOT_FOUND', `No task ${options.taskId}`);
    if (!options.types.includes(task.type)) {
      throw new AppError('VALIDATION', `type: this process does not know the task type "${task.type}"`, 'type');
    }
    const running = await runningRunOf(tx, task.id);
    if (running !== undefined) {
      const why = notice('task_already_running', { task: task.description, run: running });
      throw new AppError('CONFLICT', `Task "${task.description}" is already running (run ${running}); wait for it to finish`, undefined, why);
    }
    // Two clicks in the same millisecond (or one on a scheduled instant) would share a due time: step 1 ms.
    for (let step = 0; step < 5; step += 1) {
      const dueAt = new Date(options.now.getTime() + step);
      const inserted = await insertRun(tx, { taskId: task.id, dueAt, manual: true, requestedBy: options.requestedBy, owner: options.owner });
      if (inserted) {
        const runOptions = options.options ? { ...(task.options as Record<string, unknown>), ...options.options } : task.options;
        return { runId: inserted.id, taskId: task.id, type: task.type, description: task.description, options: runOptions, dueAt: inserted.dueAt, manual: true };
      }
    }
    throw new AppError('CONFLICT', `Task "${task.description}" was just started; try again`, undefined, notice('task_just_started', { task: task.description }));
  });
}

/** Records a sign of life and the counts so far; false when the run is no longer this owner's. */
export async function heartbeatRun(db: Db, runId: number, owner: string, progress: TaskProgress): Promise<boolean> {
  const rows = await db
    .update(taskRuns)
    .set({ heartbeatAt: sql`now()`, processed: progress.processed, sent: progress.sent, failed: progress.failed })
    .where(and(eq(taskRuns.id, runId), eq(taskRuns.owner, owner), eq(taskRuns.status, 'running')))
    .returning({ id: taskRuns.id });
  return rows.length > 0;
}

export interface RunOutcome extends TaskProgress {
  status: Exclude<RunStatus, 'running'>;
  /** Why it failed or was abandoned; none for a success. */
  errors?: Notice[];
  details?: Record<string, unknown> | null;
}

/** Closes a run; false when it had already been closed (reaped) by another process. */
export async function finishRun(db: Db, runId: number, owner: string, outcome: RunOutcome): Promise<boolean> {
  const rows = await db
    .update(taskRuns)
    .set({
      status: outcome.status,
      finishedAt: sql`now()`,
      heartbeatAt: sql`now()`,
      processed: outcome.processed,
      sent: outcome.sent,
      failed: outcome.failed,
      error: outcome.errors?.length ? outcome.errors : null,
      details: outcome.details ?? null,
    })
    .where(and(eq(taskRuns.id, runId), eq(taskRuns.owner, owner), eq(taskRuns.status, 'running')))
    .returning({ id: taskRuns.id });
  return rows.length > 0;
}

/** Marks runs whose heartbeat is older than `staleAfterMs` as abandoned; returns them. */
export async function reapStaleRuns(db: Db, staleAfterMs: number): Promise<{ id: number; taskId: number; owner: string | null }[]> {
  return db
    .update(taskRuns)
    .set({ status: 'abandoned', finishedAt: sql`now()`, error: [notice('task_abandoned')] })
    .where(
      and(
        eq(taskRuns.status, 'running'),
        sql`coalesce(${taskRuns.heartbeatAt}, ${taskRuns.startedAt}) < now() - make_interval(secs => ${staleAfterMs / 1000})`,
      ),
    )
    .returning({ id: taskRuns.id, taskId: taskRuns.taskId, owner: taskRuns.owner });
}

/** Runs of task type `type` running now, in every process (a dead process's count until it is reaped). */
export async function countRunningRuns(db: Db, type: string): Promise<number> {
  const [row] = await queryRows<{ n: number }>(
    db,
    sql`select count(*)::int as n from task_runs r join scheduled_tasks t on t.id = r.task_id
        where r.status = 'running' and t.type = ${type}`,
  );
  return row?.n ?? 0;
}
