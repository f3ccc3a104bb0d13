/** Liveness, the home dashboard's counts and the audit trail (src/system/contract.ts, src/audit/contract.ts). */
import { sql } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { listAudit } from '../../audit/audit.js';
import { auditContract } from '../../audit/contract.js';
import { answerWithin } from '../../db/availability.js';
import { getOverview } from '../../report/overview.js';
import { systemContract } from '../../system/contract.js';
import type { AppContext } from '../context.js';
import { serve } from '../endpoint.js';

export function systemRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    serve(app, systemContract.health, async () => {
      // A frozen server answers no sooner than the statement timeout; a health check wants to know sooner.
      await answerWithin(ctx.db.execute(sql`select 1`), ctx.config.AVISA_DB_CONNECT_TIMEOUT_MS);
      return { status: 'ok' as const, database: ctx.kind };
    });

    serve(app, systemContract.overview, async () => ({
      ...(await getOverview(ctx.db)),
      database: ctx.kind,
      timezone: ctx.config.AVISA_TIMEZONE,
    }));

    serve(app, auditContract.list, async (request) => listAudit(ctx.db, request.query));
  };
}
