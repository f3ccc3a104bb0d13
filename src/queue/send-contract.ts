/** CRM › Enviar Omnichannel / E-mail / SMS: the API contract (browser-safe). Operators only. */
import { errorSchema } from '../shared/api-schemas.js';
import { endpoint } from '../shared/contract.js';
import { enqueueResultSchema, planRequestSchema, sendPlanResponseSchema, sendRequestSchema } from './send-schemas.js';

const tags = ['send'];

export const sendContract = {
  plan: endpoint({
    method: 'POST',
    path: '/api/sends/plan',
    access: 'operator',
    tags,
    summary: 'What a send would do: logins matched, recipients after dedupe, skipped by reason',
    body: planRequestSchema,
    responses: { 200: sendPlanResponseSchema, 400: errorSchema },
  }),
  send: endpoint({
    method: 'POST',
    path: '/api/sends',
    access: 'operator',
    tags,
    summary: 'Enqueue a message for everyone the filter matches (one batch); repeat-safe with idempotencyKey',
    body: sendRequestSchema,
    responses: { 201: enqueueResultSchema, 400: errorSchema },
  }),
};
