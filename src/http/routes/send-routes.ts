/**
 * CRM › Enviar Omnichannel / E-mail / SMS from the report: the plan (counts to confirm) and the enqueue (one
 * batch, written to the audit trail), whether queued rows can leave, and the send settings (src/queue/send-contract.ts).
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { recordAudit } from '../../audit/audit.js';
import { getMessage } from '../../messages/messages.js';
import { enqueueSend } from '../../queue/enqueue.js';
import { readiness, sendReadiness } from '../../queue/readiness.js';
import { previewSend } from '../../queue/send-preview.js';
import { getSendSettings, updateSendSettings } from '../../queue/send-settings.js';
import { sendContract } from '../../queue/send-contract.js';
import { actorOf, userOf } from '../auth.js';
import type { AppContext } from '../context.js';
import { serve } from '../endpoint.js';

export function sendRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    serve(app, sendContract.plan, async (request) => previewSend(ctx.db, request.body, { timezone: ctx.config.AVISA_TIMEZONE }));
    serve(app, sendContract.readiness, async () => readiness(ctx.db));
    serve(app, sendContract.settings, async () => getSendSettings(ctx.db));
    serve(app, sendContract.updateSettings, async (request) => {
      const settings = await updateSendSettings(ctx.db, request.body, userOf(request).username);
      await recordAudit(ctx.db, actorOf(request), 'settings.send', { entity: 'send_settings', details: request.body });
      return settings;
    });

    serve(app, sendContract.send, async (request, reply) => {
      const user = userOf(request);
      const result = await enqueueSend(ctx.db, request.body, { userId: user.id, actor: user.username }, {
        timezone: ctx.config.AVISA_TIMEZONE,
      });
      if (!result.replayed) {
        await recordAudit(ctx.db, actorOf(request), request.body.repeatRecent ? 'send.enqueue_repeat' : 'send.enqueue', {
          entity: 'send_batch',
          entityId: result.batchId,
          details: { ...request.body, enqueued: result.enqueued, skipped: result.skipped, skipCounts: result.skipCounts },
        });
      }
      const message = await getMessage(ctx.db, request.body.messageId);
      return reply.status(201).send({ ...result, readiness: await sendReadiness(ctx.db, message.channel, message.integrationId, ctx.config.AVISA_TIMEZONE) });
    });
  };
}
