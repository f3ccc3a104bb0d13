/**
 * Configurações › Integrações: admins create, change, test and delete integrations; operators list them (the
 * send form needs their names). Secrets go in, never out: responses carry `hasSecret` and `secretHint`.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { recordAudit } from '../../audit/audit.js';
import { integrationKinds } from '../../providers/integration-config.js';
import { enableDrainTask } from '../../queue/default-drain-tasks.js';
import {
  createIntegration,
  deleteIntegration,
  getIntegration,
  integrationInputSchema,
  integrationPatchSchema,
  listIntegrations,
  updateIntegration,
} from '../../providers/integrations.js';
import { actorOf, userOf } from '../auth.js';
import type { AppContext } from '../context.js';
import { checkSaved, checkUnsaved } from './integration-check.js';
import { errorSchema, idParams } from './schemas.js';
import { rowId } from '../../shared/ids.js';
import { channels } from '../../shared/vocabulary.js';

const tags = ['integrations'];

export const checkResultSchema = z.union([
  z.object({ ok: z.literal(true), detail: z.string() }),
  z.object({ ok: z.literal(false), kind: z.string(), message: z.string(), status: z.number().optional() }),
]);

export const integrationSchema = z.object({
  id: z.number().int(),
  kind: z.enum(integrationKinds),
  channel: z.enum(channels),
  description: z.string(),
  config: z.record(z.string(), z.unknown()),
  hasSecret: z.boolean(),
  secretHint: z.string(),
  active: z.boolean(),
  maxConcurrency: z.number().int(),
  ratePerSecond: z.number(),
  lastCheck: z.object({ at: z.date(), ok: z.boolean(), message: z.string() }).nullable(),
  halted: z.object({ at: z.date(), reason: z.string() }).nullable(),
  messageCount: z.number().int(),
  createdBy: z.string(),
  createdAt: z.date(),
  updatedAt: z.date(),
});

const one = z.object({ integration: integrationSchema });

/** What the audit trail keeps of a change: never the secret itself. */
function auditDetails(body: { secret?: string | null } & Record<string, unknown>) {
  const { secret, ...rest } = body;
  return { ...rest, ...(secret === undefined ? {} : { secretChanged: true }) };
}

export function integrationRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/integrations',
      {
        config: { access: 'operator' },
        schema: {
          tags,
          querystring: z.object({ channel: z.enum(channels).optional() }),
          response: { 200: z.object({ integrations: z.array(integrationSchema) }) },
        },
      },
      async (request) => ({ integrations: await listIntegrations(ctx.db, request.query) }),
    );

    app.get(
      '/api/integrations/:id',
      {
        config: { access: 'operator' },
        schema: { tags, params: idParams, response: { 200: one, 404: errorSchema } },
      },
      async (request) => ({ integration: await getIntegration(ctx.db, request.params.id) }),
    );

    app.post(
      '/api/integrations',
      {
        config: { access: 'admin' },
        schema: { tags, body: integrationInputSchema, response: { 201: one, 400: errorSchema, 409: errorSchema } },
      },
      async (request, reply) => {
        const integration = await createIntegration(ctx.db, ctx.secretKey(), userOf(request).id, request.body);
        await recordAudit(ctx.db, actorOf(request), 'integration.create', {
          entity: 'integration',
          entityId: integration.id,
          details: auditDetails(request.body),
        });
        // the channel's default drain starts with its first active integration (src/queue/default-drain-tasks.ts)
        if (integration.active) await enableDrainTask(ctx.db, integration.channel, { integrationId: integration.id }, ctx.config.AVISA_TIMEZONE);
        return reply.status(201).send({ integration });
      },
    );

    app.put(
      '/api/integrations/:id',
      {
        config: { access: 'admin' },
        schema: {
          tags,
          params: idParams,
          body: integrationPatchSchema,
          response: { 200: one, 400: errorSchema, 404: errorSchema, 409: errorSchema },
        },
      },
      async (request) => {
        const integration = await updateIntegration(ctx.db, ctx.secretKey(), request.params.id, request.body);
        await recordAudit(ctx.db, actorOf(request), 'integration.update', {
          entity: 'integration',
          entityId: integration.id,
          details: auditDetails(request.body),
        });
        if (integration.active) await enableDrainTask(ctx.db, integration.channel, { integrationId: integration.id }, ctx.config.AVISA_TIMEZONE);
        return { integration };
      },
    );

    app.delete(
      '/api/integrations/:id',
      {
        config: { access: 'admin' },
        schema: { tags, params: idParams, response: { 204: z.null(), 404: errorSchema, 409: errorSchema } },
      },
      async (request, reply) => {
        const removed = await deleteIntegration(ctx.db, request.params.id);
        await recordAudit(ctx.db, actorOf(request), 'integration.delete', {
          entity: 'integration',
          entityId: removed.id,
          details: { description: removed.description, kind: removed.kind },
        });
        return reply.status(204).send(null);
      },
    );

    app.post(
      '/api/integrations/:id/check',
      {
        config: { access: 'admin' },
        schema: {
          tags,
          summary: 'Testar conexão of a saved integration; the result is stored as its last check',
          params: idParams,
          response: { 200: z.object({ result: checkResultSchema, integration: integrationSchema }), 404: errorSchema },
        },
      },
      async (request) => checkSaved(ctx, request.params.id),
    );

    app.post(
      '/api/integrations/check',
      {
        config: { access: 'admin' },
        schema: {
          tags,
          summary: 'Testar conexão with unsaved form values; `id` reuses that integration\'s stored secret',
          body: integrationInputSchema.extend({ id: rowId.optional() }),
          response: { 200: z.object({ result: checkResultSchema }), 400: errorSchema },
        },
      },
      async (request) => ({ result: await checkUnsaved(ctx, request.body) }),
    );
  };
}
