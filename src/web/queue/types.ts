/** The Fila as the UI sees it (the contract lives in src/http/routes/queue-routes.ts and src/queue/batches.ts). */
import type { Channel, SkipCounts } from '../send/types.js';

export const queueStates = ['pending', 'claimed', 'sending', 'sent', 'failed', 'cancelled', 'uncertain'] as const;
export type QueueState = (typeof queueStates)[number];

export interface Batch {
  id: number;
  channel: Channel;
  messageId: number | null;
  messageDescription: string;
  integrationId: number | null;
  /** Who queued it: a username, or `gatilho: <name>`. */
  actor: string;
  createdAt: string;
  /** The report filter it was sent for (as stored). */
  filter: unknown;
  freeValues: Record<string, string>;
  priority: number;
  matched: number;
  enqueued: number;
  skipped: number;
  skipCounts: SkipCounts;
  cancelledAt: string | null;
  cancelledBy: string | null;
  /** Rows by state now. */
  states: Record<QueueState, number>;
}

export interface QueueItem {
  id: number;
  clientId: number;
  loginId: number | null;
  login: string | null;
  contact: string;
  status: QueueState;
  attempts: number;
  runAfter: string;
  providerMessageId: string | null;
  lastError: string | null;
  lastErrorKind: string | null;
  updatedAt: string;
  finishedAt: string | null;
  payload: unknown;
}

export interface ItemQuery {
  status?: QueueState;
  q?: string;
  page: number;
  pageSize: number;
}
