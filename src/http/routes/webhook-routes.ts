/**
 * Configurações › Webhooks: admins register endpoints (the signing secret is in the creation's answer only),
 * change, delete and test them, and read the delivery log with Reenviar. Every change is audited, never the secret.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { recordAudit } from '../../audit/audit.js';
import { listDeliveries, retryDelivery } from '../../webhooks/deliveries.js';
import { webhooksContract } from '../../webhooks/contract.js';
import {
  createWebhookEndpoint,
  deleteWebhookEndpoint,
  listWebhookEndpoints,
  updateWebhookEndpoint,
  warningsFor,
} from '../../webhooks/endpoints.js';
import { pingEndpoint } from '../../webhooks/ping.js';
import { actorOf } from '../auth.js';
import type { AppContext } from '../context.js';
import { serve } from '../endpoint.js';

export function webhookRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    serve(app, webhooksContract.list, async () => ({ endpoints: await listWebhookEndpoints(ctx.db) }));

    serve(app, webhooksContract.create, async (request, reply) => {
      const actor = actorOf(request);
      const { endpoint, secret } = await createWebhookEndpoint(ctx.db, ctx.secretKey(), actor.name, request.body);
      await recordAudit(ctx.db, actor, 'webhook.create', {
        entity: 'webhook',
        entityId: endpoint.id,
        details: { url: endpoint.url, description: endpoint.description, events: endpoint.events, active: endpoint.active },
      });
      return reply.status(201).send({ endpoint, secret, warnings: warningsFor(endpoint.url) });
    });

    serve(app, webhooksContract.update, async (request) => {
      const endpoint = await updateWebhookEndpoint(ctx.db, request.params.id, request.body);
      await recordAudit(ctx.db, actorOf(request), 'webhook.update', { entity: 'webhook', entityId: endpoint.id, details: request.body });
      return { endpoint, warnings: warningsFor(endpoint.url) };
    });

    serve(app, webhooksContract.remove, async (request, reply) => {
      const removed = await deleteWebhookEndpoint(ctx.db, request.params.id);
      await recordAudit(ctx.db, actorOf(request), 'webhook.delete', {
        entity: 'webhook',
        entityId: removed.id,
        details: { url: removed.url, description: removed.description },
      });
      return reply.status(204).send(null);
    });

    serve(app, webhooksContract.test, async (request) => {
      const actor = actorOf(request);
      const delivery = await pingEndpoint(ctx.db, ctx.secretKey(), request.params.id, actor.name);
      await recordAudit(ctx.db, actor, 'webhook.test', {
        entity: 'webhook',
        entityId: request.params.id,
        details: { deliveryId: delivery.id, status: delivery.status, httpStatus: delivery.httpStatus },
      });
      return { delivery };
    });

    serve(app, webhooksContract.deliveries, async (request) => listDeliveries(ctx.db, request.query));

    serve(app, webhooksContract.retry, async (request, reply) => {
      const delivery = await retryDelivery(ctx.db, request.params.id);
      await recordAudit(ctx.db, actorOf(request), 'webhook.retry', {
        entity: 'webhook_delivery',
        entityId: request.params.id,
        details: { newDeliveryId: delivery.id, endpointId: delivery.endpointId, event: delivery.event },
      });
      return reply.status(201).send({ delivery });
    });
  };
}
