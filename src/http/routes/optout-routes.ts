/** Descadastros (src/optout/contract.ts): list, add, import, remove and export, every change audited. */
import { Readable } from 'node:stream';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { recordAudit } from '../../audit/audit.js';
import { optoutContract } from '../../optout/contract.js';
import { listConsents, recordConsents, revokeConsent } from '../../optout/consents.js';
import { addSuppression, importSuppressions, listSuppressions, removeSuppression, suppressionsCsv } from '../../optout/suppressions.js';
import { csvFileName } from '../../shared/csv.js';
import { actorOf } from '../auth.js';
import type { AppContext } from '../context.js';
import { serve } from '../endpoint.js';

export function optoutRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    const c = optoutContract;

    serve(app, c.list, async (request) => listSuppressions(ctx.db, request.query));

    serve(app, c.add, async (request, reply) => {
      const actor = actorOf(request);
      const entry = await addSuppression(ctx.db, request.body, actor.name);
      await recordAudit(ctx.db, actor, 'suppression.add', { entity: 'suppression', entityId: entry.id, details: { channel: entry.channel, contact: entry.contact } });
      return reply.status(201).send({ entry });
    });

    serve(app, c.import, async (request) => {
      const actor = actorOf(request);
      const result = await importSuppressions(ctx.db, request.body, actor.name);
      await recordAudit(ctx.db, actor, 'suppression.import', { entity: 'suppression', details: { entries: request.body.entries.length, ...result } });
      return result;
    });

    serve(app, c.remove, async (request) => {
      const actor = actorOf(request);
      const entry = await removeSuppression(ctx.db, request.params.id, actor.name);
      await recordAudit(ctx.db, actor, 'suppression.remove', { entity: 'suppression', entityId: entry.id, details: { channel: entry.channel, contact: entry.contact } });
      return { entry };
    });

    serve(app, c.consents, async (request) => listConsents(ctx.db, request.query));

    serve(app, c.recordConsents, async (request) => {
      const actor = actorOf(request);
      const result = await recordConsents(ctx.db, request.body, actor.name);
      await recordAudit(ctx.db, actor, 'consent.record', { entity: 'consent', details: { entries: request.body.entries.length, ...result } });
      return result;
    });

    serve(app, c.revokeConsent, async (request) => {
      const actor = actorOf(request);
      const entry = await revokeConsent(ctx.db, request.params.id, actor.name);
      await recordAudit(ctx.db, actor, 'consent.revoke', { entity: 'consent', entityId: entry.id, details: { channel: entry.channel, contact: entry.contact } });
      return { entry };
    });

    serve(app, c.exportCsv, async (request, reply) => {
      const name = csvFileName('descadastros', new Date(), ctx.config.AVISA_TIMEZONE);
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${name}"`)
        .header('cache-control', 'no-store')
        .send(Readable.from(suppressionsCsv(ctx.db, request.query, ctx.config.AVISA_TIMEZONE)));
    });
  };
}
