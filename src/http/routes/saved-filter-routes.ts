/**
 * Saved filters of the login report: anyone signed in lists them, operators create, change and delete them — except
 * a filter an active gatilho sends from, which only an admin may change or delete. The gatilho follows its filter
 * (that is how an admin adjusts its audience), so its audience must not move without an admin; a private copy in
 * the rule would instead let the filter on screen and the audience that is really messaged drift apart unseen.
 */
import type { FastifyRequest } from 'fastify';
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
import { AppError } from '../../shared/errors.js';
import { activeRulesUsingFilter } from '../../triggers/rules.js';
import { actorOf, userOf } from '../auth.js';
import type { AppContext } from '../context.js';
import { savedFilterSchema } from './report-schemas.js';
import { errorSchema, idParams } from './schemas.js';

const tags = ['report'];
const one = z.object({ savedFilter: savedFilterSchema });

/** Refuses a non-admin's change to a filter that an active gatilho sends from. */
async function assertMayChange(ctx: AppContext, request: FastifyRequest<{ Params: { id: number } }>): Promise<void> {
  if (userOf(request).role === 'admin') return;
  const rules = await activeRulesUsingFilter(ctx.db, request.params.id);
  if (rules.length > 0) {
    const names = rules.map((r) => `"${r.name}"`).join(', ');
    throw new AppError('FILTER_IN_USE', `This filter is used by the active gatilho ${names}; only an admin may change or delete it`);
  }
}

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
          response: { 200: one, 400: errorSchema, 403: errorSchema, 404: errorSchema, 409: errorSchema },
        },
      },
      async (request) => {
        await assertMayChange(ctx, request);
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
        schema: { tags, params: idParams, response: { 204: z.null(), 403: errorSchema, 404: errorSchema } },
      },
      async (request, reply) => {
        await assertMayChange(ctx, request);
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
