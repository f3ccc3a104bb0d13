/**
 * Fontes de status (src/ingest/contract.ts): admins create, change and delete sources and sync an IXC source now;
 * operators and viewers read them and their run history. Secrets go in, never out: responses carry `hasSecret` and
 * `secretHint`, and the audit trail only `secretChanged`.
 *
 * Sincronizar agora (`POST /api/sources/:id/sync`) is a manual run of the source's "Sincroniza IXC" task through
 * this process's scheduler (src/ingest/ixc-sync/source-task.ts): 202 with the task and run ids, the run followed
 * like any Executar agora, reaped if the process dies and stopped cleanly with it.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { recordAudit } from '../../audit/audit.js';
import { sourcesContract } from '../../ingest/contract.js';
import { parseSourceConfig, prepareSourceInput } from '../../ingest/ixc-sync/config.js';
import { sourceSyncTask } from '../../ingest/ixc-sync/source-task.js';
import { assertSourceActive, createSource, deleteSource, getSource, listRuns, listSources, saveSourceCursor, updateSource } from '../../ingest/sources.js';
import { AppError } from '../../shared/errors.js';
import { notice } from '../../shared/notice.js';
import { actorOf, userOf } from '../auth.js';
import type { AppContext } from '../context.js';
import { serve } from '../endpoint.js';

/** What the audit trail keeps of a change: never the secret itself. */
function auditDetails(body: { secret?: string | null } & Record<string, unknown>) {
  const { secret, ...rest } = body;
  return { ...rest, ...(secret === undefined ? {} : { secretChanged: true }) };
}

const options = { parseConfig: parseSourceConfig };

export function sourceRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    serve(app, sourcesContract.list, async (request) => ({ sources: await listSources(ctx.db, request.query) }));

    serve(app, sourcesContract.get, async (request) => ({ source: await getSource(ctx.db, request.params.id) }));

    serve(app, sourcesContract.create, async (request, reply) => {
      const source = await createSource(ctx.db, ctx.secretKey(), prepareSourceInput(request.body.kind, request.body), options);
      await recordAudit(ctx.db, actorOf(request), 'source.create', {
        entity: 'status_source',
        entityId: source.id,
        details: auditDetails(request.body),
      });
      return reply.status(201).send({ source });
    });

    serve(app, sourcesContract.update, async (request) => {
      const current = await getSource(ctx.db, request.params.id);
      const body = request.body;
      // a token pasted as `<id>:<token>` is checked against the stored user id when the settings are not sent
      const prepared = prepareSourceInput(current.kind, { config: body.config ?? current.config, secret: body.secret });
      const patch = {
        ...body,
        ...(body.secret === undefined ? {} : { secret: prepared.secret }),
        ...(body.config ? { config: prepared.config } : {}),
      };
      const source = await updateSource(ctx.db, ctx.secretKey(), current.id, patch, options);
      if (otherServer(current.config, source.config)) await saveSourceCursor(ctx.db, source.id, null); // another IXC: read it whole
      await recordAudit(ctx.db, actorOf(request), 'source.update', { entity: 'status_source', entityId: source.id, details: auditDetails(body) });
      return { source: await getSource(ctx.db, source.id) };
    });

    serve(app, sourcesContract.remove, async (request, reply) => {
      const removed = await deleteSource(ctx.db, request.params.id);
      await recordAudit(ctx.db, actorOf(request), 'source.delete', {
        entity: 'status_source',
        entityId: removed.id,
        details: { kind: removed.kind, description: removed.description },
      });
      return reply.status(204).send(null);
    });

    serve(app, sourcesContract.runs, async (request) => {
      await getSource(ctx.db, request.params.id);
      return { runs: await listRuns(ctx.db, request.params.id, { limit: request.query.limit }) };
    });

    serve(app, sourcesContract.sync, async (request, reply) => {
      const source = await getSource(ctx.db, request.params.id);
      if (source.kind !== 'ixc') throw new AppError('VALIDATION', `A ${source.kind} source is not synced on request`, 'kind');
      assertSourceActive(source);
      if (source.lastRun?.status === 'running') {
        const why = notice('source_syncing', { source: source.description, run: source.lastRun.id });
        throw new AppError('CONFLICT', `Source "${source.description}" is already syncing (run ${source.lastRun.id})`, undefined, why);
      }
      const user = userOf(request);
      const { mode, restart } = request.body;
      const rules = { types: ctx.tasks, timezone: ctx.config.AVISA_TIMEZONE };
      const { task, created } = await sourceSyncTask(ctx.db, rules, source, user.id);
      if (created) {
        await recordAudit(ctx.db, actorOf(request), 'task.create', { entity: 'task', entityId: task.id, details: { type: task.type, sourceId: source.id } });
      }
      const runId = await ctx.scheduler.runNow(task.id, user.username, { sourceId: source.id, mode, restart });
      await recordAudit(ctx.db, actorOf(request), 'source.sync', {
        entity: 'status_source',
        entityId: source.id,
        details: { taskId: task.id, runId, mode, restart },
      });
      return reply.status(202).send({ taskId: task.id, runId });
    });
  };
}

function otherServer(before: Record<string, unknown>, after: Record<string, unknown>): boolean {
  return before.url !== after.url || before.userId !== after.userId;
}
