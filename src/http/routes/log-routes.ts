/** Configurações › Logs › Logs Omnichannel / E-mail / SMS: filtered pages, the CSV export and a line's delivery timeline. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { longQueries } from '../../db/database.js';
import { logsContract } from '../../logs/contract.js';
import { listLogs } from '../../logs/logs.js';
import { logsCsv } from '../../logs/logs-csv.js';
import { deliveryTimeline } from '../../logs/timeline.js';
import { csvFileName } from '../../shared/csv.js';
import type { AppContext } from '../context.js';
import { sendCsv } from '../csv-reply.js';
import { serve } from '../endpoint.js';

export function logRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    serve(app, logsContract.list, async (request) => {
      const { page, pageSize, knownTotal, countAll, ...filter } = request.query;
      return listLogs(ctx.db, filter, page, pageSize, { knownTotal, countAll });
    });

    serve(app, logsContract.exportCsv, async (request, reply) => {
      const name = csvFileName(`logs-${request.query.channel ?? 'todos'}`, new Date(), ctx.config.AVISA_TIMEZONE);
      return sendCsv(reply, name, logsCsv(longQueries(ctx.db), request.query, { timeZone: ctx.config.AVISA_TIMEZONE }));
    });

    serve(app, logsContract.delivery, async (request) => ({ timeline: await deliveryTimeline(ctx.db, request.params.id) }));
  };
}
