/**
 * CRM › Enviar Omnichannel / E-mail / SMS from the report: the plan (counts to confirm) and the enqueue (one
 * batch, written to the audit trail). Operators only.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { recordAudit } from '../../audit/audit.js';
import { skipReasons } from '../../queue/audience.js';
import { enqueueSend, planSend, sendRequestSchema } from '../../queue/enqueue.js';
import { actorOf, userOf } from '../auth.js';
import type { AppContext } from '../context.js';
import { errorSchema } from './schemas.js';

const tags = ['send'];
const skipCountsSchema = z.partialRecord(z.enum(skipReasons), z.number().int());

export function sendRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/api/sends/plan',
      {
        config: { access: 'operator' },
        schema: {
          tags,
          summary: 'What a send would do: logins matched, recipients after dedupe, skipped by reason',
          body: sendRequestSchema.omit({ idempotencyKey: true }),
          response: {
            200: z.object({
              matched: z.number().int(),
              recipients: z.number().int(),
              enqueue: z.number().int(),
              skipped: z.number().int(),
              skipCounts: skipCountsSchema,
            }),
            400: errorSchema,
          },
        },
      },
      async (request) => planSend(ctx.db, request.body),
    );

    app.post(
      '/api/sends',
      {
        config: { access: 'operator' },
        schema: {
          tags,
          summary: 'Enqueue a message for everyone the filter matches (one batch); repeat-safe with idempotencyKey',
          body: sendRequestSchema,
          response: {
            201: z.object({
              batchId: z.number().int(),
              matched: z.number().int(),
              enqueued: z.number().int(),
              skipped: z.number().int(),
              skipCounts: skipCountsSchema,
              replayed: z.boolean(),
            }),
            400: errorSchema,
          },
        },
      },
      async (request, reply) => {
        const user = userOf(request);
        const result = await enqueueSend(ctx.db, request.body, { userId: user.id, actor: user.username }, {
          timezone: ctx.config.AVISA_TIMEZONE,
        });
        if (!result.replayed) {
          await recordAudit(ctx.db, actorOf(request), 'send.enqueue', {
            entity: 'send_batch',
            entityId: result.batchId,
            details: { ...request.body, enqueued: result.enqueued, skipped: result.skipped, skipCounts: result.skipCounts },
          });
        }
        return reply.status(201).send(result);
      },
    );
  };
}
