import { sql } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { listAudit } from '../../audit/audit.js';
import { answerWithin } from '../../db/index.js';
import { getOverview } from '../../report/overview.js';
import type { AppContext } from '../context.js';
import { pageParam } from '../../shared/ids.js';
import { errorSchema } from './schemas.js';

export function systemRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/healthz',
      {
        config: { access: 'public' },
        schema: {
          tags: ['system'],
          summary: 'Liveness and database reachability (503 with the reason when the database is unavailable)',
          response: { 200: z.object({ status: z.literal('ok'), database: z.enum(['pglite', 'postgres']) }), 503: errorSchema },
        },
      },
      async () => {
        // A frozen server answers no sooner than the statement timeout; a health check wants to know sooner.
        await answerWithin(ctx.db.execute(sql`select 1`), ctx.config.AVISA_DB_CONNECT_TIMEOUT_MS);
        return { status: 'ok' as const, database: ctx.kind };
      },
    );

    app.get(
      '/api/overview',
      {
        config: { access: 'viewer' },
        schema: {
          tags: ['system'],
          summary: 'Counts for the home dashboard',
          response: {
            200: z.object({
              clients: z.number(),
              contracts: z.number(),
              logins: z.object({
                total: z.number(),
                online: z.number(),
                offline: z.number(),
                neverAuthenticated: z.number(),
              }),
              topOfflineNas: z.array(
                z.object({ id: z.number(), name: z.string(), offline: z.number(), total: z.number() }),
              ),
              database: z.enum(['pglite', 'postgres']),
              timezone: z.string(),
            }),
          },
        },
      },
      async () => ({ ...(await getOverview(ctx.db)), database: ctx.kind, timezone: ctx.config.AVISA_TIMEZONE }),
    );

    app.get(
      '/api/audit',
      {
        config: { access: 'admin' },
        schema: {
          tags: ['system'],
          summary: 'The audit trail, newest first',
          querystring: z.object({
            page: pageParam,
            pageSize: z.coerce.number().int().min(1).max(500).default(50),
          }),
          response: {
            200: z.object({
              total: z.number(),
              entries: z.array(
                z.object({
                  id: z.number(),
                  at: z.date(),
                  userId: z.number().nullable(),
                  actor: z.string(),
                  action: z.string(),
                  entity: z.string().nullable(),
                  entityId: z.string().nullable(),
                  details: z.unknown(),
                  ip: z.string().nullable(),
                }),
              ),
            }),
          },
        },
      },
      async (request) => listAudit(ctx.db, request.query),
    );
  };
}
