/**
 * Sistema › CRM › Mensagens, the API contract (browser-safe): admins register WhatsApp (Opa! Suite template),
 * e-mail and SMS messages; viewers list them; operators preview them for a login (the CRM tab sends them).
 */
import { z } from 'zod';
import { errorSchema, idParams } from '../shared/api-schemas.js';
import { endpoint } from '../shared/contract.js';
import {
  messageInputSchema,
  messageListQuerySchema,
  messageSchema,
  previewDraftBodySchema,
  previewSavedBodySchema,
  previewSchema,
  systemVariableSchema,
} from './schemas.js';

const tags = ['messages'];
const one = z.object({ message: messageSchema });
const preview = z.object({ preview: previewSchema });

export const messagesContract = {
  variables: endpoint({
    method: 'GET',
    path: '/api/messages/variables',
    access: 'viewer',
    tags,
    summary: 'The system variables a message can use',
    responses: { 200: z.object({ variables: z.array(systemVariableSchema) }) },
  }),
  list: endpoint({
    method: 'GET',
    path: '/api/messages',
    access: 'viewer',
    tags,
    query: messageListQuerySchema,
    responses: { 200: z.object({ messages: z.array(messageSchema) }), 400: errorSchema },
  }),
  get: endpoint({
    method: 'GET',
    path: '/api/messages/:id',
    access: 'viewer',
    tags,
    params: idParams,
    responses: { 200: one, 404: errorSchema },
  }),
  create: endpoint({
    method: 'POST',
    path: '/api/messages',
    access: 'admin',
    tags,
    description: "A WhatsApp message's template is read again from Opa! Suite: a template deleted there is refused (502 when Opa fails).",
    body: messageInputSchema,
    responses: { 201: one, 400: errorSchema, 409: errorSchema, 502: errorSchema },
  }),
  update: endpoint({
    method: 'PUT',
    path: '/api/messages/:id',
    access: 'admin',
    tags,
    params: idParams,
    body: messageInputSchema,
    responses: { 200: one, 400: errorSchema, 404: errorSchema, 409: errorSchema, 502: errorSchema },
  }),
  remove: endpoint({
    method: 'DELETE',
    path: '/api/messages/:id',
    access: 'admin',
    tags,
    params: idParams,
    responses: { 204: z.null(), 404: errorSchema },
  }),
  previewDraft: endpoint({
    method: 'POST',
    path: '/api/messages/preview',
    access: 'operator',
    tags,
    summary: 'Pré-visualizar an unsaved message for one login',
    body: previewDraftBodySchema,
    responses: { 200: preview, 400: errorSchema, 404: errorSchema },
  }),
  previewSaved: endpoint({
    method: 'POST',
    path: '/api/messages/:id/preview',
    access: 'operator',
    tags,
    summary: 'Pré-visualizar a saved message for one login',
    params: idParams,
    body: previewSavedBodySchema,
    responses: { 200: preview, 400: errorSchema, 404: errorSchema },
  }),
};
