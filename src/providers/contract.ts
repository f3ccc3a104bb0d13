/**
 * Configurações › Integrações, the API contract (browser-safe): admins create, change, test and delete
 * integrations; operators list them (the send form needs their names) and read an Opa! Suite channel's daily
 * quota; Buscar canais / Buscar template read Opa live for the admin's forms.
 */
import { z } from 'zod';
import { errorSchema, idParams } from '../shared/api-schemas.js';
import { endpoint } from '../shared/contract.js';
import {
  checkResultSchema,
  cloudApiTemplateSchema,
  integrationCheckInputSchema,
  integrationInputSchema,
  integrationListQuerySchema,
  integrationPatchSchema,
  integrationSchema,
  opaChannelParams,
  opaChannelSchema,
  opaDailyLimitSchema,
  opaTemplateSchema,
} from './schemas.js';

const tags = ['integrations'];
const one = z.object({ integration: integrationSchema });
/** A provider failure (wrong token, unreachable host) is a 502 carrying Opa's own message. */
const opaFailures = { 400: errorSchema, 404: errorSchema, 502: errorSchema };

export const integrationsContract = {
  list: endpoint({
    method: 'GET',
    path: '/api/integrations',
    access: 'operator',
    tags,
    query: integrationListQuerySchema,
    responses: { 200: z.object({ integrations: z.array(integrationSchema) }), 400: errorSchema },
  }),
  get: endpoint({
    method: 'GET',
    path: '/api/integrations/:id',
    access: 'operator',
    tags,
    params: idParams,
    responses: { 200: one, 404: errorSchema },
  }),
  create: endpoint({
    method: 'POST',
    path: '/api/integrations',
    access: 'admin',
    tags,
    body: integrationInputSchema,
    responses: { 201: one, 400: errorSchema, 409: errorSchema },
  }),
  update: endpoint({
    method: 'PUT',
    path: '/api/integrations/:id',
    access: 'admin',
    tags,
    description: '`kind` must be the saved one: it says which settings `config` holds. Omitted fields stay.',
    params: idParams,
    body: integrationPatchSchema,
    responses: { 200: one, 400: errorSchema, 404: errorSchema, 409: errorSchema },
  }),
  remove: endpoint({
    method: 'DELETE',
    path: '/api/integrations/:id',
    access: 'admin',
    tags,
    params: idParams,
    responses: { 204: z.null(), 404: errorSchema, 409: errorSchema },
  }),
  checkSaved: endpoint({
    method: 'POST',
    path: '/api/integrations/:id/check',
    access: 'admin',
    tags,
    summary: 'Testar conexão of a saved integration; the result is stored as its last check',
    params: idParams,
    responses: { 200: z.object({ result: checkResultSchema, integration: integrationSchema }), 404: errorSchema },
  }),
  checkUnsaved: endpoint({
    method: 'POST',
    path: '/api/integrations/check',
    access: 'admin',
    tags,
    summary: "Testar conexão with unsaved form values; `id` reuses that integration's stored secret",
    body: integrationCheckInputSchema,
    responses: { 200: z.object({ result: checkResultSchema }), 400: errorSchema },
  }),
  opaChannels: endpoint({
    method: 'GET',
    path: '/api/integrations/:id/opa/channels',
    access: 'admin',
    tags,
    summary: 'Buscar canais',
    params: idParams,
    responses: { 200: z.object({ channels: z.array(opaChannelSchema) }), ...opaFailures },
  }),
  opaTemplates: endpoint({
    method: 'GET',
    path: '/api/integrations/:id/opa/channels/:channelId/templates',
    access: 'admin',
    tags,
    summary: 'Buscar template',
    params: opaChannelParams,
    responses: { 200: z.object({ templates: z.array(opaTemplateSchema) }), ...opaFailures },
  }),
  cloudApiTemplates: endpoint({
    method: 'GET',
    path: '/api/integrations/:id/cloudapi/templates',
    access: 'admin',
    tags,
    summary: "Buscar template of a WhatsApp Cloud API integration: the business account's approved templates",
    params: idParams,
    responses: { 200: z.object({ templates: z.array(cloudApiTemplateSchema) }), ...opaFailures },
  }),
  opaDailyLimit: endpoint({
    method: 'GET',
    path: '/api/integrations/:id/opa/channels/:channelId/daily-limit',
    access: 'operator',
    tags,
    summary: "The channel's daily template quota (null: no limit)",
    params: opaChannelParams,
    responses: { 200: z.object({ limit: opaDailyLimitSchema }), ...opaFailures },
  }),
};
