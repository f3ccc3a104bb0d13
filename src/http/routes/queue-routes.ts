/** The fila: batches and their rows (viewers read), Cancelar and Reenviar (operators), skipped list as CSV. */
import { Readable } from 'node:stream';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { recordAudit } from '../../audit/audit.js';
import { longQueries } from '../../db/index.js';
import { batchListSchema, cancelBatch, getBatch, itemListSchema, listBatches, listItems, queueStates, requeue } from '../../queue/batches.js';
import { skipsCsv } from '../../queue/skips.js';
import { csvFileName } from '../../shared/csv.js';
import { actorOf } from '../auth.js';
import type { AppContext } from '../context.js';
import { errorSchema, idParams } from './schemas.js';

const tags = ['queue'];

const batchSchema = z.object({
  id: z.number().int(),
  channel: z.enum(['whatsapp', 'email', 'sms']),
  messageId: z.number().int().nullable(),
  messageDescription: z.string(),
  integrationId: z.number().int().nullable(),
  actor: z.string(),
  createdAt: z.date(),
  filter: z.unknown(),
  freeValues: z.record(z.string(), z.string()),
  priority: z.number().int(),
  matched: z.number().int(),
  enqueued: z.number().int(),
  skipped: z.number().int(),
  skipCounts: z.record(z.string(), z.number()),
  cancelledAt: z.date().nullable(),
  cancelledBy: z.string().nullable(),
  states: z.record(z.enum(queueStates), z.number().int()),
});

const itemSchema = z.object({
  id: z.number(),
  clientId: z.number(),
  loginId: z.number().nullable(),
  login: z.string().nullable(),
  contact: z.string(),
  status: z.enum(queueStates),
  attempts: z.number(),
  runAfter: z.date(),
  providerMessageId: z.string().nullable(),
  lastError: z.string().nullable(),
  lastErrorKind: z.string().nullable(),
  updatedAt: z.date(),
  finishedAt: z.date().nullable(),
  payload: z.unknown(),
});

export function queueRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/batches',
      {
        config: { access: 'viewer' },
        schema: { tags, querystring: batchListSchema, response: { 200: z.object({ total: z.number(), batches: z.array(batchSchema) }) } },
      },
      async (request) => listBatches(ctx.db, request.query),
    );

    app.get(
      '/api/batches/:id',
      { config: { access: 'viewer' }, schema: { tags, params: idParams, response: { 200: z.object({ batch: batchSchema }), 404: errorSchema } } },
      async (request) => ({ batch: await getBatch(ctx.db, request.params.id) }),
    );

    app.get(
      '/api/batches/:id/items',
      {
        config: { access: 'viewer' },
        schema: {
          tags,
          params: idParams,
          querystring: itemListSchema,
          response: { 200: z.object({ total: z.number(), items: z.array(itemSchema) }), 404: errorSchema },
        },
      },
      async (request) => listItems(ctx.db, request.params.id, request.query),
    );

    app.get(
      '/api/batches/:id/skipped.csv',
      { config: { access: 'viewer' }, schema: { tags, summary: 'The recipients this batch skipped and why, as CSV', params: idParams } },
      async (request, reply) => {
        await getBatch(ctx.db, request.params.id);
        const name = csvFileName(`lote-${request.params.id}-ignorados`, new Date(), ctx.config.AVISA_TIMEZONE);
        return reply
          .header('content-type', 'text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="${name}"`)
          .header('cache-control', 'no-store')
          .send(Readable.from(skipsCsv(longQueries(ctx.db), request.params.id, ctx.config.AVISA_TIMEZONE)));
      },
    );

    app.post(
      '/api/batches/:id/cancel',
      {
        config: { access: 'operator' },
        schema: {
          tags,
          summary: 'Cancelar: every pending row of the batch becomes cancelled',
          params: idParams,
          response: { 200: z.object({ cancelled: z.number(), batch: batchSchema }), 404: errorSchema },
        },
      },
      async (request) => {
        const actor = actorOf(request);
        const result = await cancelBatch(ctx.db, request.params.id, actor.name);
        await recordAudit(ctx.db, actor, 'batch.cancel', { entity: 'send_batch', entityId: request.params.id, details: { cancelled: result.cancelled } });
        return result;
      },
    );

    app.post(
      '/api/batches/:id/requeue',
      {
        config: { access: 'operator' },
        schema: {
          tags,
          summary: 'Reenviar: failed (or uncertain) rows back to pending',
          params: idParams,
          body: z.strictObject({ status: z.enum(['failed', 'uncertain']) }),
          response: { 200: z.object({ requeued: z.number(), kept: z.number(), batch: batchSchema }), 404: errorSchema },
        },
      },
      async (request) => {
        const result = await requeue(ctx.db, request.params.id, request.body.status);
        await recordAudit(ctx.db, actorOf(request), 'batch.requeue', {
          entity: 'send_batch',
          entityId: request.params.id,
          details: { from: request.body.status, requeued: result.requeued, kept: result.kept },
        });
        return result;
      },
    );
  };
}
