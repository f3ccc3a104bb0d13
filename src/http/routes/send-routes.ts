/**
 * CRM › Enviar Omnichannel / E-mail / SMS from the report: the plan (counts to confirm) and the enqueue (one
 * batch, written to the audit trail). Operators only (src/queue/send-contract.ts).
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { recordAudit } from '../../audit/audit.js';
import { enqueueSend, planSend } from '../../queue/enqueue.js';
import { sendContract } from '../../queue/send-contract.js';
import { actorOf, userOf } from '../auth.js';
import type { AppContext } from '../context.js';
import { serve } from '../endpoint.js';

export function sendRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    serve(app, sendContract.plan, async (request) => planSend(ctx.db, request.body));

    serve(app, sendContract.send, async (request, reply) => {
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
    });
  };
}
