/** Saved filters of the login report: anyone signed in lists them, operators create, change and delete them. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { recordAudit } from '../../audit/audit.js';
import {
  createSavedFilter,
  deleteSavedFilter,
  listSavedFilters,
  savedFilterInputSchema,
  savedFilterPatchSchema,
  updateSavedFilter,
} from '../../report/saved-filters.js';
import { actorOf, userOf } from '../auth.js';
import type { AppContext } from '../context.js';
import { savedFilterSchema } from './report-schemas.js';
import { errorSchema, idParams } from './schemas.js';

const tags = ['report'];
const one = z.object({ savedFilter: savedFilterSchema });

export function savedFilterRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/report/saved-filters',
      {
        config: { access: 'viewer' },
        schema: { tags, response: { 200: z.object({ savedFilters: z.array(savedFilterSchema) }) } },
      },
      async () => ({ savedFilters: await listSavedFilters(ctx.db) }),
    );

    app.post(
      '/api/report/saved-filters',
      {
        config: { access: 'operator' },
        schema: {
          tags,
          body: savedFilterInputSchema,
          response: { 201: one, 400: errorSchema, 409: errorSchema },
        },
      },
      async (request, reply) => {
        const savedFilter = await createSavedFilter(ctx.db, userOf(request).id, request.body);
        await recordAudit(ctx.db, actorOf(request), 'saved_filter.create', {
          entity: 'saved_filter',
          entityId: savedFilter.id,
          details: { name: savedFilter.name, filter: savedFilter.filter },
        });
        return reply.status(201).send({ savedFilter });
      },
    );

    app.put(
      '/api/report/saved-filters/:id',
      {
        config: { access: 'operator' },
        schema: {
          tags,
          params: idParams,
          body: savedFilterPatchSchema,
          response: { 200: one, 400: errorSchema, 404: errorSchema, 409: errorSchema },
        },
      },
      async (request) => {
        const savedFilter = await updateSavedFilter(ctx.db, request.params.id, request.body);
        await recordAudit(ctx.db, actorOf(request), 'saved_filter.update', {
          entity: 'saved_filter',
          entityId: savedFilter.id,
          details: request.body,
        });
        return { savedFilter };
      },
    );

    app.delete(
      '/api/report/saved-filters/:id',
      {
        config: { access: 'operator' },
        schema: { tags, params: idParams, response: { 204: z.null(), 404: errorSchema } },
      },
      async (request, reply) => {
        const removed = await deleteSavedFilter(ctx.db, request.params.id);
        await recordAudit(ctx.db, actorOf(request), 'saved_filter.delete', {
          entity: 'saved_filter',
          entityId: removed.id,
          details: { name: removed.name, filter: removed.filter },
        });
        return reply.status(204).send(null);
      },
    );
  };
}
