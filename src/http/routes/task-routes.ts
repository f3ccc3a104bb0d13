/**
 * Ferramentas › Agenda de tarefas: anyone signed in sees the tasks, their types and run history; operators preview
 * a schedule and press **Executar agora**; admins create, change and delete tasks. Executar agora runs in this
 * process, through the scheduler the composition root hands in as `ctx.scheduler`.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { recordAudit } from '../../audit/audit.js';
import { cronFieldNames, nextRuns, parseSchedule } from '../../tasks/cron.js';
import type { SchedulerHandle } from '../../tasks/scheduler.js';
import {
  createTask,
  deleteTask,
  getTask,
  listTaskRuns,
  listTasks,
  runPageSchema,
  taskInputSchema,
  taskPatchSchema,
  updateTask,
} from '../../tasks/tasks.js';
import { describeTaskType, listTaskTypes } from '../../tasks/types.js';
import { actorOf, userOf } from '../auth.js';
import type { AppContext } from '../context.js';
import { errorSchema, idParams } from './schemas.js';
import { taskRunStatuses } from '../../shared/vocabulary.js';

const tags = ['tasks'];
const statuses = taskRunStatuses;
const fieldName = z.enum(cronFieldNames);

export const taskRunSchema = z.object({
  id: z.number().int(),
  taskId: z.number().int(),
  dueAt: z.date(),
  manual: z.boolean(),
  requestedBy: z.string().nullable(),
  status: z.enum(statuses),
  owner: z.string().nullable(),
  startedAt: z.date(),
  heartbeatAt: z.date().nullable(),
  finishedAt: z.date().nullable(),
  processed: z.number().int(),
  sent: z.number().int(),
  failed: z.number().int(),
  error: z.string().nullable(),
  details: z.record(z.string(), z.unknown()).nullable(),
});

export const taskSchema = z.object({
  id: z.number().int(),
  type: z.string(),
  typeLabel: z.string(),
  description: z.string(),
  minute: z.string(),
  hour: z.string(),
  dayOfMonth: z.string(),
  month: z.string(),
  dayOfWeek: z.string(),
  enabled: z.boolean(),
  options: z.record(z.string(), z.unknown()),
  nextRunAt: z.date().nullable(),
  createdBy: z.string(),
  createdAt: z.date(),
  updatedAt: z.date(),
  lastRun: taskRunSchema.nullable(),
});

const taskTypeSchema = z.object({
  type: z.string(),
  label: z.object({ 'pt-BR': z.string(), en: z.string() }),
  defaults: z.record(z.string(), z.unknown()),
  optionsSchema: z.record(z.string(), z.unknown()),
});

const scheduleBody = z.strictObject(
  Object.fromEntries(cronFieldNames.map((f) => [f, z.string().max(100).nullable().optional()])) as Record<
    (typeof cronFieldNames)[number],
    z.ZodOptional<z.ZodNullable<z.ZodString>>
  >,
);

const previewSchema = z.union([
  z.object({
    valid: z.literal(true),
    fields: z.record(fieldName, z.string()),
    timezone: z.string(),
    nextRuns: z.array(z.date()),
  }),
  z.object({ valid: z.literal(false), errors: z.array(z.object({ field: fieldName, message: z.string() })) }),
]);

const one = z.object({ task: taskSchema });

export function taskRoutes(ctx: AppContext & { scheduler: SchedulerHandle }): FastifyPluginAsyncZod {
  const clock = () => ({ timezone: ctx.config.AVISA_TIMEZONE });
  return async (app) => {
    app.get(
      '/api/tasks',
      { config: { access: 'viewer' }, schema: { tags, response: { 200: z.object({ tasks: z.array(taskSchema) }) } } },
      async () => ({ tasks: await listTasks(ctx.db) }),
    );

    app.get(
      '/api/tasks/types',
      {
        config: { access: 'viewer' },
        schema: { tags, summary: 'Task types (Tarefa), with their options\' defaults and JSON Schema', response: { 200: z.object({ types: z.array(taskTypeSchema) }) } },
      },
      async () => ({ types: listTaskTypes().map(describeTaskType) }),
    );

    app.post(
      '/api/tasks/preview',
      {
        config: { access: 'operator' },
        schema: {
          tags,
          summary: 'Checks the five schedule fields; the next 5 run times in the installation\'s zone, or every field error',
          body: scheduleBody,
          response: { 200: previewSchema },
        },
      },
      async (request) => {
        const parsed = parseSchedule(request.body);
        if (!parsed.ok) return { valid: false as const, errors: parsed.errors };
        const timezone = ctx.config.AVISA_TIMEZONE;
        return { valid: true as const, fields: parsed.fields, timezone, nextRuns: nextRuns(parsed.fields, timezone, new Date(), 5) };
      },
    );

    app.get(
      '/api/tasks/:id',
      { config: { access: 'viewer' }, schema: { tags, params: idParams, response: { 200: one, 404: errorSchema } } },
      async (request) => ({ task: await getTask(ctx.db, request.params.id) }),
    );

    app.post(
      '/api/tasks',
      {
        config: { access: 'admin' },
        schema: { tags, body: taskInputSchema, response: { 201: one, 400: errorSchema, 409: errorSchema } },
      },
      async (request, reply) => {
        const task = await createTask(ctx.db, clock(), userOf(request).id, request.body);
        await recordAudit(ctx.db, actorOf(request), 'task.create', { entity: 'task', entityId: task.id, details: request.body });
        return reply.status(201).send({ task });
      },
    );

    app.put(
      '/api/tasks/:id',
      {
        config: { access: 'admin' },
        schema: { tags, params: idParams, body: taskPatchSchema, response: { 200: one, 400: errorSchema, 404: errorSchema, 409: errorSchema } },
      },
      async (request) => {
        const task = await updateTask(ctx.db, clock(), request.params.id, request.body);
        await recordAudit(ctx.db, actorOf(request), 'task.update', { entity: 'task', entityId: task.id, details: request.body });
        return { task };
      },
    );

    app.delete(
      '/api/tasks/:id',
      {
        config: { access: 'admin' },
        schema: { tags, params: idParams, response: { 204: z.null(), 404: errorSchema, 409: errorSchema } },
      },
      async (request, reply) => {
        const removed = await deleteTask(ctx.db, request.params.id);
        await recordAudit(ctx.db, actorOf(request), 'task.delete', {
          entity: 'task',
          entityId: removed.id,
          details: { description: removed.description, type: removed.type },
        });
        return reply.status(204).send(null);
      },
    );

    app.post(
      '/api/tasks/:id/run',
      {
        config: { access: 'operator' },
        schema: {
          tags,
          summary: 'Executar agora: starts a run in this process; follow it in GET /api/tasks/:id/runs',
          params: idParams,
          response: { 202: z.object({ runId: z.number().int() }), 400: errorSchema, 404: errorSchema, 409: errorSchema },
        },
      },
      async (request, reply) => {
        const user = userOf(request);
        const runId = await ctx.scheduler.runNow(request.params.id, user.username);
        await recordAudit(ctx.db, actorOf(request), 'task.run', { entity: 'task', entityId: request.params.id, details: { runId } });
        return reply.status(202).send({ runId });
      },
    );

    app.get(
      '/api/tasks/:id/runs',
      {
        config: { access: 'viewer' },
        schema: {
          tags,
          summary: 'Run history of a task, newest first',
          params: idParams,
          querystring: runPageSchema,
          response: {
            200: z.object({ runs: z.array(taskRunSchema), total: z.number().int(), page: z.number().int(), pageSize: z.number().int() }),
            404: errorSchema,
          },
        },
      },
      async (request) => ({ ...(await listTaskRuns(ctx.db, request.params.id, request.query)), page: request.query.page, pageSize: request.query.pageSize }),
    );
  };
}
