/**
 * Buscar template of a WhatsApp Cloud API integration, read live from Meta. A provider failure answers 502 with
 * Meta's own words (wrong token, unknown business account…); an integration of another kind a 400 naming the id.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { CloudApiError, type CloudApiProvider } from '../../providers/cloudapi/provider.js';
import { integrationsContract } from '../../providers/contract.js';
import { TransportError } from '../../providers/http.js';
import { openIntegration } from '../../providers/integrations.js';
import { cloudApiProviderFor } from '../../providers/registry.js';
import { AppError } from '../../shared/errors.js';
import type { AppContext } from '../context.js';
import { serve } from '../endpoint.js';

export async function withCloudApi<T>(ctx: AppContext, id: number, fn: (provider: CloudApiProvider) => Promise<T>): Promise<T> {
  const open = await openIntegration(ctx.db, ctx.secretKey(), id);
  if (open.integration.kind !== 'cloudapi') {
    const { description, kind } = open.integration;
    throw new AppError('VALIDATION', `id: integration ${id} ("${description}") is ${kind}, not a WhatsApp Cloud API integration`, 'id');
  }
  const provider = cloudApiProviderFor(open);
  try {
    return await fn(provider);
  } catch (err) {
    if (err instanceof CloudApiError || err instanceof TransportError) throw new AppError('PROVIDER', `WhatsApp Cloud API: ${err.message}`);
    throw err;
  } finally {
    await provider.close();
  }
}

export function cloudApiRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    serve(app, integrationsContract.cloudApiTemplates, async (request) => ({
      templates: await withCloudApi(ctx, request.params.id, (provider) => provider.listTemplates()),
    }));
  };
}
