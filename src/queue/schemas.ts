/**
 * The Fila (Sistema › CRM › Fila de envio) as the API takes and gives it (browser-safe): batches with their rows
 * counted by state, the rows of a batch, Reenviar's choice, and the recipients a batch skipped with a reason code.
 */
import { z } from 'zod';
import { bigRowIdParam, pageParam } from '../shared/ids.js';
import { noticeSchema } from '../shared/notice.js';
import { channels, queueStates, skipReasons } from '../shared/vocabulary.js';

/** Skipped recipients by reason (only the reasons that occurred). */
export const skipCountsSchema = z.partialRecord(z.enum(skipReasons), z.number().int());

export const batchListSchema = z.strictObject({
  channel: z.enum(channels).optional(),
  page: pageParam,
  pageSize: z.coerce.number().int().min(1).max(200).default(25),
});
export type BatchListQuery = z.input<typeof batchListSchema>;

export const batchSchema = z.object({
  id: z.number().int(),
  channel: z.enum(channels),
  messageId: z.number().int().nullable(),
  messageDescription: z.string(),
  integrationId: z.number().int().nullable(),
  /** Who queued it: a username, or `gatilho: <name>`. */
  actor: z.string(),
  createdAt: z.date(),
  /** The report filter it was sent for, as stored. */
  filter: z.unknown(),
  freeValues: z.record(z.string(), z.string()),
  priority: z.number().int(),
  matched: z.number().int(),
  enqueued: z.number().int(),
  skipped: z.number().int(),
  skipCounts: skipCountsSchema,
  cancelledAt: z.date().nullable(),
  cancelledBy: z.string().nullable(),
  /** Rows by state now. */
  states: z.record(z.enum(queueStates), z.number().int()),
  /** Receipts of its sent rows (src/receipts): delivered (entregue), read (lida), failed after sending. */
  delivery: z.object({ delivered: z.number().int(), read: z.number().int(), failed: z.number().int() }),
});
export type Batch = z.output<typeof batchSchema>;

export const itemListSchema = z.strictObject({
  status: z.enum(queueStates).optional(),
  /** Contact or login contains, or the last error says it (the provider's words, or its code's text in pt-BR or English). */
  q: z.string().trim().max(200).optional(),
  page: pageParam,
  pageSize: z.coerce.number().int().min(1).max(500).default(50),
});
export type ItemListQuery = z.input<typeof itemListSchema>;

export const queueItemSchema = z.object({
  id: z.number(),
  clientId: z.number(),
  loginId: z.number().nullable(),
  login: z.string().nullable(),
  contact: z.string(),
  status: z.enum(queueStates),
  attempts: z.number(),
  runAfter: z.date(),
  providerMessageId: z.string().nullable(),
  /** Why the row waits, failed or was cancelled (src/shared/notice.ts). */
  lastError: noticeSchema.nullable(),
  lastErrorKind: z.string().nullable(),
  updatedAt: z.date(),
  finishedAt: z.date().nullable(),
  /** What the provider is sent for this recipient (rendered at enqueue time). */
  payload: z.unknown(),
});
export type QueueItem = z.output<typeof queueItemSchema>;

/** Reenviar: which rows go back to pending. */
export const requeueBodySchema = z.strictObject({ status: z.enum(['failed', 'uncertain']) });

const MAX_SKIP_PAGE = 500;

/** A page of a batch's skipped recipients: after the row `after` (keyset), at most `limit`, of one reason or all. */
export const skipListSchema = z.strictObject({
  /** The `next` of the previous page; absent for the first. */
  after: bigRowIdParam.optional(),
  limit: z.coerce.number().int().min(1).max(MAX_SKIP_PAGE).default(100),
  reason: z.enum(skipReasons).optional(),
});
export type SkipListQuery = z.input<typeof skipListSchema>;

/** One recipient a batch skipped: who, what the client had on file, and why (a code of `skipReasons`). */
export const skipRowSchema = z.object({
  id: z.number(),
  clientId: z.number(),
  clientName: z.string().nullable(),
  loginId: z.number().nullable(),
  login: z.string().nullable(),
  /** As stored on the client (the phone field or e-mail the operator has to fix), or null when there was none. */
  contact: z.string().nullable(),
  reason: z.enum(skipReasons),
});
export type SkipRow = z.output<typeof skipRowSchema>;

export const skipPageSchema = z.object({
  /** Every skipped recipient of the batch, and by reason (whatever `reason` filters). */
  total: z.number().int(),
  totals: skipCountsSchema,
  rows: z.array(skipRowSchema),
  /** `after` for the next page; null on the last. */
  next: z.number().nullable(),
});
export type SkipPage = z.output<typeof skipPageSchema>;
