import { sql } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { type Database, type Db, openDatabase, queryRows } from '../db/database.js';
import { scheduledTasks, taskRuns } from '../db/schema/tasks.js';
import { createLogger } from '../log/logger.js';
import { aborted } from '../shared/abort.js';
import { AppError } from '../shared/errors.js';
import { backends, directUrlOf } from '../test-support/databases.js';
import { type Scheduler, type SchedulerOptions, startScheduler } from './scheduler.js';
import { createTask, getTask, getTaskRun } from './tasks.js';
import { type TaskContext, type TaskResult, taskType, taskTypes } from './types.js';

const SP = 'America/Sao_Paulo';
const logger = createLogger({ level: 'silent' });
const key = Buffer.alloc(32, 7);

type TestOptions = { size: number };
/** What the test task type does; each test sets it. */
let behaviour: (ctx: TaskContext, options: TestOptions) => Promise<TaskResult> = async () => ({ processed: 1, sent: 1, failed: 0 });
/** The only type these schedulers know: nothing is registered anywhere else. */
const types = taskTypes([
  taskType<TestOptions>({
    type: 'test_job',
    label: { 'pt-BR': 'Tarefa de teste', en: 'Test task' },
    optionsSchema: z.strictObject({ size: z.number().int().min(1).default(1) }),
    run: (ctx, options) => behaviour(ctx, options),
  }),
  taskType<TestOptions>({
    type: 'test_drain',
    label: { 'pt-BR': 'Drenagem de teste', en: 'Test drain' },
    optionsSchema: z.strictObject({ size: z.number().int().min(1).default(1) }),
    onePerProcess: true,
    run: (ctx, options) => behaviour(ctx, options),
  }),
]);

/** A promise with its resolve function, to let a test and a task wait on each other. */
function gate<T = void>() {
  let open!: (value: T) => void;
  const promise = new Promise<T>((resolve) => {
    open = resolve;
  });
  return { promise, open };
}

async function waitFor(check: () => Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

const runsOf = (db: Db, taskId: number) =>
  queryRows<{ id: number; due_at: Date; status: string; owner: string; error: string | null }>(
    db,
    sql`select id, due_at, status, owner, error from task_runs where task_id = ${taskId} order by due_at`,
  );

describe.each(backends)('scheduler on $name', (backend) => {
  let database: Database;
  /** Databases the racing schedulers use: on PostgreSQL each its own connection pool, on PGlite the same one. */
  const extra: Database[] = [];
  let schedulerDbs: Db[] = [];
  const started: Scheduler[] = [];
  let clock = new Date('2026-03-02T13:29:30Z');

  const start = (db: Db, options: Partial<SchedulerOptions> = {}) => {
    const scheduler = startScheduler({ db, types, secretKey: key, timezone: SP, logger, tickMs: 60_000, staleAfterMs: 600_000, now: () => clock, ...options });
    started.push(scheduler);
    return scheduler;
  };
  const task = (description: string, fields: Record<string, string> = {}) =>
    createTask(database.db, { types, timezone: SP, now: clock }, null, { type: 'test_job', description, ...fields });

  beforeAll(async () => {
    database = await backend.open();
    schedulerDbs = [database.db, database.db, database.db];
    if (backend.name === 'postgres') {
      const url = await directUrlOf(database.db);
      for (let i = 0; i < 3; i += 1) extra.push(await openDatabase({ url }));
      schedulerDbs = extra.map((d) => d.db);
    }
  });
  afterAll(async () => {
    for (const d of extra) await d.close();
    await database?.close();
  });
  beforeEach(async () => {
    clock = new Date('2026-03-02T13:29:30Z'); // a Monday, 10:29:30 in São Paulo
    behaviour = async () => ({ processed: 1, sent: 1, failed: 0 });
    await database.db.delete(scheduledTasks);
  });
  afterEach(async () => {
    await Promise.all(started.splice(0).map((s) => s.stop()));
  });

  it('claims each due time exactly once with 3 schedulers racing, and runs a missed stretch once', async () => {
    const tasks = await Promise.all(['A', 'B', 'C', 'D'].map((d) => task(`Cada minuto ${d}`)));
    const schedulers = schedulerDbs.map((db) => start(db));
    const tickAll = async () => {
      await Promise.all(schedulers.map((s) => s.tick()));
      await Promise.all(schedulers.map((s) => s.idle()));
    };
    await tickAll();
    expect(await runsOf(database.db, tasks[0]!.id)).toEqual([]); // 10:29:30: nothing due yet

    for (let minute = 0; minute < 6; minute += 1) {
      clock = new Date(Date.parse('2026-03-02T13:30:00.250Z') + minute * 60_000);
      await tickAll();
      await tickAll(); // a second round in the same minute finds nothing new
    }
    for (const t of tasks) {
      const runs = await runsOf(database.db, t.id);
      expect(runs.map((r) => new Date(r.due_at).toISOString())).toEqual(
        [0, 1, 2, 3, 4, 5].map((m) => new Date(Date.parse('2026-03-02T13:30:00Z') + m * 60_000).toISOString()),
      );
      expect(runs.every((r) => r.status === 'succeeded')).toBe(true);
    }

    // all three were down from 10:36 to 10:50: one run for the missed stretch, then the next future minute
    clock = new Date('2026-03-02T13:50:10Z');
    await tickAll();
    await tickAll();
    const runs = await runsOf(database.db, tasks[0]!.id);
    expect(runs).toHaveLength(7);
    expect(new Date(runs[6]!.due_at).toISOString()).toBe('2026-03-02T13:36:00.000Z');
    const [row] = await database.db.select({ next: scheduledTasks.nextRunAt }).from(scheduledTasks).where(sql`id = ${tasks[0]!.id}`);
    expect(row?.next?.toISOString()).toBe('2026-03-02T13:51:00.000Z');
  });

  it('spreads the tasks of a one-per-process type over the processes, and runs them one at a time in a lone process', async () => {
    const drains = await Promise.all(['1', '2', '3'].map((n) => createTask(database.db, { types, timezone: SP, now: clock }, null, { type: 'test_drain', description: `Fila ${n}` })));
    const release = gate();
    const owners: string[] = [];
    behaviour = async (ctx) => {
      owners.push(ctx.owner);
      await release.promise;
      return { processed: 1, sent: 1, failed: 0 };
    };
    clock = new Date('2026-03-02T13:30:00.250Z');
    const schedulers = schedulerDbs.map((db) => start(db));
    for (let round = 0; round < 3; round += 1) await Promise.all(schedulers.map((s) => s.tick()));
    expect(owners).toHaveLength(3); // all three running at once…
    expect(new Set(owners)).toEqual(new Set(schedulers.map((s) => s.owner))); // …one in each process
    release.open();
    await Promise.all(schedulers.map((s) => s.idle()));
    await Promise.all(started.splice(0).map((s) => s.stop()));

    // one process alone: the next due minute's three runs go one after the other
    owners.length = 0;
    const running: string[] = [];
    let most = 0;
    behaviour = async (ctx) => {
      owners.push(ctx.owner);
      running.push(ctx.owner);
      most = Math.max(most, running.length);
      await new Promise((r) => setTimeout(r, 20));
      running.pop();
      return { processed: 1, sent: 1, failed: 0 };
    };
    clock = new Date('2026-03-02T13:31:00.250Z');
    const lone = start(database.db);
    for (let round = 0; round < 3; round += 1) {
      await lone.tick();
      await lone.idle();
    }
    expect(owners).toHaveLength(3);
    expect(most).toBe(1);
    for (const d of drains) expect((await runsOf(database.db, d.id)).map((r) => r.status)).toEqual(['succeeded', 'succeeded']);
  });

  it('reaps a run whose process stopped responding, does its chores (one failing), and then runs the task again', async () => {
    const t = await task('Travou');
    clock = new Date('2026-03-02T13:30:05Z');
    await database.db.insert(taskRuns).values({
      taskId: t.id,
      dueAt: new Date('2026-03-02T13:20:00Z'),
      status: 'running',
      owner: 'morto:1:abc',
      heartbeatAt: sql`now() - interval '10 seconds'` as never,
    });
    let sweeps = 0;
    const other = start(schedulerDbs[1]!, {
      tickMs: 20_000,
      staleAfterMs: 60_000,
      chores: [
        async () => {
          throw new Error('the sweep failed');
        },
        async () => {
          sweeps += 1;
        },
      ],
    });
    await other.tick();
    expect(sweeps).toBeGreaterThanOrEqual(1);
    // fresh heartbeat: not reaped, and the task's due run waits (never two runs of one task at once)
    expect((await runsOf(database.db, t.id)).map((r) => r.status)).toEqual(['running']);

    await database.db.update(taskRuns).set({ heartbeatAt: sql`now() - interval '2 minutes'` as never });
    await other.tick();
    await other.idle();
    const runs = await runsOf(database.db, t.id);
    expect(runs.map((r) => [r.status, r.owner, r.error])).toEqual([
      ['abandoned', 'morto:1:abc', [{ code: 'task_abandoned' }]],
      ['succeeded', other.owner, null],
    ]);
    expect(new Date(runs[1]!.due_at).toISOString()).toBe('2026-03-02T13:30:00.000Z');
  });

  it('stops a run that another process reaped instead of finishing it twice', async () => {
    const t = await task('Tomada');
    const started = gate();
    const stoppedWith = gate<string>();
    behaviour = async (ctx) => {
      started.open();
      await aborted(ctx.signal);
      stoppedWith.open(String((ctx.signal.reason as Error).message));
      return { processed: 9, sent: 9, failed: 0 };
    };
    const owner = start(schedulerDbs[0]!, { tickMs: 20, staleAfterMs: 60_000 });
    const runId = await owner.runNow(t.id, 'maria');
    await started.promise;
    await database.db.update(taskRuns).set({ status: 'abandoned', error: [{ code: 'task_abandoned' }] }).where(sql`id = ${runId}`);
    expect(await stoppedWith.promise).toBe('run reaped by another process');
    await owner.idle();
    expect(await getTaskRun(database.db, runId)).toMatchObject({ status: 'abandoned', errors: [{ code: 'task_abandoned' }], processed: 0 });
  });

  it('stop() aborts a running task, which records how far it got', async () => {
    const t = await task('Longa');
    const started = gate();
    behaviour = async (ctx) => {
      ctx.progress({ processed: 2, sent: 2, failed: 0 });
      started.open();
      await aborted(ctx.signal);
      return { processed: 3, sent: 2, failed: 1, details: { stoppedBy: 'aborted' } };
    };
    const scheduler = start(schedulerDbs[0]!);
    const runId = await scheduler.runNow(t.id, 'maria');
    await started.promise;
    await scheduler.stop();
    const run = await getTaskRun(database.db, runId);
    expect(run).toMatchObject({ status: 'abandoned', errors: [{ code: 'task_interrupted' }], processed: 3, sent: 2, failed: 1, details: { stoppedBy: 'aborted' } });
    expect(run.finishedAt).not.toBeNull();
    await expect(scheduler.runNow(t.id, 'maria')).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  it('Executar agora: runs in the calling process, saves progress on the heartbeat, refuses a second run meanwhile', async () => {
    const t = await task('Manual', { minute: '30' }); // due at 10:30
    const release = gate();
    behaviour = async (ctx) => {
      ctx.progress({ processed: 7, sent: 6, failed: 1 });
      await release.promise;
      return { processed: 10, sent: 8, failed: 2, details: { note: 'ok' } };
    };
    const [a, b] = [start(schedulerDbs[0]!, { tickMs: 20, staleAfterMs: 60_000 }), start(schedulerDbs[1]!)];
    const runId = await a.runNow(t.id, 'maria');
    await waitFor(async () => (await getTaskRun(database.db, runId)).processed === 7, 'the heartbeat to save progress');
    expect(await getTaskRun(database.db, runId)).toMatchObject({ manual: true, requestedBy: 'maria', owner: a.owner, status: 'running', sent: 6 });
    const second = await b.runNow(t.id, 'joao').catch((e: unknown) => e);
    expect(second).toBeInstanceOf(AppError);
    expect(second).toMatchObject({ code: 'CONFLICT' });
    clock = new Date('2026-03-02T13:30:01Z');
    await b.tick(); // the 10:30 run waits while the manual one runs
    expect(await runsOf(database.db, t.id)).toHaveLength(1);

    release.open();
    await a.idle();
    expect(await getTaskRun(database.db, runId)).toMatchObject({ status: 'succeeded', processed: 10, sent: 8, failed: 2, details: { note: 'ok' } });
    await b.tick();
    // the 10:30 run is now claimed by b, or by a's own 20 ms ticks: whichever did, it finishes
    await waitFor(async () => (await runsOf(database.db, t.id)).map((r) => r.status).join() === 'succeeded,succeeded', 'the 10:30 run');
    await expect(a.runNow(999_999, 'maria')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('a run knows its own id and takes the options given to Executar agora for it alone', async () => {
    const t = await task('Com opções');
    const seen: { runId: number; size: number }[] = [];
    behaviour = async (ctx, options) => {
      seen.push({ runId: ctx.runId, size: options.size });
      return { processed: options.size, sent: 0, failed: 0 };
    };
    const scheduler = start(schedulerDbs[0]!);
    const plain = await scheduler.runNow(t.id, 'maria');
    await scheduler.idle();
    const bigger = await scheduler.runNow(t.id, 'maria', { size: 5 });
    await scheduler.idle();
    expect(seen).toEqual([
      { runId: plain, size: 1 },
      { runId: bigger, size: 5 },
    ]);
    expect((await getTask(database.db, t.id)).options).toEqual({ size: 1 }); // the task keeps its own
    const wrong = await scheduler.runNow(t.id, 'maria', { size: 0 });
    await scheduler.idle();
    expect(await getTaskRun(database.db, wrong)).toMatchObject({
      status: 'failed',
      errors: [{ code: 'unexpected_error', detail: expect.stringMatching(/^options\.size: /) }],
    });
    expect(seen).toHaveLength(2);
  });

  it('records a thrown error or a reported one as a failed run', async () => {
    const t = await task('Falha');
    const scheduler = start(schedulerDbs[0]!);
    behaviour = async (ctx) => {
      ctx.progress({ processed: 4, sent: 3, failed: 1 });
      throw new Error('Opa! Suite fora do ar');
    };
    const thrown = await scheduler.runNow(t.id, 'maria');
    await scheduler.idle();
    expect(await getTaskRun(database.db, thrown)).toMatchObject({
      status: 'failed',
      errors: [{ code: 'unexpected_error', detail: 'Opa! Suite fora do ar' }],
      processed: 4,
      sent: 3,
    });
    const refused = { code: 'provider_said' as const, detail: '401 token inválido', subject: 'Opa Suite' };
    behaviour = async () => ({ processed: 1, sent: 0, failed: 1, errors: [refused] });
    const reported = await scheduler.runNow(t.id, 'maria');
    await scheduler.idle();
    expect(await getTaskRun(database.db, reported)).toMatchObject({ status: 'failed', errors: [refused], failed: 1 });
  });

  it('leaves tasks of a type it does not know to a process that knows it', async () => {
    const [row] = await database.db
      .insert(scheduledTasks)
      .values({ type: 'sync_future', description: 'Futuro', minute: '*', hour: '*', dayOfMonth: '*', month: '*', dayOfWeek: '*', options: {}, nextRunAt: new Date('2026-03-02T13:00:00Z') })
      .returning({ id: scheduledTasks.id });
    const scheduler = start(schedulerDbs[0]!);
    clock = new Date('2026-03-02T13:30:00Z');
    await scheduler.tick();
    expect(await runsOf(database.db, row!.id)).toEqual([]);
    await expect(scheduler.runNow(row!.id, 'maria')).rejects.toMatchObject({ code: 'VALIDATION', field: 'type' });
  });

  it('says one line per run that did something (or was asked for), none for an empty scheduled run', async () => {
    const said: { level: string; msg: string }[] = [];
    const record = (level: string) => (...args: unknown[]) => {
      said.push({ level, msg: String(args[1]) });
    };
    const listener = { debug: record('debug'), info: record('info'), warn: record('warn'), error: record('error') };
    const t = await task('Cada minuto');
    const scheduler = start(schedulerDbs[0]!, { logger: listener });
    behaviour = async () => ({ processed: 0, sent: 0, failed: 0 });
    clock = new Date('2026-03-02T13:30:00.250Z');
    await scheduler.tick();
    await scheduler.idle();
    expect(said.filter((l) => l.level !== 'debug')).toEqual([]); // a drain of an empty queue, every minute: no news
    behaviour = async () => ({ processed: 3, sent: 3, failed: 0 });
    clock = new Date('2026-03-02T13:31:00.250Z');
    await scheduler.tick();
    await scheduler.idle();
    await scheduler.runNow(t.id, 'maria');
    await scheduler.idle();
    expect(said.filter((l) => l.level !== 'debug')).toEqual([
      { level: 'info', msg: 'task run succeeded' },
      { level: 'info', msg: 'task run succeeded' },
    ]);
  });
});
