/**
 * Configurações › Integrações (src/providers/contract.ts): admins create, change, test and delete integrations;
 * operators list them. Secrets go in, never out: responses carry `hasSecret` and `secretHint`.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { recordAudit } from '../../audit/audit.js';
import { integrationsContract } from '../../providers/contract.js';
import {
  createIntegration,
  deleteIntegration,
  getIntegration,
  listIntegrations,
  updateIntegration,
} from '../../providers/integrations.js';
import { actorOf, userOf } from '../auth.js';
import type { AppContext } from '../context.js';
import { serve } from '../endpoint.js';
import { checkSaved, checkUnsaved } from './integration-check.js';

/** What the audit trail keeps of a change: never the secret itself. */
function auditDetails(body: { secret?: string | null }) {
  const { secret, ...rest } = body;
  return { ...rest, ...(secret === undefined ? {} : { secretChanged: true }) };
}

export function integrationRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    const c = integrationsContract;

    serve(app, c.list, async (request) => ({ integrations: await listIntegrations(ctx.db, request.query) }));

    serve(app, c.get, async (request) => ({ integration: await getIntegration(ctx.db, request.params.id) }));

    serve(app, c.create, async (request, reply) => {
      const integration = await createIntegration(ctx.db, ctx.secretKey(), userOf(request).id, request.body);
      await recordAudit(ctx.db, actorOf(request), 'integration.create', {
        entity: 'integration',
        entityId: integration.id,
        details: auditDetails(request.body),
      });
      return reply.status(201).send({ integration });
    });

    serve(app, c.update, async (request) => {
      const integration = await updateIntegration(ctx.db, ctx.secretKey(), request.params.id, request.body);
      await recordAudit(ctx.db, actorOf(request), 'integration.update', {
        entity: 'integration',
        entityId: integration.id,
        details: auditDetails(request.body),
      });
      return { integration };
    });

    serve(app, c.remove, async (request, reply) => {
      const removed = await deleteIntegration(ctx.db, request.params.id);
      await recordAudit(ctx.db, actorOf(request), 'integration.delete', {
        entity: 'integration',
        entityId: removed.id,
        details: { description: removed.description, kind: removed.kind },
      });
      return reply.status(204).send(null);
    });

    serve(app, c.checkSaved, async (request) => checkSaved(ctx, request.params.id));

    serve(app, c.checkUnsaved, async (request) => ({ result: await checkUnsaved(ctx, request.body) }));
  };
}
