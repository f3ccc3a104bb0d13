/**
 * Receipts, the API contract (browser-safe): the WhatsApp Cloud API webhook Meta calls (public, each request
 * verified: the verify token on subscription, the app secret's `X-Hub-Signature-256` on every callback), and what
 * an admin reads of it.
 */
import { z } from 'zod';
import { errorSchema, idParams } from '../shared/api-schemas.js';
import { endpoint } from '../shared/contract.js';

const tags = ['receipts'];

const webhookStatsSchema = z.object({
  /** Callbacks answered 200 since this process started. */
  accepted: z.number().int(),
  /** Callbacks refused: missing or wrong signature, or a number no active Cloud API integration sends from. */
  refused: z.number().int(),
  receipts: z.object({ received: z.number().int(), stored: z.number().int(), applied: z.number().int(), failedWrites: z.number().int() }),
  inbound: z.number().int(),
  /** Inbound messages that asked to stop (SAIR…). */
  optedOut: z.number().int(),
});

export const receiptsContract = {
  verify: endpoint({
    method: 'GET',
    path: '/webhooks/whatsapp',
    access: 'public',
    tags,
    summary: "Meta's webhook verification: answers `hub.challenge` when `hub.verify_token` is an active Cloud API integration's",
    query: z.object({
      'hub.mode': z.string().optional(),
      'hub.verify_token': z.string().optional(),
      'hub.challenge': z.string().max(200).optional(),
    }),
    responses: { 200: z.string(), 400: errorSchema },
  }),
  receive: endpoint({
    method: 'POST',
    path: '/webhooks/whatsapp',
    access: 'public',
    tags,
    summary: 'Meta\'s callbacks (statuses, inbound messages), verified with X-Hub-Signature-256 over the raw body',
    description:
      'Answered at once; receipts are written in batches. A missing or wrong signature, or a phone number no active Cloud API integration has, is refused with 400 and counted.',
    responses: { 200: z.object({ ok: z.literal(true) }), 400: errorSchema },
  }),
  zenvia: endpoint({
    method: 'POST',
    path: '/webhooks/zenvia/:id/:token',
    access: 'public',
    tags,
    summary: "Zenvia's callbacks (SMS MESSAGE_STATUS, inbound MESSAGE) for integration `id`; `token` is the address's secret part",
    description: 'The address to subscribe is shown on the Zenvia integration (admins). A wrong token or an integration that is not an active Zenvia one is refused with 400.',
    params: idParams.extend({ token: z.string().max(100) }),
    responses: { 200: z.object({ ok: z.literal(true) }), 400: errorSchema },
  }),
  zenviaAddress: endpoint({
    method: 'GET',
    path: '/api/integrations/:id/zenvia/webhook',
    access: 'admin',
    tags,
    summary: "The webhook path to subscribe at Zenvia for a Zenvia integration's SMS receipts and replies",
    params: idParams,
    responses: { 200: z.object({ path: z.string() }), 400: errorSchema, 404: errorSchema },
  }),
  opa: endpoint({
    method: 'POST',
    path: '/webhooks/opa/:id/:token',
    access: 'public',
    tags,
    summary: "Opa! Suite's webhook for integration `id` (message statuses, customers' replies); `token` is the address's secret part",
    description:
      "Opa's event format is not documented: the body is read tolerantly (src/receipts/opa-webhook.ts) and the last bodies are shown to admins. A wrong token or an integration that is not an active Opa! Suite one is refused with 400.",
    params: idParams.extend({ token: z.string().max(100) }),
    responses: { 200: z.object({ ok: z.literal(true) }), 400: errorSchema },
  }),
  opaAddress: endpoint({
    method: 'GET',
    path: '/api/integrations/:id/opa/webhook',
    access: 'admin',
    tags,
    summary: "The webhook path to configure in Opa! Suite for an Opa integration, and the last bodies it received (this process)",
    params: idParams,
    responses: {
      200: z.object({
        path: z.string(),
        recent: z.array(z.object({ at: z.string(), body: z.string(), receipts: z.number().int(), inbound: z.number().int() })),
      }),
      400: errorSchema,
      404: errorSchema,
    },
  }),
  stats: endpoint({
    method: 'GET',
    path: '/api/webhooks/whatsapp/stats',
    access: 'admin',
    tags,
    summary: 'What the WhatsApp webhook received and refused since this process started',
    responses: { 200: webhookStatsSchema },
  }),
};
