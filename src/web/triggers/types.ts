/**
 * Gatilhos de envio as the UI sees it (the contract lives in src/http/routes/trigger-routes.ts and
 * src/triggers/schemas.ts). Dates arrive as ISO strings.
 */
import type { Channel } from '../integrations/types.js';
import type { Preview } from '../messages/types.js';
import type { SkipCounts } from '../send/types.js';

export type { Channel, SkipCounts };
/** The send's skip reasons, the gatilho's own (`cooldown`) included: src/shared/vocabulary.ts. */
export { type SkipReason, skipReasons } from '../../shared/vocabulary.js';

export type RunStatus = 'enqueued' | 'held' | 'confirmed' | 'discarded' | 'failed';

export interface TriggerRun {
  id: number;
  ruleId: number;
  taskRunId: number | null;
  at: string;
  status: RunStatus;
  matched: number;
  /** Rows queued; for a held or discarded run, the rows it would have queued. */
  enqueued: number;
  skipped: number;
  skipCounts: SkipCounts;
  batchIds: number[];
  error: string | null;
  decidedBy: string | null;
  decidedAt: string | null;
}

export interface RuleMessage {
  id: number;
  /** Null once the message was deleted. */
  channel: Channel | null;
  description: string | null;
  active: boolean;
}

export interface TriggerRule {
  id: number;
  name: string;
  savedFilterId: number | null;
  savedFilterName: string | null;
  messageIds: number[];
  messages: RuleMessage[];
  freeValues: Record<string, string>;
  priority: number;
  active: boolean;
  cooldownMinutes: number;
  ceiling: number;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  lastRun: TriggerRun | null;
  heldRuns: number;
}

/** Body of POST/PUT /api/triggers and of the draft dry run. */
export interface TriggerInput {
  name: string;
  savedFilterId: number;
  messageIds: number[];
  freeValues: Record<string, string>;
  priority: number;
  active: boolean;
  cooldownMinutes: number;
  ceiling: number;
}

export interface DryRunMessage {
  messageId: number;
  channel: Channel;
  description: string;
  recipients: number;
  enqueue: number;
  skipped: number;
  skipCounts: SkipCounts;
  samples: Preview[];
}

export interface DryRun {
  matched: number;
  enqueue: number;
  skipped: number;
  skipCounts: SkipCounts;
  ceiling: number;
  wouldHold: boolean;
  messages: DryRunMessage[];
}

export interface RunPage {
  runs: TriggerRun[];
  total: number;
  page: number;
  pageSize: number;
}
