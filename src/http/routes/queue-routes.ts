/** The fila (src/queue/contract.ts): batches and their rows, what they skipped (JSON and CSV), Cancelar, Reenviar. */
import { Readable } from 'node:stream';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { recordAudit } from '../../audit/audit.js';
import { longQueries } from '../../db/database.js';
import { cancelBatch, getBatch, listBatches, listItems, requeue } from '../../queue/batches.js';
import { queueContract } from '../../queue/contract.js';
import { listSkips, skipsCsv } from '../../queue/skips.js';
import { csvFileName } from '../../shared/csv.js';
import { actorOf } from '../auth.js';
import type { AppContext } from '../context.js';
import { serve } from '../endpoint.js';

export function queueRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    const c = queueContract;

    serve(app, c.batches, async (request) => listBatches(ctx.db, request.query));

    serve(app, c.batch, async (request) => ({ batch: await getBatch(ctx.db, request.params.id) }));

    serve(app, c.items, async (request) => listItems(ctx.db, request.params.id, request.query));

    serve(app, c.skipped, async (request) => listSkips(ctx.db, request.params.id, request.query));

    serve(app, c.skippedCsv, async (request, reply) => {
      await getBatch(ctx.db, request.params.id);
      const name = csvFileName(`lote-${request.params.id}-ignorados`, new Date(), ctx.config.AVISA_TIMEZONE);
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${name}"`)
        .header('cache-control', 'no-store')
        .send(Readable.from(skipsCsv(longQueries(ctx.db), request.params.id, ctx.config.AVISA_TIMEZONE)));
    });

    serve(app, c.cancel, async (request) => {
      const actor = actorOf(request);
      const result = await cancelBatch(ctx.db, request.params.id, actor.name);
      await recordAudit(ctx.db, actor, 'batch.cancel', { entity: 'send_batch', entityId: request.params.id, details: { cancelled: result.cancelled } });
      return result;
    });

    serve(app, c.requeue, async (request) => {
      const result = await requeue(ctx.db, request.params.id, request.body.status);
      await recordAudit(ctx.db, actorOf(request), 'batch.requeue', {
        entity: 'send_batch',
        entityId: request.params.id,
        details: { from: request.body.status, requeued: result.requeued, kept: result.kept },
      });
      return result;
    });
  };
}
