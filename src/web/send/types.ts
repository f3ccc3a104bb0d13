/**
 * Enviar (CRM tab of the report) as the UI sees it. The contract lives in src/http/routes/send-routes.ts,
 * src/queue/enqueue.ts and src/queue/audience.ts (skip reasons).
 */
import type { Channel } from '../integrations/types.js';
import type { ReportFilter } from '../report/types.js';

export type { Channel };

/** Why a matched login gets no message, in the order the confirmation lists them. */
export const skipReasons = [
  'opted_out',
  'no_mobile',
  'invalid_phone',
  'landline',
  'no_email',
  'invalid_email',
  'duplicate_in_batch',
  'already_pending',
] as const;
export type SkipReason = (typeof skipReasons)[number];

export type SkipCounts = Partial<Record<SkipReason, number>>;

/** Body of POST /api/sends/plan (and of POST /api/sends, plus the idempotency key). */
export interface SendRequest {
  messageId: number;
  filter: ReportFilter;
  free: Record<string, string>;
  /** 0 rotina … 9; the screen offers Rotina (0) and Urgente (5). */
  priority: number;
}

/** What a send would do: the confirmation's numbers. */
export interface SendPlan {
  /** Logins the filter matched. */
  matched: number;
  /** Distinct reachable contacts (after removing repeated ones). */
  recipients: number;
  /** Rows that would be queued (recipients without a pending row for this message). */
  enqueue: number;
  skipped: number;
  skipCounts: SkipCounts;
}

/** Answer of POST /api/sends. */
export interface EnqueueResult {
  batchId: number;
  matched: number;
  enqueued: number;
  skipped: number;
  skipCounts: SkipCounts;
  /** The same idempotency key had already made this batch: nothing new was queued. */
  replayed: boolean;
}

/** An Opa! Suite channel's daily template quota; null when the channel has none. */
export interface DailyLimit {
  messagesSent: number;
  dailyLimit: number;
  availableAmount: number;
}

export const priorities = { routine: 0, urgent: 5 } as const;
export type PriorityName = keyof typeof priorities;
