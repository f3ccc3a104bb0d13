/**
 * Relatório de status logins: one filter object (src/report/filter.ts) drives the page with its exact total,
 * the summary by NAS/POP/FTTH box and the streamed CSV export; plus the filter form's options.
 */
import { Readable } from 'node:stream';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { recordAudit } from '../../audit/audit.js';
import { longQueries } from '../../db/index.js';
import { exportFileName, loginsCsv } from '../../report/export-csv.js';
import { DEFAULT_SORT, reportFilterSchema, reportQuerySchema, reportSortSchema } from '../../report/filter.js';
import { queryLogins } from '../../report/login-query.js';
import { findFtthBoxes, reportOptions } from '../../report/options.js';
import { summarise } from '../../report/summary.js';
import { actorOf } from '../auth.js';
import type { AppContext } from '../context.js';
import { errorSchema } from './schemas.js';
import { ftthBoxesSchema, jsonParam, loginPageSchema, optionsSchema, summarySchema } from './report-schemas.js';

const tags = ['report'];

export function reportRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/api/report/logins/query',
      {
        config: { access: 'viewer' },
        schema: {
          tags,
          summary: 'A page of the logins matching a filter, with the exact total',
          body: reportQuerySchema,
          response: { 200: loginPageSchema, 400: errorSchema },
        },
      },
      async (request) => queryLogins(longQueries(ctx.db), request.body),
    );

    app.post(
      '/api/report/logins/summary',
      {
        config: { access: 'viewer' },
        schema: {
          tags,
          summary: 'Totals by live state, and by NAS, POP and FTTH box (top 100 by offline logins each)',
          body: z.strictObject({ filter: reportFilterSchema.default({}) }),
          response: { 200: summarySchema, 400: errorSchema },
        },
      },
      async (request) => summarise(longQueries(ctx.db), request.body.filter),
    );

    app.get(
      '/api/report/logins/export.csv',
      {
        config: { access: 'viewer' },
        schema: {
          tags,
          summary: 'Every matching login as CSV (UTF-8 with BOM, `;`-separated, pt-BR header), streamed',
          querystring: z.strictObject({
            filter: jsonParam(reportFilterSchema).optional(),
            sort: jsonParam(reportSortSchema).optional(),
          }),
        },
      },
      async (request, reply) => {
        const now = new Date();
        const filter = request.query.filter ?? {};
        const sort = request.query.sort ?? DEFAULT_SORT;
        await recordAudit(ctx.db, actorOf(request), 'report.export', { entity: 'report', details: { filter, sort } });
        const timeZone = ctx.config.AVISA_TIMEZONE;
        return reply
          .header('content-type', 'text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="${exportFileName(now, timeZone)}"`)
          .header('cache-control', 'no-store')
          .send(Readable.from(loginsCsv(longQueries(ctx.db), { filter, sort, timeZone, now })));
      },
    );

    app.get(
      '/api/report/options',
      {
        config: { access: 'viewer' },
        schema: { tags, summary: "The filter form's choices", response: { 200: optionsSchema } },
      },
      async () => reportOptions(ctx.db),
    );

    app.get(
      '/api/report/options/ftth-boxes',
      {
        config: { access: 'viewer' },
        schema: {
          tags,
          summary: 'FTTH boxes whose name contains q (accent- and case-insensitive)',
          querystring: z.object({
            q: z.string().trim().max(100).default(''),
            limit: z.coerce.number().int().min(1).max(500).default(50),
          }),
          response: { 200: ftthBoxesSchema },
        },
      },
      async (request) => ({ ftthBoxes: await findFtthBoxes(ctx.db, request.query.q, request.query.limit) }),
    );
  };
}
