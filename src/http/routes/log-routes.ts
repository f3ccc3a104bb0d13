/** Configurações › Logs › Logs Omnichannel / E-mail / SMS: filtered pages and the CSV export. */
import { Readable } from 'node:stream';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { longQueries } from '../../db/index.js';
import { listLogs, logFilterSchema, logQuerySchema, logsCsv } from '../../logs/logs.js';
import { csvFileName } from '../../shared/csv.js';
import type { AppContext } from '../context.js';
import { errorSchema } from './schemas.js';

const tags = ['logs'];

const logSchema = z.object({
  id: z.number(),
  at: z.date(),
  channel: z.enum(['whatsapp', 'email', 'sms']),
  clientId: z.number(),
  clientName: z.string().nullable(),
  contact: z.string(),
  contactDisplay: z.string(),
  success: z.boolean(),
  message: z.string(),
  providerMessageId: z.string().nullable(),
  kind: z.string().nullable(),
  attempt: z.number(),
  batchId: z.number().nullable(),
  queueItemId: z.number().nullable(),
});

export function logRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/logs',
      {
        config: { access: 'viewer' },
        schema: {
          tags,
          querystring: logQuerySchema,
          response: { 200: z.object({ total: z.number(), rows: z.array(logSchema) }), 400: errorSchema },
        },
      },
      async (request) => {
        const { page, pageSize, ...filter } = request.query;
        return listLogs(ctx.db, filter, page, pageSize);
      },
    );

    app.get(
      '/api/logs/export.csv',
      { config: { access: 'viewer' }, schema: { tags, summary: 'The filtered logs as CSV, streamed', querystring: logFilterSchema } },
      async (request, reply) => {
        const name = csvFileName(`logs-${request.query.channel ?? 'todos'}`, new Date(), ctx.config.AVISA_TIMEZONE);
        return reply
          .header('content-type', 'text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="${name}"`)
          .header('cache-control', 'no-store')
          .send(Readable.from(logsCsv(longQueries(ctx.db), request.query, ctx.config.AVISA_TIMEZONE)));
      },
    );
  };
}
