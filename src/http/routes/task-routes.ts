/**
 * Ferramentas › Agenda de tarefas (src/tasks/contract.ts): anyone signed in sees the tasks, their types and run
 * history; operators preview a schedule and press **Executar agora**; admins create, change and delete tasks. The
 * types are the ones the composition root gave this process (`ctx.tasks`); Executar agora runs here, through the
 * scheduler it hands in as `ctx.scheduler`.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { recordAudit } from '../../audit/audit.js';
import { tasksContract } from '../../tasks/contract.js';
import { nextRuns, parseSchedule } from '../../tasks/cron.js';
import { createTask, deleteTask, getTask, listTaskRuns, listTasks, type ScheduledTask, updateTask } from '../../tasks/tasks.js';
import { describeTaskType } from '../../tasks/types.js';
import { actorOf, userOf } from '../auth.js';
import type { AppContext } from '../context.js';
import { serve } from '../endpoint.js';

export function taskRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  const rules = () => ({ types: ctx.tasks, timezone: ctx.config.AVISA_TIMEZONE });
  /** A task as the API shows it: with its type's label. */
  const shown = (task: ScheduledTask) => ({ ...task, typeLabel: ctx.tasks.label(task.type) });
  return async (app) => {
    serve(app, tasksContract.list, async () => ({ tasks: (await listTasks(ctx.db)).map(shown) }));

    serve(app, tasksContract.types, async () => ({ types: ctx.tasks.list.map(describeTaskType) }));

    serve(app, tasksContract.preview, async (request) => {
      const parsed = parseSchedule(request.body);
      if (!parsed.ok) return { valid: false as const, errors: parsed.errors };
      const timezone = ctx.config.AVISA_TIMEZONE;
      return { valid: true as const, fields: parsed.fields, timezone, nextRuns: nextRuns(parsed.fields, timezone, new Date(), 5) };
    });

    serve(app, tasksContract.get, async (request) => ({ task: shown(await getTask(ctx.db, request.params.id)) }));

    serve(app, tasksContract.create, async (request, reply) => {
      const task = await createTask(ctx.db, rules(), userOf(request).id, request.body);
      await recordAudit(ctx.db, actorOf(request), 'task.create', { entity: 'task', entityId: task.id, details: request.body });
      return reply.status(201).send({ task: shown(task) });
    });

    serve(app, tasksContract.update, async (request) => {
      const task = await updateTask(ctx.db, rules(), request.params.id, request.body);
      await recordAudit(ctx.db, actorOf(request), 'task.update', { entity: 'task', entityId: task.id, details: request.body });
      return { task: shown(task) };
    });

    serve(app, tasksContract.remove, async (request, reply) => {
      const removed = await deleteTask(ctx.db, request.params.id);
      await recordAudit(ctx.db, actorOf(request), 'task.delete', {
        entity: 'task',
        entityId: removed.id,
        details: { description: removed.description, type: removed.type },
      });
      return reply.status(204).send(null);
    });

    serve(app, tasksContract.run, async (request, reply) => {
      const runId = await ctx.scheduler.runNow(request.params.id, userOf(request).username);
      await recordAudit(ctx.db, actorOf(request), 'task.run', { entity: 'task', entityId: request.params.id, details: { runId } });
      return reply.status(202).send({ runId });
    });

    serve(app, tasksContract.runs, async (request) => ({
      ...(await listTaskRuns(ctx.db, request.params.id, request.query)),
      page: request.query.page,
      pageSize: request.query.pageSize,
    }));
  };
}
