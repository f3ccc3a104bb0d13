/** Configurações › Webhooks: the API contract (browser-safe). Admins only. */
import { z } from 'zod';
import { errorSchema, idParams } from '../shared/api-schemas.js';
import { endpoint } from '../shared/contract.js';
import {
  deliveryParams,
  deliveryQuerySchema,
  webhookDeliverySchema,
  webhookEndpointSchema,
  webhookInputSchema,
  webhookPatchSchema,
} from './schemas.js';

const tags = ['webhooks'];
/** Advice about a saved endpoint that does not stop it (plain http). */
const warnings = z.array(z.string());

export const webhooksContract = {
  list: endpoint({
    method: 'GET',
    path: '/api/webhooks',
    access: 'admin',
    tags,
    responses: { 200: z.object({ endpoints: z.array(webhookEndpointSchema) }) },
  }),
  create: endpoint({
    method: 'POST',
    path: '/api/webhooks',
    access: 'admin',
    tags,
    summary: 'Registers an endpoint; its signing secret is in this answer only',
    body: webhookInputSchema,
    responses: { 201: z.object({ endpoint: webhookEndpointSchema, secret: z.string(), warnings }), 400: errorSchema },
  }),
  update: endpoint({
    method: 'PUT',
    path: '/api/webhooks/:id',
    access: 'admin',
    tags,
    params: idParams,
    body: webhookPatchSchema,
    responses: { 200: z.object({ endpoint: webhookEndpointSchema, warnings }), 400: errorSchema, 404: errorSchema },
  }),
  remove: endpoint({
    method: 'DELETE',
    path: '/api/webhooks/:id',
    access: 'admin',
    tags,
    params: idParams,
    responses: { 204: z.null(), 404: errorSchema },
  }),
  test: endpoint({
    method: 'POST',
    path: '/api/webhooks/:id/test',
    access: 'admin',
    tags,
    summary: 'Sends a webhook.ping to the endpoint now and answers with the delivery',
    params: idParams,
    responses: { 200: z.object({ delivery: webhookDeliverySchema }), 404: errorSchema },
  }),
  deliveries: endpoint({
    method: 'GET',
    path: '/api/webhooks/deliveries',
    access: 'admin',
    tags,
    summary: 'The delivery log, newest first',
    query: deliveryQuerySchema,
    responses: { 200: z.object({ total: z.number(), rows: z.array(webhookDeliverySchema) }), 400: errorSchema },
  }),
  retry: endpoint({
    method: 'POST',
    path: '/api/webhooks/deliveries/:id/retry',
    access: 'admin',
    tags,
    summary: 'Reenviar: a new delivery of a failed one’s event, due now',
    params: deliveryParams,
    responses: { 201: z.object({ delivery: webhookDeliverySchema }), 404: errorSchema, 409: errorSchema },
  }),
};
