/**
 * Fontes de status (IXC webservice, RADIUS accounting, radacct): admins create, change and delete sources and
 * start an IXC sync; operators and viewers read them and their run history. Secrets go in, never out: responses
 * carry `hasSecret` and `secretHint`, and the audit trail only `secretChanged`.
 *
 * `POST /api/sources/:id/sync` answers 202 with the opened run while the sync goes on in the background (poll
 * `GET /api/sources/:id/runs`), or 200 with the result when `wait: true`. Runs still going when the server
 * closes are cancelled; the next run resumes them.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { recordAudit } from '../../audit/audit.js';
import { parseSourceConfig, prepareSourceInput, runIxcSync } from '../../ingest/ixc-sync/index.js';
import {
  createSource,
  deleteSource,
  getRun,
  getSource,
  listRuns,
  listSources,
  saveSourceCursor,
  sourceInputSchema,
  sourceKinds,
  sourcePatchSchema,
  updateSource,
} from '../../ingest/sources.js';
import { AppError } from '../../shared/errors.js';
import { actorOf } from '../auth.js';
import type { AppContext } from '../context.js';
import { errorSchema, idParams } from './schemas.js';

const tags = ['sources'];

const countsSchema = z.record(z.string(), z.object({ read: z.number(), written: z.number(), rejected: z.number() }));

export const runSchema = z.object({
  id: z.number().int(),
  sourceId: z.number().int(),
  mode: z.enum(['full', 'incremental']),
  status: z.enum(['running', 'succeeded', 'failed']),
  startedAt: z.date(),
  finishedAt: z.date().nullable(),
  counts: countsSchema,
  error: z.string().nullable(),
});

export const sourceSchema = z.object({
  id: z.number().int(),
  kind: z.enum(sourceKinds),
  description: z.string(),
  config: z.record(z.string(), z.unknown()),
  hasSecret: z.boolean(),
  secretHint: z.string(),
  active: z.boolean(),
  cursor: z.unknown(),
  lastRun: runSchema.nullable(),
  createdAt: z.date(),
  updatedAt: z.date(),
});

const one = z.object({ source: sourceSchema });
const syncBody = z
  .strictObject({
    mode: z.enum(['full', 'incremental']).default('incremental'),
    /** Answer when the run ends instead of at once. */
    wait: z.boolean().default(false),
    /** Do not resume a failed run: start afresh. */
    restart: z.boolean().default(false),
  })
  .default({ mode: 'incremental', wait: false, restart: false });
const rejectedSchema = z.object({ table: z.string(), id: z.string().nullable(), field: z.string().nullable(), message: z.string() });

/** What the audit trail keeps of a change: never the secret itself. */
function auditDetails(body: { secret?: string | null } & Record<string, unknown>) {
  const { secret, ...rest } = body;
  return { ...rest, ...(secret === undefined ? {} : { secretChanged: true }) };
}

const options = { parseConfig: parseSourceConfig };

export function sourceRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    const running = new Set<{ abort: AbortController; done: Promise<unknown> }>();
    app.addHook('onClose', async () => {
      for (const r of running) r.abort.abort();
      await Promise.allSettled([...running].map((r) => r.done));
    });

    app.get(
      '/api/sources',
      {
        config: { access: 'viewer' },
        schema: {
          tags,
          querystring: z.object({ kind: z.enum(sourceKinds).optional() }),
          response: { 200: z.object({ sources: z.array(sourceSchema) }) },
        },
      },
      async (request) => ({ sources: await listSources(ctx.db, request.query) }),
    );

    app.get(
      '/api/sources/:id',
      { config: { access: 'viewer' }, schema: { tags, params: idParams, response: { 200: one, 404: errorSchema } } },
      async (request) => ({ source: await getSource(ctx.db, request.params.id) }),
    );

    app.post(
      '/api/sources',
      { config: { access: 'admin' }, schema: { tags, body: sourceInputSchema, response: { 201: one, 400: errorSchema, 409: errorSchema } } },
      async (request, reply) => {
        const source = await createSource(ctx.db, ctx.secretKey(), prepareSourceInput(request.body.kind, request.body), options);
        await recordAudit(ctx.db, actorOf(request), 'source.create', {
          entity: 'status_source',
          entityId: source.id,
          details: auditDetails(request.body),
        });
        return reply.status(201).send({ source });
      },
    );

    app.put(
      '/api/sources/:id',
      {
        config: { access: 'admin' },
        schema: { tags, params: idParams, body: sourcePatchSchema, response: { 200: one, 400: errorSchema, 404: errorSchema, 409: errorSchema } },
      },
      async (request) => {
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
      },
    );

    app.delete(
      '/api/sources/:id',
      { config: { access: 'admin' }, schema: { tags, params: idParams, response: { 204: z.null(), 404: errorSchema } } },
      async (request, reply) => {
        const removed = await deleteSource(ctx.db, request.params.id);
        await recordAudit(ctx.db, actorOf(request), 'source.delete', {
          entity: 'status_source',
          entityId: removed.id,
          details: { kind: removed.kind, description: removed.description },
        });
        return reply.status(204).send(null);
      },
    );

    app.get(
      '/api/sources/:id/runs',
      {
        config: { access: 'viewer' },
        schema: {
          tags,
          params: idParams,
          querystring: z.object({ limit: z.coerce.number().int().min(1).max(500).default(50) }),
          response: { 200: z.object({ runs: z.array(runSchema) }), 404: errorSchema },
        },
      },
      async (request) => {
        await getSource(ctx.db, request.params.id);
        return { runs: await listRuns(ctx.db, request.params.id, { limit: request.query.limit }) };
      },
    );

    app.post(
      '/api/sources/:id/sync',
      {
        config: { access: 'admin' },
        schema: {
          tags,
          summary: 'Start a sync of an IXC source: 202 with the run at once, or 200 with the result when `wait`',
          params: idParams,
          body: syncBody,
          response: {
            200: z.object({ run: runSchema, rejected: z.array(rejectedSchema) }),
            202: z.object({ run: runSchema }),
            400: errorSchema,
            404: errorSchema,
            409: errorSchema,
          },
        },
      },
      async (request, reply) => {
        const source = await getSource(ctx.db, request.params.id);
        if (source.kind !== 'ixc') throw new AppError('VALIDATION', `A ${source.kind} source is not synced on request`, 'kind');
        const { mode, wait, restart } = request.body;
        const abort = new AbortController();
        let opened: (runId: number) => void = () => undefined;
        const started = new Promise<number>((resolve) => (opened = resolve));
        const done = runIxcSync(ctx.db, {
          sourceId: source.id,
          mode,
          secretKey: ctx.secretKey(),
          timezone: ctx.config.AVISA_TIMEZONE,
          signal: abort.signal,
          resume: !restart,
          onStart: (runId) => opened(runId),
        });
        const entry = { abort, done: done.catch(() => undefined) };
        running.add(entry);
        void entry.done.finally(() => running.delete(entry));
        void done.catch((err: unknown) => request.log.error({ err }, 'IXC sync failed'));

        const runId = await Promise.race([started, done.then((r) => r.runId)]);
        await recordAudit(ctx.db, actorOf(request), 'source.sync', {
          entity: 'status_source',
          entityId: source.id,
          details: { runId, mode, restart },
        });
        if (!wait) return reply.status(202).send({ run: await getRun(ctx.db, runId) });
        const result = await done;
        return { run: await getRun(ctx.db, result.runId), rejected: result.rejected.slice(0, 100) };
      },
    );
  };
}

function otherServer(before: Record<string, unknown>, after: Record<string, unknown>): boolean {
  return before.url !== after.url || before.userId !== after.userId;
}
