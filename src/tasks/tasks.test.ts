import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../auth/users.js';
import type { Database } from '../db/database.js';
import { taskRuns } from '../db/schema/tasks.js';
import { AppError } from '../shared/errors.js';
import { installationTaskTypes } from '../app/task-types.js';
import { backends } from '../test-support/databases.js';
import { createTask, deleteTask, getTask, listTaskRuns, listTasks, updateTask } from './tasks.js';

const SP = 'America/Sao_Paulo';
/** Friday 2026-03-06, 08:00 in São Paulo. */
const FRIDAY_8H = new Date('2026-03-06T11:00:00Z');
const clock = { types: installationTaskTypes(), timezone: SP, now: FRIDAY_8H };

async function rejection(promise: Promise<unknown>): Promise<AppError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(err instanceof AppError)) throw new Error(`expected an AppError, got ${String(err)}`);
  return err;
}

describe.each(backends)('Agenda de tarefas repository on $name', (backend) => {
  let database: Database;
  let userId: number;
  beforeAll(async () => {
    database = await backend.open();
    userId = (await createUser(database.db, { username: 'maria', name: 'Maria', role: 'admin', password: 'correct horse battery' })).id;
  });
  afterAll(async () => {
    await database?.close();
  });

  it('saves "7h30 on weekdays" with the other fields Todos and schedules it for Monday 07:30', async () => {
    const task = await createTask(database.db, clock, userId, {
      type: 'drain_whatsapp',
      description: 'Envio WhatsApp manhã',
      minute: '30',
      hour: '7',
      dayOfMonth: 'Todos',
      month: '',
      dayOfWeek: '1-5',
    });
    expect(task).toMatchObject({
      type: 'drain_whatsapp',
      minute: '30',
      hour: '7',
      dayOfMonth: '*',
      month: '*',
      dayOfWeek: '1-5',
      enabled: true,
      options: { budgetSeconds: 300, maxAttempts: 5, leaseSeconds: 60 },
      createdBy: 'maria',
      lastRun: null,
    });
    expect(task.nextRunAt?.toISOString()).toBe('2026-03-09T10:30:00.000Z');
    expect((await listTasks(database.db)).map((t) => t.description)).toContain('Envio WhatsApp manhã');
  });

  it('stores ranges, lists and steps as typed and validates each field by name', async () => {
    const task = await createTask(database.db, clock, null, {
      type: 'drain_email',
      description: 'E-mails a cada 15 min',
      minute: '*/15',
      hour: '8-18',
      dayOfMonth: '1,15',
      dayOfWeek: undefined,
      options: { budgetSeconds: 60 },
    });
    expect(task).toMatchObject({ minute: '*/15', hour: '8-18', dayOfMonth: '1,15', month: '*', dayOfWeek: '*', createdBy: '' });
    expect(task.options).toEqual({ budgetSeconds: 60, maxAttempts: 5, leaseSeconds: 60 });
    expect(task.nextRunAt?.toISOString()).toBe('2026-03-15T11:00:00.000Z'); // the 15th, 08:00 São Paulo

    const badHour = await rejection(createTask(database.db, clock, null, { type: 'drain_sms', description: 'x', hour: '25' }));
    expect(badHour).toMatchObject({ code: 'VALIDATION', field: 'hour', message: 'hour: 25 is out of range 0–23' });
    const badType = await rejection(createTask(database.db, clock, null, { type: 'drain_fax', description: 'x' }));
    expect(badType).toMatchObject({ code: 'VALIDATION', field: 'type' });
    const badOption = await rejection(
      createTask(database.db, clock, null, { type: 'drain_sms', description: 'x', options: { maxAttempts: 0 } }),
    );
    expect(badOption).toMatchObject({ code: 'VALIDATION', field: 'options.maxAttempts' });
    const taken = await rejection(createTask(database.db, clock, null, { type: 'drain_sms', description: 'e-MAILS A CADA 15 MIN' }));
    expect(taken).toMatchObject({ code: 'CONFLICT', field: 'description' });
  });

  it('reschedules from now on a new schedule or re-enable, keeps the due time on other edits, and clears it while disabled', async () => {
    const task = await createTask(database.db, clock, null, { type: 'drain_sms', description: 'SMS de hora em hora', minute: '0' });
    expect(task.nextRunAt?.toISOString()).toBe('2026-03-06T12:00:00.000Z');
    const later = { ...clock, now: new Date('2026-03-06T13:10:00Z') };
    const renamed = await updateTask(database.db, later, task.id, { description: 'SMS horário', minute: '0', hour: 'Todos', options: {} });
    expect(renamed.nextRunAt?.toISOString()).toBe('2026-03-06T12:00:00.000Z'); // still due: a rename must not skip it
    const disabled = await updateTask(database.db, later, task.id, { enabled: false });
    expect(disabled.nextRunAt).toBeNull();
    const enabled = await updateTask(database.db, later, task.id, { enabled: true });
    expect(enabled.nextRunAt?.toISOString()).toBe('2026-03-06T14:00:00.000Z');
    const moved = await updateTask(database.db, later, task.id, { minute: '30', hour: '7', dayOfWeek: '1-5' });
    expect(moved.nextRunAt?.toISOString()).toBe('2026-03-09T10:30:00.000Z');
    const wrong = await rejection(updateTask(database.db, later, task.id, { dayOfWeek: '1-9' }));
    expect(wrong).toMatchObject({ field: 'dayOfWeek', message: 'dayOfWeek: 9 is out of range 0–7' });
    const retyped = await rejection(updateTask(database.db, later, task.id, { type: 'drain_email', options: { foo: 1 } }));
    expect(retyped.field).toBe('options.foo');
    expect(await updateTask(database.db, later, task.id, { type: 'drain_email' })).toMatchObject({ type: 'drain_email', options: { budgetSeconds: 300 } });
    expect(await rejection(updateTask(database.db, later, 999_999, { enabled: false }))).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('pages the run history newest first, shows the last run, and refuses to delete a running task', async () => {
    const task = await createTask(database.db, clock, null, { type: 'drain_sms', description: 'Histórico' });
    const base = Date.parse('2026-03-06T11:00:00Z');
    await database.db.insert(taskRuns).values(
      Array.from({ length: 25 }, (_, i) => ({
        taskId: task.id,
        dueAt: new Date(base + i * 60_000),
        startedAt: new Date(base + i * 60_000),
        finishedAt: new Date(base + i * 60_000 + 5000),
        status: i % 5 === 4 ? 'failed' : 'succeeded',
        processed: i,
        sent: i,
        error: i % 5 === 4 ? [{ code: 'provider_said' as const, detail: '401', subject: 'Opa' }] : null,
      })),
    );
    const first = await listTaskRuns(database.db, task.id, { page: 1, pageSize: 10 });
    expect(first.total).toBe(25);
    expect(first.runs.map((r) => r.processed)).toEqual([24, 23, 22, 21, 20, 19, 18, 17, 16, 15]);
    const third = await listTaskRuns(database.db, task.id, { page: 3, pageSize: 10 });
    expect(third.runs.map((r) => r.processed)).toEqual([4, 3, 2, 1, 0]);
    const failed = await listTaskRuns(database.db, task.id, { status: 'failed' });
    expect(failed).toMatchObject({ total: 5 });
    expect(failed.runs[0]).toMatchObject({ status: 'failed', errors: [{ code: 'provider_said', detail: '401', subject: 'Opa' }], manual: false });
    expect(first.runs[1]!.errors).toEqual([]); // 23: succeeded
    expect((await getTask(database.db, task.id)).lastRun).toMatchObject({ processed: 24, status: 'failed' });

    await database.db.insert(taskRuns).values({ taskId: task.id, dueAt: new Date(), status: 'running', owner: 'x' });
    expect(await rejection(deleteTask(database.db, task.id))).toMatchObject({ code: 'CONFLICT' });
  });

  it('deletes a task with its history', async () => {
    const task = await createTask(database.db, clock, null, { type: 'drain_sms', description: 'Para apagar' });
    await database.db.insert(taskRuns).values({ taskId: task.id, dueAt: new Date(), status: 'succeeded' });
    expect((await deleteTask(database.db, task.id)).description).toBe('Para apagar');
    expect(await rejection(getTask(database.db, task.id))).toMatchObject({ code: 'NOT_FOUND' });
    expect(await rejection(listTaskRuns(database.db, task.id))).toMatchObject({ code: 'NOT_FOUND' });
  });
});
