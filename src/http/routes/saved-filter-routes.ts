/**
 * Saved filters of the login report: anyone signed in lists them, operators create, change and delete them — except
 * a filter an active gatilho sends from, which only an admin may change or delete. The gatilho follows its filter
 * (that is how an admin adjusts its audience), so its audience must not move without an admin; a private copy in
 * the rule would instead let the filter on screen and the audience that is really messaged drift apart unseen.
 * A filter is stored as given — names stay names — after checking that every name matches now (400 otherwise).
 */
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { recordAudit } from '../../audit/audit.js';
import { savedFiltersContract } from '../../report/contract.js';
import { createSavedFilter, deleteSavedFilter, listSavedFilters, updateSavedFilter } from '../../report/saved-filters.js';
import { AppError } from '../../shared/errors.js';
import { activeRulesUsingFilter } from '../../triggers/rules.js';
import { actorOf, userOf } from '../auth.js';
import type { AppContext } from '../context.js';
import { serve } from '../endpoint.js';

/** Refuses a non-admin's change to a filter that an active gatilho sends from. */
async function assertMayChange(ctx: AppContext, request: FastifyRequest, id: number): Promise<void> {
  if (userOf(request).role === 'admin') return;
  const rules = await activeRulesUsingFilter(ctx.db, id);
  if (rules.length > 0) {
    const names = rules.map((r) => `"${r.name}"`).join(', ');
    throw new AppError('FILTER_IN_USE', `This filter is used by the active gatilho ${names}; only an admin may change or delete it`);
  }
}

export function savedFilterRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    serve(app, savedFiltersContract.list, async () => ({ savedFilters: await listSavedFilters(ctx.db) }));

    serve(app, savedFiltersContract.create, async (request, reply) => {
      const savedFilter = await createSavedFilter(ctx.db, userOf(request).id, request.body);
      await recordAudit(ctx.db, actorOf(request), 'saved_filter.create', {
        entity: 'saved_filter',
        entityId: savedFilter.id,
        details: { name: savedFilter.name, filter: savedFilter.filter },
      });
      return reply.status(201).send({ savedFilter });
    });

    serve(app, savedFiltersContract.update, async (request) => {
      await assertMayChange(ctx, request, request.params.id);
      const savedFilter = await updateSavedFilter(ctx.db, request.params.id, request.body);
      await recordAudit(ctx.db, actorOf(request), 'saved_filter.update', {
        entity: 'saved_filter',
        entityId: savedFilter.id,
        details: request.body,
      });
      return { savedFilter };
    });

    serve(app, savedFiltersContract.remove, async (request, reply) => {
      await assertMayChange(ctx, request, request.params.id);
      const removed = await deleteSavedFilter(ctx.db, request.params.id);
      await recordAudit(ctx.db, actorOf(request), 'saved_filter.delete', {
        entity: 'saved_filter',
        entityId: removed.id,
        details: { name: removed.name, filter: removed.filter },
      });
      return reply.status(204).send(null);
    });
  };
}
