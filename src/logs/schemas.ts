/** Logs Omnichannel / E-mail / SMS: the filter and the row, as the API and the UI see them (browser-safe). */
import { z } from 'zod';
import { knownTotalParam } from '../shared/api-schemas.js';
import { bigRowIdParam, pageParam, rowIdParam } from '../shared/ids.js';
import { noticeSchema } from '../shared/notice.js';
import { channels, queueStates, receiptStatuses } from '../shared/vocabulary.js';

const isoInstant = z.string().datetime({ offset: true, message: 'must be an ISO date-time with offset, e.g. 2026-11-24T08:00:00-03:00' });

const filterFields = {
  id: bigRowIdParam.optional(),
  clientId: rowIdParam.optional(),
  channel: z.enum(channels).optional(),
  /** A phone in any format, or (part of) an e-mail address. */
  contact: z.string().trim().min(1).max(200).optional(),
  from: isoInstant.optional(),
  to: isoInstant.optional(),
  status: z.enum(['success', 'failure']).optional(),
  /** Mensagem contains: the provider's words, or the text of a notice's code in pt-BR or English. */
  message: z.string().trim().min(1).max(200).optional(),
  batchId: rowIdParam.optional(),
  queueItemId: bigRowIdParam.optional(),
  /** What the provider reported after a successful send: entregue, lida, falhou depois do envio, or nothing yet. */
  delivery: z.enum(['delivered', 'read', 'failed', 'none']).optional(),
};

const orderedRange = (f: { from?: string | undefined; to?: string | undefined }) => !f.from || !f.to || Date.parse(f.from) <= Date.parse(f.to);
const rangeIssue = { message: 'must not be before "from"', path: ['to'] };

export const logFilterSchema = z.strictObject(filterFields).refine(orderedRange, rangeIssue);
/** The filter plus paging, as the list's query string. */
export const logQuerySchema = z
  .strictObject({
    ...filterFields,
    page: pageParam,
    pageSize: z.coerce.number().int().min(1).max(500).default(50),
    /** The total an earlier page of this same filter was answered with: not counted again (as the report's). */
    knownTotal: knownTotalParam,
    /** `true`: count every line the filter matches; otherwise the count stops past 10,000 (`totalCapped`). */
    countAll: z
      .enum(['true', 'false'])
      .transform((v) => v === 'true')
      .optional(),
  })
  .refine(orderedRange, rangeIssue);
export type LogFilter = z.input<typeof logFilterSchema>;

/** What the provider reported last of a sent message (the strongest receipt, src/receipts). */
const deliverySchema = z.object({ status: z.enum(['delivered', 'read', 'failed']), at: z.date().nullable(), error: noticeSchema.nullable() });

/** One delivery attempt. */
export const logRowSchema = z.object({
  id: z.number(),
  /** When the attempt ended. */
  at: z.date(),
  channel: z.enum(channels),
  clientId: z.number(),
  clientName: z.string().nullable(),
  contact: z.string(),
  /** `+55 (DD) 9XXXX-XXXX` for phones; the address for e-mail. */
  contactDisplay: z.string(),
  success: z.boolean(),
  /** What the attempt came to: `sent` or the failure, the provider's words as its detail. */
  message: noticeSchema,
  providerMessageId: z.string().nullable(),
  kind: z.string().nullable(),
  attempt: z.number(),
  batchId: z.number().nullable(),
  queueItemId: z.number().nullable(),
  /**
   * A successful send's receipt (src/receipts): `delivered` (entregue), `read` (lida), `failed` (falhou depois do
   * envio, with the provider's error); null when none came (or for a failed attempt).
   */
  delivery: deliverySchema.nullable(),
  /**
   * The fallback chain (src/queue/fallback.ts): this message was replaced by one on `replacedBy` (WhatsApp did not
   * reach them → SMS), or this one went in place of one on `replaces`.
   */
  fallback: z.object({ replacedBy: z.enum(channels).nullable(), replaces: z.enum(channels).nullable() }).nullable(),
});
export type LogRow = z.output<typeof logRowSchema>;

/** One receipt as the provider sent it (`delivery_events`). */
const deliveryEventSchema = z.object({
  status: z.enum(receiptStatuses),
  /** The provider's time of the status. */
  at: z.date(),
  /** When Avisa received it (receipts come late and out of order). */
  receivedAt: z.date(),
  /** A `failed` receipt's error: the provider's code (Meta's 131026…) and its words. */
  errorCode: z.string().nullable(),
  errorTitle: z.string().nullable(),
});

/** The other end of a fallback chain: the queue row, its latest log line (none while it waits) and its receipt. */
const fallbackLinkSchema = z.object({
  queueItemId: z.number(),
  channel: z.enum(channels),
  state: z.enum(queueStates),
  log: z.object({ id: z.number(), at: z.date(), success: z.boolean(), message: noticeSchema }).nullable(),
  /** Its final receipt, when its latest attempt was sent. */
  delivery: deliverySchema.nullable(),
});

/**
 * A log line's delivery timeline: the attempt, every receipt of its message in the provider's time order (a late
 * one included, though it does not change the final status), the final status, and the fallback chain's other line.
 */
export const deliveryTimelineSchema = z.object({
  id: z.number(),
  channel: z.enum(channels),
  at: z.date(),
  success: z.boolean(),
  message: noticeSchema,
  providerMessageId: z.string().nullable(),
  queueItemId: z.number().nullable(),
  delivery: deliverySchema.nullable(),
  events: z.array(deliveryEventSchema),
  /** The row that went instead of this one on another channel. */
  replacedBy: fallbackLinkSchema.nullable(),
  /** The row this one went instead of. */
  replaces: fallbackLinkSchema.nullable(),
});
export type DeliveryTimeline = z.output<typeof deliveryTimelineSchema>;
