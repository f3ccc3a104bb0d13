/**
 * Sistema › CRM › Mensagens: admins register WhatsApp (Opa! Suite template), e-mail and SMS messages; operators
 * list them and preview them for a login (the CRM tab of the report sends them). Saving a WhatsApp message
 * re-reads its template from Opa, so a template deleted in Opa is caught here, not at send time.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { recordAudit } from '../../audit/audit.js';
import { catalogue } from '../../messages/catalogue.js';
import { checkDraft, createMessage, deleteMessage, getMessage, listMessages, updateMessage } from '../../messages/messages.js';
import { withLiveTemplate } from '../../messages/opa-template-check.js';
import { previewMessage } from '../../messages/preview.js';
import { freeValuesSchema, type MessageDraft, type MessageInput, messageInputSchema } from '../../messages/schemas.js';
import { actorOf, userOf } from '../auth.js';
import type { AppContext } from '../context.js';
import { withOpaClient } from './opa-routes.js';
import { errorSchema, idParams } from './schemas.js';
import { rowId } from '../../shared/ids.js';
import { channels } from '../../shared/vocabulary.js';

const tags = ['messages'];

const messageSchema = z.object({
  id: z.number().int(),
  channel: z.enum(channels),
  description: z.string(),
  integrationId: z.number().int(),
  integrationDescription: z.string(),
  content: z.record(z.string(), z.unknown()),
  active: z.boolean(),
  createdBy: z.string(),
  createdAt: z.date(),
  updatedAt: z.date(),
});
const one = z.object({ message: messageSchema });

export const previewSchema = z.object({
  login: z.object({ id: z.number(), login: z.string(), clientId: z.number(), clientName: z.string() }),
  contact: z.object({ value: z.string().nullable(), display: z.string().nullable(), problem: z.string().nullable() }),
  variables: z.array(z.object({ placeholder: z.string(), value: z.string(), empty: z.boolean() })),
  subject: z.string().nullable(),
  text: z.string(),
  html: z.string().nullable(),
  empty: z.array(z.string()),
});

const target = {
  /** Exact login name. */
  login: z.string().trim().min(1).max(200).optional(),
  loginId: rowId.optional(),
  free: freeValuesSchema,
};
const previewDraftBody = z.strictObject({ message: messageInputSchema, ...target });
const previewSavedBody = z.strictObject(target);

export function messageRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    /** WhatsApp drafts get their channel/template refreshed from Opa before the bindings are checked. */
    const refreshFromOpa = (draft: MessageDraft) =>
      draft.channel === 'whatsapp' ? withOpaClient(ctx, draft.integrationId, (client) => withLiveTemplate(draft, client)) : Promise.resolve(draft);
    const saveChecks = (input: MessageInput) => checkDraft(ctx.db, input, refreshFromOpa);

    app.get(
      '/api/messages/variables',
      {
        config: { access: 'viewer' },
        schema: {
          tags,
          summary: 'The system variables a message can use',
          response: {
            200: z.object({
              variables: z.array(z.object({ key: z.string(), label: z.object({ 'pt-BR': z.string(), en: z.string() }), example: z.string() })),
            }),
          },
        },
      },
      async () => ({ variables: catalogue.map(({ key, label, example }) => ({ key, label, example })) }),
    );

    app.get(
      '/api/messages',
      {
        config: { access: 'viewer' },
        schema: {
          tags,
          querystring: z.object({
            channel: z.enum(channels).optional(),
            active: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
          }),
          response: { 200: z.object({ messages: z.array(messageSchema) }) },
        },
      },
      async (request) => ({ messages: await listMessages(ctx.db, request.query) }),
    );

    app.get(
      '/api/messages/:id',
      { config: { access: 'viewer' }, schema: { tags, params: idParams, response: { 200: one, 404: errorSchema } } },
      async (request) => ({ message: await getMessage(ctx.db, request.params.id) }),
    );

    app.post(
      '/api/messages',
      {
        config: { access: 'admin' },
        schema: { tags, body: messageInputSchema, response: { 201: one, 400: errorSchema, 409: errorSchema, 502: errorSchema } },
      },
      async (request, reply) => {
        const message = await createMessage(ctx.db, userOf(request).id, await saveChecks(request.body));
        await recordAudit(ctx.db, actorOf(request), 'message.create', {
          entity: 'message',
          entityId: message.id,
          details: { description: message.description, channel: message.channel },
        });
        return reply.status(201).send({ message });
      },
    );

    app.put(
      '/api/messages/:id',
      {
        config: { access: 'admin' },
        schema: {
          tags,
          params: idParams,
          body: messageInputSchema,
          response: { 200: one, 400: errorSchema, 404: errorSchema, 409: errorSchema, 502: errorSchema },
        },
      },
      async (request) => {
        await getMessage(ctx.db, request.params.id);
        const message = await updateMessage(ctx.db, request.params.id, await saveChecks(request.body));
        await recordAudit(ctx.db, actorOf(request), 'message.update', {
          entity: 'message',
          entityId: message.id,
          details: { description: message.description, channel: message.channel },
        });
        return { message };
      },
    );

    app.delete(
      '/api/messages/:id',
      { config: { access: 'admin' }, schema: { tags, params: idParams, response: { 204: z.null(), 404: errorSchema } } },
      async (request, reply) => {
        const removed = await deleteMessage(ctx.db, request.params.id);
        await recordAudit(ctx.db, actorOf(request), 'message.delete', {
          entity: 'message',
          entityId: removed.id,
          details: { description: removed.description, channel: removed.channel },
        });
        return reply.status(204).send(null);
      },
    );

    app.post(
      '/api/messages/preview',
      {
        config: { access: 'operator' },
        schema: {
          tags,
          summary: 'Pré-visualizar an unsaved message for one login',
          body: previewDraftBody,
          response: { 200: z.object({ preview: previewSchema }), 400: errorSchema, 404: errorSchema },
        },
      },
      async (request) => {
        const { message, free, ...where } = request.body;
        const draft = await checkDraft(ctx.db, message);
        return { preview: await previewMessage(ctx.db, draft, where, free, ctx.config.AVISA_TIMEZONE) };
      },
    );

    app.post(
      '/api/messages/:id/preview',
      {
        config: { access: 'operator' },
        schema: {
          tags,
          summary: 'Pré-visualizar a saved message for one login',
          params: idParams,
          body: previewSavedBody,
          response: { 200: z.object({ preview: previewSchema }), 400: errorSchema, 404: errorSchema },
        },
      },
      async (request) => {
        const { free, ...where } = request.body;
        const saved = await getMessage(ctx.db, request.params.id);
        return { preview: await previewMessage(ctx.db, saved, where, free, ctx.config.AVISA_TIMEZONE) };
      },
    );
  };
}
