/**
 * Buscar canais / Buscar template / daily limit of an Opa! Suite integration, read live from Opa. A provider
 * failure answers 502 with Opa's own message, so the form can show why (wrong token, unreachable host…).
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { integrationsContract } from '../../providers/contract.js';
import { openIntegration } from '../../providers/integrations.js';
import { OpaError } from '../../providers/opa/errors.js';
import type { OpaClient } from '../../providers/opa/client.js';
import { isActiveWhatsApp } from '../../providers/opa/model.js';
import { TransportError } from '../../providers/http.js';
import { createOpaClientFor } from '../../providers/registry.js';
import { AppError } from '../../shared/errors.js';
import type { AppContext } from '../context.js';
import { serve } from '../endpoint.js';

/**
 * Runs `fn` with the integration's Opa client; Opa failures become 502 with the provider's message, and an
 * integration of another kind a 400 naming the id.
 */
export async function withOpaClient<T>(ctx: AppContext, id: number, fn: (client: OpaClient) => Promise<T>): Promise<T> {
  const open = await openIntegration(ctx.db, ctx.secretKey(), id);
  if (open.integration.kind !== 'opa') {
    const { description, kind } = open.integration;
    throw new AppError('VALIDATION', `id: integration ${id} ("${description}") is ${kind}, not an Opa! Suite integration`, 'id');
  }
  const client = createOpaClientFor(open);
  try {
    return await fn(client);
  } catch (err) {
    if (err instanceof OpaError || err instanceof TransportError) throw new AppError('PROVIDER', `Opa! Suite: ${err.message}`);
    throw err;
  } finally {
    await client.close();
  }
}

export function opaRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    serve(app, integrationsContract.opaChannels, async (request) => {
      const channels = await withOpaClient(ctx, request.params.id, (client) => client.listChannels());
      return {
        channels: channels.map((c) => ({
          id: c._id,
          name: c.nome,
          kind: String(c.canal),
          integration: c.integracao ?? null,
          active: c.status === 'A',
          usable: isActiveWhatsApp(c),
        })),
      };
    });

    serve(app, integrationsContract.opaTemplates, async (request) => {
      const templates = await withOpaClient(ctx, request.params.id, (client) => client.listTemplates(request.params.channelId));
      return {
        templates: templates.map((t) => ({
          id: t._id,
          atalho: t.atalho,
          text: t.texto,
          placeholders: t.placeholders,
          language: t.meta.language,
          category: t.meta.category,
          templateType: t.meta.templateType,
        })),
      };
    });

    serve(app, integrationsContract.opaDailyLimit, async (request) => ({
      limit: await withOpaClient(ctx, request.params.id, (client) => client.dailyLimit(request.params.channelId)),
    }));
  };
}
