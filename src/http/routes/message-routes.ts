/**
 * Sistema › CRM › Mensagens (src/messages/contract.ts). Saving a WhatsApp message re-reads its template from Opa,
 * so a template deleted in Opa is caught here, not at send time.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { recordAudit } from '../../audit/audit.js';
import { catalogue } from '../../messages/catalogue.js';
import { messagesContract } from '../../messages/contract.js';
import { checkDraft, createMessage, deleteMessage, getMessage, listMessages, updateMessage } from '../../messages/messages.js';
import { withLiveTemplate } from '../../messages/opa-template-check.js';
import { withLiveCloudTemplate } from '../../messages/cloud-template-check.js';
import { previewMessage } from '../../messages/preview.js';
import type { Message, MessageDraft, MessageInput } from '../../messages/schemas.js';
import { actorOf, userOf } from '../auth.js';
import type { AppContext } from '../context.js';
import { serve } from '../endpoint.js';
import { withOpaClient } from './opa-routes.js';
import { withCloudApi } from './cloudapi-routes.js';

/** What the audit trail keeps of a message. */
const auditOf = (message: Message) => ({
  entity: 'message',
  entityId: message.id,
  details: { description: message.description, channel: message.channel },
});

export function messageRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    const c = messagesContract;
    /** WhatsApp drafts get their template refreshed from Opa! Suite or Meta before the bindings are checked. */
    const refreshTemplate = (draft: MessageDraft) => {
      if (draft.channel !== 'whatsapp') return Promise.resolve(draft);
      if (draft.content.provider === 'cloudapi') return withCloudApi(ctx, draft.integrationId, (provider) => withLiveCloudTemplate(draft, provider));
      return withOpaClient(ctx, draft.integrationId, (client) => withLiveTemplate(draft, client));
    };
    const saveChecks = (input: MessageInput) => checkDraft(ctx.db, input, refreshTemplate);

    serve(app, c.variables, async () => ({ variables: catalogue.map(({ key, label, example }) => ({ key, label, example })) }));

    serve(app, c.list, async (request) => ({ messages: await listMessages(ctx.db, request.query) }));

    serve(app, c.get, async (request) => ({ message: await getMessage(ctx.db, request.params.id) }));

    serve(app, c.create, async (request, reply) => {
      const message = await createMessage(ctx.db, userOf(request).id, await saveChecks(request.body));
      await recordAudit(ctx.db, actorOf(request), 'message.create', auditOf(message));
      return reply.status(201).send({ message });
    });

    serve(app, c.update, async (request) => {
      await getMessage(ctx.db, request.params.id);
      const message = await updateMessage(ctx.db, request.params.id, await saveChecks(request.body));
      await recordAudit(ctx.db, actorOf(request), 'message.update', auditOf(message));
      return { message };
    });

    serve(app, c.remove, async (request, reply) => {
      const removed = await deleteMessage(ctx.db, request.params.id);
      await recordAudit(ctx.db, actorOf(request), 'message.delete', auditOf(removed));
      return reply.status(204).send(null);
    });

    serve(app, c.previewDraft, async (request) => {
      const { message, free, ...where } = request.body;
      const draft = await checkDraft(ctx.db, message);
      return { preview: await previewMessage(ctx.db, draft, where, free, ctx.config.AVISA_TIMEZONE) };
    });

    serve(app, c.previewSaved, async (request) => {
      const { free, ...where } = request.body;
      const saved = await getMessage(ctx.db, request.params.id);
      return { preview: await previewMessage(ctx.db, saved, where, free, ctx.config.AVISA_TIMEZONE) };
    });
  };
}
