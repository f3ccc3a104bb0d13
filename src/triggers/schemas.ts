/**
 * Gatilhos de envio (Sistema › CRM › Gatilhos de envio): the shape of a rule as the API takes it and gives it
 * back, and of one evaluation in its history. A rule is a saved filter of the Relatório de status logins, one
 * message per channel at most, the values of those messages' free fields, a priority, a cooldown per recipient
 * and a ceiling above which a run waits for an operator.
 */
import { z } from 'zod';
import type { SkipReason } from '../queue/audience.js';
import type { Channel } from '../providers/types.js';
import { rowId } from '../shared/ids.js';

export const DEFAULT_COOLDOWN_MINUTES = 720;
export const DEFAULT_CEILING = 5_000;
/** A year: longer cooldowns are a mistake of unit, not a wish. */
export const MAX_COOLDOWN_MINUTES = 525_600;
export const MAX_CEILING = 1_000_000;

export const triggerInputSchema = z.strictObject({
  name: z.string().trim().min(1, 'is required').max(100),
  savedFilterId: rowId,
  /** One message per channel at most (WhatsApp, e-mail, SMS). */
  messageIds: z.array(rowId).min(1, 'choose at least one message').max(3),
  /** Values of the chosen messages' free fields, by key (one value serves every message with that key). */
  freeValues: z.record(z.string(), z.string().max(500)).default({}),
  /** 0 rotina … 9; as in a CRM send. */
  priority: z.number().int().min(0).max(9).default(0),
  active: z.boolean().default(true),
  /** Do not send this rule again to the same contact within this many minutes (0: no cooldown). */
  cooldownMinutes: z.number().int().min(0).max(MAX_COOLDOWN_MINUTES).default(DEFAULT_COOLDOWN_MINUTES),
  /** A run that would queue more than this waits for an operator's confirmation. */
  ceiling: z.number().int().min(1).max(MAX_CEILING).default(DEFAULT_CEILING),
});
export type TriggerInput = z.input<typeof triggerInputSchema>;
export type TriggerData = z.output<typeof triggerInputSchema>;

export { triggerRunStatuses } from '../shared/vocabulary.js';
import { triggerRunStatuses } from '../shared/vocabulary.js';
export type TriggerRunStatus = (typeof triggerRunStatuses)[number];

/** One evaluation of a rule. For `held` and `discarded` runs the counts are what it would have queued. */
export interface TriggerRun {
  id: number;
  ruleId: number;
  /** The Agenda de tarefas run that evaluated it (null when unknown). */
  taskRunId: number | null;
  at: Date;
  status: TriggerRunStatus;
  /** Logins the filter matched. */
  matched: number;
  /** Rows queued over all the rule's messages (to be queued, for a held run). */
  enqueued: number;
  skipped: number;
  skipCounts: Partial<Record<SkipReason, number>>;
  batchIds: number[];
  error: string | null;
  /** Who confirmed or discarded a held run. */
  decidedBy: string | null;
  decidedAt: Date | null;
}

export interface RuleMessage {
  id: number;
  /** Null once the message was deleted: the rule's runs then fail until it is edited. */
  channel: Channel | null;
  description: string | null;
  active: boolean;
}

export interface TriggerRule {
  id: number;
  name: string;
  /** Null once the saved filter was deleted. */
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
  createdAt: Date;
  updatedAt: Date;
  lastRun: TriggerRun | null;
  /** Held runs waiting for Confirmar envio / Descartar. */
  heldRuns: number;
}
