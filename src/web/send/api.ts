/**
 * Calls of the CRM tab: active messages of a channel, the plan, the enqueue, an Opa channel's daily limit and the
 * send settings (Configurações › Envio, whose WhatsApp prices the estimate uses).
 */
import { avisa } from '../client.js';
import { readFilter } from '../report/filter.js';
import type { Channel, SendRequest } from './types.js';

const body = (request: SendRequest) => ({ ...request, filter: readFilter(request.filter) });

export const sendApi = {
  /** The messages an operator may send on `channel` (active ones only). */
  activeMessages: (channel: Channel) => avisa.messages.list({ query: { channel, active: 'true' } }).then((r) => r.messages),
  plan: (request: SendRequest) => avisa.send.plan({ body: body(request) }),
  /** `idempotencyKey`: one per confirmation dialog, so a repeated click returns the same batch. */
  send: (request: SendRequest, idempotencyKey: string) => avisa.send.send({ body: { ...body(request), idempotencyKey } }),
  dailyLimit: (integrationId: number, channelId: string) =>
    avisa.integrations.opaDailyLimit({ params: { id: integrationId, channelId } }).then((r) => r.limit),
  settings: () => avisa.send.settings({}),
};

export const sendKeys = {
  messages: (channel: Channel) => ['messages', 'list', channel, 'active'] as const,
  dailyLimit: (integrationId: number, channelId: string) => ['opa-daily-limit', integrationId, channelId] as const,
  /** Shared with Configurações › Envio, so a save there reaches the dialog. */
  settings: ['send-settings'] as const,
};

/** Where the skipped recipients of a batch download as CSV. */
export const skippedCsvUrl = (batchId: number) => `/api/batches/${batchId}/skipped.csv`;
