/** Prometheus metrics on the main server, for admins and their API tokens (src/metrics/contract.ts). */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { metricsContract } from '../../metrics/contract.js';
import { scrapeMetrics } from '../../metrics/exposition.js';
import type { AppContext } from '../context.js';
import { serve } from '../endpoint.js';

export function metricsRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    serve(app, metricsContract.scrape, async (request, reply) => {
      const scrape = await scrapeMetrics(ctx.db, { onDatabaseError: (err) => request.log.warn({ err }, 'metrics: the cluster-wide figures could not be read') });
      return reply.header('content-type', scrape.contentType).header('cache-control', 'no-store').send(scrape.text);
    });
  };
}
