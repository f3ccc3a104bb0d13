/**
 * The scheduler of the Agenda de tarefas, run inside `avisa serve` and `avisa worker`; any number of them may share
 * one database. Every `tickMs` it (1) reaps runs whose heartbeat went silent for `staleAfterMs` (→ `abandoned`) and
 * does the chores the composition root hands in (the queue's sweep of expired leases), (2) claims the due runs of
 * the task types it was given (./runs.ts: one run per due time, whoever claims it), and (3) executes them —
 * different tasks in parallel, never two runs of one task at once — with a heartbeat every tick that also carries
 * the counts so far. `stop()` aborts running tasks through their AbortSignal and waits for them to record how far
 * they got. It knows no task type by name: what a run does is its type's `run`.
 */
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Db } from '../db/database.js';
import type { Logger } from '../log/logger.js';
import { countTaskRun } from '../metrics/instruments.js';
import { AppError } from '../shared/errors.js';
import { type Notice, notice, said, unexpected } from '../shared/notice.js';
import {
  claimDueRuns,
  claimManualRun,
  type ClaimedRun,
  finishRun,
  heartbeatRun,
  type RunOutcome,
  reapStaleRuns,
} from './runs.js';
import type { TaskProgress, TaskTypes } from './types.js';

/** What the HTTP routes need: Executar agora, run by the process that received the click. */
export interface SchedulerHandle {
  /**
   * Starts a manual run of `taskId` now and returns its run id. `options` go over the task's own for this run only
   * (Sincronizar agora of one source, a full read).
   */
  runNow(taskId: number, requestedBy: string, options?: Record<string, unknown>): Promise<number>;
}

export interface Scheduler extends SchedulerHandle {
  /** `host:pid:random`, written on the runs it executes. */
  readonly owner: string;
  /** One tick now (reap, claim, start); resolves when claiming is done, not when the runs end. */
  tick(): Promise<void>;
  /** Resolves when no run started by this scheduler is still executing. */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

export type SchedulerLogger = Pick<Logger, 'debug' | 'info' | 'warn' | 'error'>;

/** A claimed run of a type this process does not know (another version's, or one no longer listed). */
class UnknownTypeError extends Error {
  readonly notice: Notice;
  constructor(type: string) {
    super(`unknown task type "${type}"`);
    this.notice = notice('task_type_unknown', { type });
  }
}

/** Work done at every tick, before claiming (e.g. the queue's sweep of expired leases); it logs what it did. */
export type SchedulerChore = (db: Db, logger: SchedulerLogger) => Promise<void>;

export interface SchedulerOptions {
  db: Db;
  /** The task types this scheduler claims and runs (src/app builds the list). */
  types: TaskTypes;
  secretKey: Buffer;
  timezone: string;
  owner?: string;
  tickMs?: number;
  staleAfterMs?: number;
  logger: SchedulerLogger;
  /** The clock deciding what is due (tests fix it); heartbeats use the database's clock. */
  now?: () => Date;
  /** Done at every tick; a failing chore is logged and the tick goes on. */
  chores?: readonly SchedulerChore[];
  /** How long `stop()` waits for aborted runs to return before giving up on them (they are reaped later). */
  stopTimeoutMs?: number;
  /**
   * Cleaning the composition root hands in (expired sessions, …), run at the first tick and then at most every
   * `housekeepingMs` (default one hour) by each scheduler; it must be safe to run from several processes at once.
   */
  housekeeping?: (db: Db) => Promise<void>;
  housekeepingMs?: number;
  /**
   * false: this process claims no due run (`avisa serve --no-agenda`, a web node leaving the Agenda to the workers);
   * it still reaps, does its chores and runs what Executar agora asks of it.
   */
  claimDue?: boolean;
}

function defaultOwner(): string {
  return `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
}

const zero = (): TaskProgress => ({ processed: 0, sent: 0, failed: 0 });

export function startScheduler(options: SchedulerOptions): Scheduler {
  const { db, logger, timezone, types } = options;
  const owner = options.owner ?? defaultOwner();
  const tickMs = options.tickMs ?? 5000;
  const staleAfterMs = options.staleAfterMs ?? 60_000;
  const now = options.now ?? (() => new Date());
  if (!(tickMs > 0) || staleAfterMs < 2 * tickMs) {
    throw new Error(`Scheduler: staleAfterMs (${staleAfterMs}) must be at least twice tickMs (${tickMs})`);
  }
  const stopping = new AbortController();
  const executions = new Map<number, Promise<void>>();
  /** The type of each run executing here, for the types a process runs one at a time (`onePerProcess`). */
  const executingTypes = new Map<number, string>();
  const singleTypes = types.list.filter((t) => t.onePerProcess).map((t) => t.type);
  let chain: Promise<void> = Promise.resolve();
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const housekeepingMs = options.housekeepingMs ?? 3_600_000;
  let housekeptAt = -Infinity;

  async function execute(run: ClaimedRun): Promise<void> {
    const controller = new AbortController();
    const onStop = () => controller.abort(stopping.signal.reason);
    stopping.signal.addEventListener('abort', onStop, { once: true });
    if (stopping.signal.aborted) onStop();
    let progress = zero();
    let takenAway = false;
    let beating = false; // one heartbeat at a time, even when the database is slow
    let finished = false;
    const heartbeat = setInterval(() => {
      if (beating) return;
      beating = true;
      heartbeatRun(db, run.runId, owner, progress)
        .then(
          (ours) => {
            if (ours || takenAway || finished) return;
            takenAway = true;
            logger.warn({ runId: run.runId, taskId: run.taskId }, 'task run was taken over (reaped); stopping it');
            controller.abort(new Error('run reaped by another process'));
          },
          (err: unknown) => logger.warn({ err, runId: run.runId }, 'task heartbeat failed'),
        )
        .finally(() => {
          beating = false;
        });
    }, tickMs);
    let outcome: RunOutcome;
    try {
      const type = types.find(run.type);
      if (!type) throw new UnknownTypeError(run.type);
      const taskOptions = types.parseOptions(run.type, run.options);
      const result = await type.run(
        {
          db,
          runId: run.runId,
          secretKey: options.secretKey,
          owner,
          timezone,
          signal: controller.signal,
          progress: (p) => {
            progress = { processed: p.processed, sent: p.sent, failed: p.failed };
          },
        },
        taskOptions,
      );
      const counts = { processed: result.processed, sent: result.sent, failed: result.failed };
      const details = result.details ?? null;
      if (result.errors?.length) outcome = { status: 'failed', ...counts, errors: result.errors, details };
      else if (stopping.signal.aborted) outcome = { status: 'abandoned', ...counts, errors: [notice('task_interrupted')], details };
      else outcome = { status: 'succeeded', ...counts, details };
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      outcome = stopping.signal.aborted
        ? { status: 'abandoned', ...progress, errors: [said('task_interrupted', message)] }
        : { status: 'failed', ...progress, errors: [err instanceof UnknownTypeError ? err.notice : unexpected(err)] };
    } finally {
      finished = true;
      clearInterval(heartbeat);
      stopping.signal.removeEventListener('abort', onStop);
    }
    try {
      const recorded = await finishRun(db, run.runId, owner, outcome);
      const log = { runId: run.runId, taskId: run.taskId, task: run.description, ...outcome, details: undefined };
      if (recorded) countTaskRun(run.type, outcome.status);
      if (!recorded) logger.warn(log, 'task run finished after being reaped; its result was not recorded');
      // A run that found nothing to do (a drain of an empty queue, every minute) is no news.
      else if (outcome.status === 'succeeded') logger[outcome.processed > 0 || run.manual ? 'info' : 'debug'](log, 'task run succeeded');
      else logger.warn(log, `task run ${outcome.status}`);
    } catch (err) {
      logger.error({ err, runId: run.runId }, 'could not record the end of a task run; it will be reaped');
    }
  }

  function start(run: ClaimedRun): void {
    logger.debug({ runId: run.runId, taskId: run.taskId, task: run.description, dueAt: run.dueAt, manual: run.manual }, 'task run started');
    executingTypes.set(run.runId, run.type);
    const done = execute(run).finally(() => {
      executions.delete(run.runId);
      executingTypes.delete(run.runId);
    });
    executions.set(run.runId, done);
  }

  async function once(): Promise<void> {
    try {
      const reaped = await reapStaleRuns(db, staleAfterMs);
      for (const r of reaped) logger.warn({ runId: r.id, taskId: r.taskId, owner: r.owner }, 'task run abandoned: its process stopped responding');
      for (const chore of options.chores ?? []) {
        await chore(db, logger).catch((err: unknown) => logger.warn({ err }, 'scheduler chore failed; retrying next tick'));
      }
      if (options.housekeeping && Date.now() - housekeptAt >= housekeepingMs) {
        housekeptAt = Date.now();
        await options.housekeeping(db).catch((err: unknown) => logger.warn({ err }, 'housekeeping failed; retrying next time'));
      }
      if (stopped || options.claimDue === false) return;
      const busy = new Set(executingTypes.values());
      const claimable = types.names.filter((t) => !(busy.has(t) && singleTypes.includes(t)));
      const claimed = await claimDueRuns(db, { now: now(), timezone, owner, types: claimable, onePerType: singleTypes });
      for (const run of claimed) start(run);
    } catch (err) {
      logger.error({ err }, 'scheduler tick failed; retrying next tick');
    }
  }

  function tick(): Promise<void> {
    const next = chain.then(once);
    chain = next;
    return next;
  }

  function loop(): void {
    if (stopped) return;
    timer = setTimeout(() => void tick().finally(loop), tickMs);
  }

  void tick().finally(loop);

  return {
    owner,
    tick,
    async idle() {
      while (executions.size > 0) await Promise.all(executions.values());
    },
    async runNow(taskId, requestedBy, runOptions) {
      if (stopped) throw new AppError('CONFLICT', 'The scheduler is stopping; try again in a moment', undefined, notice('scheduler_stopping'));
      const run = await claimManualRun(db, {
        taskId,
        requestedBy,
        owner,
        now: now(),
        types: types.names,
        ...(runOptions ? { options: runOptions } : {}),
      });
      start(run);
      return run.runId;
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      clearTimeout(timer);
      stopping.abort(new Error('scheduler stopped'));
      await chain;
      const running = Promise.all(executions.values()).then(() => true);
      const limit = new Promise<false>((resolve) => setTimeout(() => resolve(false), options.stopTimeoutMs ?? 30_000).unref());
      if (!(await Promise.race([running, limit]))) {
        logger.warn({ runs: [...executions.keys()] }, 'task runs did not stop in time; another process will reap them');
      }
    },
  };
}
