/** Calls of Configurações › Webhooks through the typed client, their types (the server's schemas) and query keys. */
import type { z } from 'zod';
import type { ResponseOf } from '../../shared/contract.js';
import type { webhooksContract } from '../../webhooks/contract.js';
import type { deliveryQuerySchema, WebhookEvent, webhookInputSchema, webhookPatchSchema } from '../../webhooks/schemas.js';
import { avisa } from '../client.js';

export type WebhookEndpoint = ResponseOf<typeof webhooksContract.list>['endpoints'][number];
export type WebhookInput = z.input<typeof webhookInputSchema>;
export type WebhookPatch = z.input<typeof webhookPatchSchema>;
export type DeliveryQuery = z.input<typeof deliveryQuerySchema>;

export const webhookKeys = {
  all: ['webhooks'] as const,
  endpoints: ['webhooks', 'endpoints'] as const,
  deliveries: (query: DeliveryQuery) => ['webhooks', 'deliveries', query] as const,
};

export const webhooksApi = {
  list: () => avisa.webhooks.list().then((r) => r.endpoints),
  create: (body: WebhookInput) => avisa.webhooks.create({ body }),
  update: (id: number, body: WebhookPatch) => avisa.webhooks.update({ params: { id }, body }),
  remove: (id: number) => avisa.webhooks.remove({ params: { id } }),
  test: (id: number) => avisa.webhooks.test({ params: { id } }).then((r) => r.delivery),
  deliveries: (query: DeliveryQuery) => avisa.webhooks.deliveries({ query }),
  retry: (id: number) => avisa.webhooks.retry({ params: { id } }).then((r) => r.delivery),
};

/** i18n key of an event's name (`batch.finished` → `batch_finished`: dots separate i18n keys). */
export const eventKey = (event: WebhookEvent) => `webhooks.eventNames.${event.replace('.', '_')}` as `webhooks.eventNames.${'batch_finished' | 'integration_halted' | 'incident_opened' | 'incident_changed' | 'webhook_ping'}`;
