/**
 * Gatilhos de envio (Sistema › CRM › Gatilhos de envio): the shape of a rule as the API takes it and gives it
 * back, and of one evaluation in its history. A rule is a saved filter of the Relatório de status logins, one
 * message per channel at most, the values of those messages' free fields, a priority, a cooldown per recipient
 * and a ceiling above which a run waits for an operator.
 */
import { z } from 'zod';
import { previewSchema } from '../messages/schemas.js';
import { skipCountsSchema } from '../queue/schemas.js';
import { pageParam, rowId } from '../shared/ids.js';
import { noticeSchema } from '../shared/notice.js';
import { channels, type TriggerRunStatus, triggerRunStatuses } from '../shared/vocabulary.js';

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

export type { TriggerRunStatus };

/** Body of the draft Simular: the rule as on the form, and the saved rule it edits (its past sends count for the cooldown). */
export const triggerDraftSchema = triggerInputSchema.extend({ ruleId: rowId.optional() });

export const ruleListQuerySchema = z.object({
  active: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
});

/** One evaluation of a rule. For `held` and `discarded` runs the counts are what it would have queued. */
export const triggerRunSchema = z.object({
  id: z.number().int(),
  ruleId: z.number().int(),
  /** The Agenda de tarefas run that evaluated it (null when unknown). */
  taskRunId: z.number().int().nullable(),
  at: z.date(),
  status: z.enum(triggerRunStatuses),
  /** Logins the filter matched. */
  matched: z.number().int(),
  /** Rows queued over all the rule's messages (to be queued, for a held run). */
  enqueued: z.number().int(),
  skipped: z.number().int(),
  skipCounts: skipCountsSchema,
  batchIds: z.array(z.number().int()),
  /** Why the evaluation failed, or why a held run was closed without a person (src/shared/notice.ts). */
  error: noticeSchema.nullable(),
  /** Who confirmed or discarded a held run (null when a newer evaluation replaced it: see `error`). */
  decidedBy: z.string().nullable(),
  decidedAt: z.date().nullable(),
});
export type TriggerRun = z.output<typeof triggerRunSchema>;

const ruleMessageSchema = z.object({
  id: z.number().int(),
  /** Null once the message was deleted: the rule's runs then fail until it is edited. */
  channel: z.enum(channels).nullable(),
  description: z.string().nullable(),
  active: z.boolean(),
});

export const triggerRuleSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  /** Null once the saved filter was deleted. */
  savedFilterId: z.number().int().nullable(),
  savedFilterName: z.string().nullable(),
  messageIds: z.array(z.number().int()),
  messages: z.array(ruleMessageSchema),
  freeValues: z.record(z.string(), z.string()),
  priority: z.number().int(),
  active: z.boolean(),
  cooldownMinutes: z.number().int(),
  ceiling: z.number().int(),
  createdBy: z.string(),
  createdAt: z.date(),
  updatedAt: z.date(),
  lastRun: triggerRunSchema.nullable(),
  /** Held runs waiting for Confirmar envio / Descartar. */
  heldRuns: z.number().int(),
});
export type TriggerRule = z.output<typeof triggerRuleSchema>;

export const runPageSchema = z.object({
  page: pageParam,
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
  status: z.enum(triggerRunStatuses).optional(),
});
export type RunPage = z.input<typeof runPageSchema>;

export const runListSchema = z.object({
  runs: z.array(triggerRunSchema),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});

const planCounts = {
  skipped: z.number().int(),
  skipCounts: skipCountsSchema,
};

/** Simular, per message: recipients, rows it would queue, skipped by reason, and a few renderings. */
export const dryRunMessageSchema = z.object({
  messageId: z.number().int(),
  channel: z.enum(channels),
  description: z.string(),
  recipients: z.number().int(),
  enqueue: z.number().int(),
  ...planCounts,
  /** The message rendered for up to three logins of the filter, reachable ones first. */
  samples: z.array(previewSchema),
});
export type DryRunMessage = z.output<typeof dryRunMessageSchema>;

export const dryRunSchema = z.object({
  matched: z.number().int(),
  /** Rows all the messages would queue. */
  enqueue: z.number().int(),
  ...planCounts,
  ceiling: z.number().int(),
  /** True when `enqueue` passes the ceiling: a run would wait for an operator's confirmation. */
  wouldHold: z.boolean(),
  messages: z.array(dryRunMessageSchema),
});
export type DryRun = z.output<typeof dryRunSchema>;
