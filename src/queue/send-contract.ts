/**
 * CRM › Enviar Omnichannel / E-mail / SMS: the API contract (browser-safe). Sending is for operators; whether queued
 * rows can leave is for anyone signed in; the send settings are read by anyone, changed by admins.
 */
import { errorSchema } from '../shared/api-schemas.js';
import { endpoint } from '../shared/contract.js';
import { readinessSchema } from './readiness-schemas.js';
import { planRequestSchema, sendPreviewSchema, sendRequestSchema, sendResultSchema, sendSettingsInputSchema, sendSettingsSchema } from './send-schemas.js';

const tags = ['send'];

export const sendContract = {
  plan: endpoint({
    method: 'POST',
    path: '/api/sends/plan',
    access: 'operator',
    tags,
    summary:
      'What a send would do: logins matched, recipients after dedupe, skipped by reason (recently notified too), three rendered samples, the length for the channel, and whether the rows would leave',
    body: planRequestSchema,
    responses: { 200: sendPreviewSchema, 400: errorSchema },
  }),
  send: endpoint({
    method: 'POST',
    path: '/api/sends',
    access: 'operator',
    tags,
    summary: 'Enqueue a message for everyone the filter matches (one batch); repeat-safe with idempotencyKey',
    body: sendRequestSchema,
    responses: { 201: sendResultSchema, 400: errorSchema },
  }),
  readiness: endpoint({
    method: 'GET',
    path: '/api/sends/readiness',
    access: 'viewer',
    tags,
    summary: 'Per channel: whether queued rows can leave (an enabled drain task, active integrations not halted) and what waits',
    responses: { 200: readinessSchema },
  }),
  settings: endpoint({
    method: 'GET',
    path: '/api/settings/send',
    access: 'viewer',
    tags,
    summary:
      'The installation\'s send settings: the recent-notice guard (window in hours, scope message or purpose), quiet hours, the opt-out words and reply, and Meta\'s WhatsApp price per template category (the send estimate\'s)',
    responses: { 200: sendSettingsSchema },
  }),
  updateSettings: endpoint({
    method: 'PUT',
    path: '/api/settings/send',
    access: 'admin',
    tags,
    summary: 'Change the send settings (audited)',
    body: sendSettingsInputSchema,
    responses: { 200: sendSettingsSchema, 400: errorSchema },
  }),
};
