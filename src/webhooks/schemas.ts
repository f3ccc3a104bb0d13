/**
 * Outgoing webhooks as the API and the UI see them (browser-safe): the frozen vocabulary of events, an endpoint
 * (its secret never in a response after creation), what an admin sends to create or change one, and the delivery
 * log.
 */
import { z } from 'zod';
import { bigRowIdParam, pageParam, rowIdParam } from '../shared/ids.js';
import { noticeSchema } from '../shared/notice.js';

/**
 * Event names, frozen: receivers switch on them. `incident.*` are declared for the outage incidents to come and
 * not emitted yet; `webhook.ping` is what Testar sends, to one endpoint, whatever it subscribed.
 */
export const webhookEvents = ['batch.finished', 'integration.halted', 'incident.opened', 'incident.changed', 'webhook.ping'] as const;
export type WebhookEvent = (typeof webhookEvents)[number];
/** What an endpoint may subscribe to (a ping needs no subscription). */
export const subscribableEvents = webhookEvents.filter((e) => e !== 'webhook.ping') as Exclude<WebhookEvent, 'webhook.ping'>[];

export const deliveryStatuses = ['pending', 'sending', 'succeeded', 'failed'] as const;
export type DeliveryStatus = (typeof deliveryStatuses)[number];

const webhookUrl = z
  .string()
  .trim()
  .max(2000)
  .url('must be a URL such as https://example.com/avisa')
  .refine((url) => /^https?:$/.test(new URL(url).protocol), 'must start with http:// or https://');

export const webhookInputSchema = z.strictObject({
  url: webhookUrl,
  description: z.string().trim().min(1).max(200),
  events: z.array(z.enum(subscribableEvents)).min(1, 'choose at least one event').max(subscribableEvents.length),
  active: z.boolean().default(true),
});
export type WebhookInput = z.input<typeof webhookInputSchema>;

export const webhookPatchSchema = z
  .strictObject({
    url: webhookUrl.optional(),
    description: z.string().trim().min(1).max(200).optional(),
    events: z.array(z.enum(subscribableEvents)).min(1, 'choose at least one event').max(subscribableEvents.length).optional(),
    active: z.boolean().optional(),
  })
  .refine((p) => Object.keys(p).length > 0, 'nothing to change');
export type WebhookPatch = z.input<typeof webhookPatchSchema>;

export const webhookEndpointSchema = z.object({
  id: z.number(),
  url: z.string(),
  description: z.string(),
  events: z.array(z.enum(webhookEvents)),
  active: z.boolean(),
  createdBy: z.string(),
  createdAt: z.date(),
  updatedAt: z.date(),
  /** The latest delivery's outcome, for the list. */
  lastDelivery: z.object({ at: z.date(), status: z.enum(deliveryStatuses), httpStatus: z.number().nullable() }).nullable(),
});
export type WebhookEndpoint = z.output<typeof webhookEndpointSchema>;

export const webhookDeliverySchema = z.object({
  id: z.number(),
  endpointId: z.number(),
  endpointDescription: z.string(),
  eventId: z.number(),
  event: z.enum(webhookEvents),
  occurredAt: z.date(),
  status: z.enum(deliveryStatuses),
  attempts: z.number(),
  /** When the next attempt is due (pending). */
  nextAttemptAt: z.date(),
  lastAttemptAt: z.date().nullable(),
  httpStatus: z.number().nullable(),
  durationMs: z.number().nullable(),
  /** Why the last attempt failed (src/shared/notice.ts). */
  error: noticeSchema.nullable(),
  createdAt: z.date(),
  finishedAt: z.date().nullable(),
});
export type WebhookDelivery = z.output<typeof webhookDeliverySchema>;

export const deliveryQuerySchema = z.strictObject({
  endpointId: rowIdParam.optional(),
  status: z.enum(deliveryStatuses).optional(),
  event: z.enum(webhookEvents).optional(),
  page: pageParam,
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});
export type DeliveryQuery = z.input<typeof deliveryQuerySchema>;

export const deliveryParams = z.strictObject({ id: bigRowIdParam });

/** What a webhook request carries as its JSON body. */
export interface WebhookPayload {
  id: number;
  event: WebhookEvent;
  occurredAt: string;
  data: unknown;
}
