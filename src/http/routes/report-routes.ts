/**
 * Relatório de status logins: one filter object (src/report/filter.ts) drives the page with its exact total,
 * the summary by NAS/POP/FTTH box and the streamed CSV export; plus the filter form's options. Names in the
 * filter are resolved once per request (src/report/resolve-names.ts); the page and the summary echo what ran.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { recordAudit } from '../../audit/audit.js';
import { longQueries } from '../../db/database.js';
import { reportContract } from '../../report/contract.js';
import { exportFileName, loginsCsv } from '../../report/export-csv.js';
import { DEFAULT_SORT, hasNames } from '../../report/filter.js';
import { queryLogins } from '../../report/login-query.js';
import { findFtthBoxes, reportOptions } from '../../report/options.js';
import { resolveFilterNames } from '../../report/resolve-names.js';
import { summarise } from '../../report/summary.js';
import { actorOf } from '../auth.js';
import type { AppContext } from '../context.js';
import { sendCsv } from '../csv-reply.js';
import { serve } from '../endpoint.js';

export function reportRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    serve(app, reportContract.query, async (request) => {
      const { filter, applied } = await resolveFilterNames(ctx.db, request.body.filter);
      return { ...(await queryLogins(longQueries(ctx.db), { ...request.body, filter })), appliedFilter: applied };
    });

    serve(app, reportContract.summary, async (request) => {
      const { filter, applied } = await resolveFilterNames(ctx.db, request.body.filter);
      return { ...(await summarise(longQueries(ctx.db), filter)), appliedFilter: applied };
    });

    serve(app, reportContract.exportCsv, async (request, reply) => {
      const now = new Date();
      const given = request.query.filter ?? {};
      const sort = request.query.sort ?? DEFAULT_SORT;
      const { filter } = await resolveFilterNames(ctx.db, given);
      await recordAudit(ctx.db, actorOf(request), 'report.export', {
        entity: 'report',
        // Names are recorded as given and as resolved: a NAS renamed later does not blur what was exported.
        details: { filter: given, sort, ...(hasNames(given) ? { resolvedFilter: filter } : {}) },
      });
      const timeZone = ctx.config.AVISA_TIMEZONE;
      return sendCsv(reply, exportFileName(now, timeZone), loginsCsv(longQueries(ctx.db), { filter, sort, timeZone, now }));
    });

    serve(app, reportContract.options, async () => reportOptions(ctx.db));

    serve(app, reportContract.ftthBoxes, async (request) => ({
      ftthBoxes: await findFtthBoxes(ctx.db, request.query.q, request.query.limit),
    }));
  };
}
