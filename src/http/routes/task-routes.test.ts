import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { installationTaskTypes } from '../../app/task-types.js';
import { listAudit } from '../../audit/audit.js';
import { scheduledTasks } from '../../db/schema/tasks.js';
import { createLogger } from '../../log/logger.js';
import { ensureDrainTasks } from '../../queue/default-drain-tasks.js';
import { type Scheduler, startScheduler } from '../../tasks/scheduler.js';
import { taskType, taskTypes } from '../../tasks/types.js';
import { backends } from '../../test-support/databases.js';
import { type Method, openRouteApp, type Role, type RouteApp } from '../../test-support/route-app.js';
import { noticeText } from '../../shared/notice-text.js';

let release: () => void = () => {};
const testJob = taskType<{ size: number }>({
  type: 'test_route_job',
  label: { 'pt-BR': 'Tarefa de teste', en: 'Test task' },
  optionsSchema: z.strictObject({ size: z.number().int().min(1).default(3) }),
  run: async (_ctx, options) => {
    await new Promise<void>((resolve) => {
      release = resolve;
    });
    return { processed: options.size, sent: options.size, failed: 0 };
  },
});
/** What this app knows: the installation's types and one more, handed in — nothing registered globally. */
const tasks = taskTypes([...installationTaskTypes().list, testJob]);

describe.each(backends)('Agenda de tarefas API on $name', (backend) => {
  let t: RouteApp;
  let scheduler: Scheduler;

  beforeAll(async () => {
    const env = { AVISA_TIMEZONE: 'America/Sao_Paulo' };
    t = await openRouteApp(backend, {
      env,
      tasks,
      scheduler: ({ db, tasks: types }) =>
        (scheduler = startScheduler({
          db,
          types,
          secretKey: Buffer.alloc(32),
          timezone: env.AVISA_TIMEZONE,
          logger: createLogger({ level: 'silent' }),
          tickMs: 60_000,
          staleAfterMs: 600_000,
        })),
    });
  });
  afterAll(async () => {
    release();
    await scheduler?.stop();
    await t?.close();
  });

  const call = (method: Method, url: string, who: Role, payload?: object) => t.call(method, url, who, payload);

  it('previews "7h30 on weekdays" as the next five weekday mornings, and lists every wrong field', async () => {
    const ok = await call('POST', '/api/tasks/preview', 'operator', { minute: '30', hour: '7', dayOfMonth: 'Todos', dayOfWeek: '1-5' });
    expect(ok.statusCode).toBe(200);
    const body = ok.json();
    expect(body).toMatchObject({ valid: true, timezone: 'America/Sao_Paulo', fields: { minute: '30', hour: '7', dayOfMonth: '*', month: '*', dayOfWeek: '1-5' } });
    expect(body.nextRuns).toHaveLength(5);
    for (const at of body.nextRuns as string[]) {
      const d = new Date(at);
      expect([d.getUTCHours(), d.getUTCMinutes()]).toEqual([10, 30]); // 07:30 at UTC−3
      expect([1, 2, 3, 4, 5]).toContain(d.getUTCDay());
      expect(d.getTime()).toBeGreaterThan(Date.now());
    }
    const bad = await call('POST', '/api/tasks/preview', 'operator', { minute: 'x', hour: '25' });
    expect(bad.json()).toEqual({
      valid: false,
      errors: [
        { field: 'minute', message: 'minute: "x" is not a number' },
        { field: 'hour', message: 'hour: 25 is out of range 0–23' },
      ],
    });
    expect((await call('POST', '/api/tasks/preview', 'viewer', {})).statusCode).toBe(403);
  });

  it('lets admins create, change and delete tasks, naming the wrong field, and audits each change', async () => {
    const types = (await call('GET', '/api/tasks/types', 'viewer')).json().types as { type: string; label: { 'pt-BR': string }; defaults: object }[];
    expect(types.find((t) => t.type === 'drain_sms')).toMatchObject({ label: { 'pt-BR': 'Envia SMS da Fila' }, defaults: { budgetSeconds: 300, maxAttempts: 5, leaseSeconds: 60 } });
    expect(types.map((t) => t.type)).toContain('test_route_job');

    const input = { type: 'drain_whatsapp', description: 'WhatsApp manhã', minute: '30', hour: '7', dayOfWeek: '1-5' };
    expect((await call('POST', '/api/tasks', 'operator', input)).statusCode).toBe(403);
    const created = await call('POST', '/api/tasks', 'admin', input);
    expect(created.statusCode).toBe(201);
    const task = created.json().task;
    expect(task).toMatchObject({ typeLabel: 'Envia Mensagens Omnichannel da Fila', dayOfMonth: '*', createdBy: 'admin', enabled: true, lastRun: null });
    expect(new Date(task.nextRunAt).getUTCHours()).toBe(10);

    const badHour = await call('POST', '/api/tasks', 'admin', { ...input, description: 'Outra', hour: '25' });
    expect(badHour.statusCode).toBe(400);
    expect(badHour.json().error).toEqual({ code: 'VALIDATION', message: 'hour: 25 is out of range 0–23', field: 'hour' });
    const badOption = await call('POST', '/api/tasks', 'admin', { ...input, description: 'Outra', options: { budgetSeconds: 1 } });
    expect(badOption.json().error).toMatchObject({ code: 'VALIDATION', field: 'options.budgetSeconds' });
    expect((await call('POST', '/api/tasks', 'admin', { ...input, description: 'whatsapp MANHÃ' })).statusCode).toBe(409);

    const changed = await call('PUT', `/api/tasks/${task.id}`, 'admin', { enabled: false });
    expect(changed.json().task).toMatchObject({ enabled: false, nextRunAt: null });
    expect((await call('GET', '/api/tasks', 'viewer')).json().tasks).toHaveLength(1);
    expect((await call('DELETE', `/api/tasks/${task.id}`, 'admin')).statusCode).toBe(204);
    expect((await call('GET', `/api/tasks/${task.id}`, 'viewer')).statusCode).toBe(404);
    const actions = (await listAudit(t.database.db, { page: 1, pageSize: 50 })).entries.map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['task.create', 'task.update', 'task.delete']));
  });

  it('Executar agora: 202 with the run id, 409 while it runs, and the run in the history once done', async () => {
    const created = await call('POST', '/api/tasks', 'admin', { type: 'test_route_job', description: 'Teste manual', options: { size: 4 } });
    const id = created.json().task.id;
    expect((await call('POST', `/api/tasks/${id}/run`, 'viewer')).statusCode).toBe(403);
    const started = await call('POST', `/api/tasks/${id}/run`, 'operator');
    expect(started.statusCode).toBe(202);
    const runId = started.json().runId;
    const again = await call('POST', `/api/tasks/${id}/run`, 'operator');
    expect(again.statusCode).toBe(409);
    // the screens say it in the reader's language from the notice
    expect(again.json().error.notice).toEqual({ code: 'task_already_running', params: { task: 'Teste manual', run: runId } });
    expect(noticeText(again.json().error.notice, 'pt-BR')).toBe(`A tarefa “Teste manual” já está em execução (execução ${runId}): espere ela terminar`);
    expect((await call('POST', '/api/tasks/999999/run', 'operator')).statusCode).toBe(404);

    release();
    await scheduler.idle();
    const history = await call('GET', `/api/tasks/${id}/runs?page=1&pageSize=10`, 'viewer');
    expect(history.statusCode).toBe(200);
    expect(history.json()).toMatchObject({
      total: 1,
      page: 1,
      pageSize: 10,
      runs: [{ id: runId, manual: true, requestedBy: 'operator', status: 'succeeded', processed: 4, sent: 4, failed: 0 }],
    });
    expect((await call('GET', `/api/tasks/${id}`, 'viewer')).json().task.lastRun).toMatchObject({ id: runId, status: 'succeeded' });
    expect((await call('GET', `/api/tasks/${id}/runs?pageSize=500`, 'viewer')).statusCode).toBe(400);
  });

  it('labels a stored task whose type this process does not know with the type itself', async () => {
    const [row] = await t.database.db
      .insert(scheduledTasks)
      .values({ type: 'sync_future', description: 'Do futuro', minute: '*', hour: '*', dayOfMonth: '*', month: '*', dayOfWeek: '*', options: {}, enabled: false })
      .returning({ id: scheduledTasks.id });
    expect((await call('GET', `/api/tasks/${row!.id}`, 'viewer')).json().task).toMatchObject({ type: 'sync_future', typeLabel: 'sync_future' });
    expect((await call('POST', `/api/tasks/${row!.id}/run`, 'operator')).json().error).toMatchObject({ code: 'VALIDATION', field: 'type' });
    expect((await call('DELETE', `/api/tasks/${row!.id}`, 'admin')).statusCode).toBe(204);
  });

  it("the first active integration of a channel enables its default drain; an inactive one or another channel's does not", async () => {
    await ensureDrainTasks(t.database.db, 'America/Sao_Paulo');
    const drains = async () =>
      Object.fromEntries(((await call('GET', '/api/tasks', 'viewer')).json().tasks as { type: string; enabled: boolean }[]).map((x) => [x.type, x.enabled]));
    expect(await drains()).toMatchObject({ drain_whatsapp: false, drain_email: false, drain_sms: false });

    const sms = { kind: 'smsdev', description: 'SMS Dev', config: { baseUrl: 'http://127.0.0.1:9' }, secret: 'chave-teste' };
    const inactive = await call('POST', '/api/integrations', 'admin', { ...sms, active: false });
    expect(inactive.statusCode).toBe(201);
    expect(await drains()).toMatchObject({ drain_sms: false });
    const activated = await call('PUT', `/api/integrations/${inactive.json().integration.id}`, 'admin', { kind: 'smsdev', active: true });
    expect(activated.statusCode).toBe(200);
    expect(await drains()).toMatchObject({ drain_whatsapp: false, drain_email: false, drain_sms: true });
    const audit = (await listAudit(t.database.db, { page: 1, pageSize: 5 })).entries.find((e) => e.action === 'task.update');
    expect(audit).toMatchObject({ actor: 'system', details: { enabled: true, integrationId: inactive.json().integration.id } });
  });
});
