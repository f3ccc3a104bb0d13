/**
 * Simular (dry run) on the rule form: what the rule would send if it ran now — per message the recipients, the
 * rows it would queue and the skipped by reason (cooldown included for a saved rule), whether the total passes the
 * ceiling (and so would wait for a confirmation), and a few messages rendered for logins the filter matches.
 * Nothing is written.
 */
import type { Db } from '../db/database.js';
import { planSend } from '../queue/enqueue.js';
import { sendSamples } from '../queue/samples.js';
import { addCounts, type Counts } from './evaluate.js';
import { problemError, resolveOrThrow } from './resolve.js';
import { getRule } from './rules.js';
import { type DryRun, type DryRunMessage, type TriggerInput, triggerInputSchema } from './schemas.js';

export type { DryRun };

/**
 * `input`: the rule as on the form (saved or not). `ruleId`: the saved rule it edits, whose past sends the
 * cooldown counts; without it (a new rule) nobody is in cooldown.
 */
export async function dryRun(db: Db, input: TriggerInput, options: { timezone: string; now?: Date; ruleId?: number }): Promise<DryRun> {
  const data = triggerInputSchema.parse(input);
  const resolved = await resolveOrThrow(db, data);
  const now = options.now ?? new Date();
  const scope = options.ruleId === undefined ? undefined : { id: options.ruleId, cooldownMinutes: data.cooldownMinutes };
  let counts: Counts = { matched: 0, enqueued: 0, skipped: 0, skipCounts: {} };
  const messages: DryRunMessage[] = [];
  for (const message of resolved.messages) {
    const request = { messageId: message.id, filter: resolved.filter, free: resolved.freeValues, priority: data.priority };
    const plan = await planSend(db, request, now, scope);
    counts = addCounts(counts, plan, plan.enqueue);
    const samples = await sendSamples(db, message, resolved.filter, resolved.freeValues, { timezone: options.timezone, now });
    messages.push({
      messageId: message.id,
      channel: message.channel,
      description: message.description,
      recipients: plan.recipients,
      enqueue: plan.enqueue,
      skipped: plan.skipped,
      skipCounts: plan.skipCounts,
      samples,
    });
  }
  return {
    matched: counts.matched,
    enqueue: counts.enqueued,
    skipped: counts.skipped,
    skipCounts: counts.skipCounts,
    ceiling: data.ceiling,
    wouldHold: counts.enqueued > data.ceiling,
    messages,
  };
}

/** Simular a saved rule as it is stored. */
export async function dryRunRule(db: Db, ruleId: number, options: { timezone: string; now?: Date }): Promise<DryRun> {
  const rule = await getRule(db, ruleId);
  if (rule.savedFilterId === null) throw problemError({ kind: 'filter_missing', field: 'savedFilterId' });
  const { name, savedFilterId, messageIds, freeValues, priority, active, cooldownMinutes, ceiling } = rule;
  const input = { name, savedFilterId, messageIds, freeValues, priority, active, cooldownMinutes, ceiling };
  return dryRun(db, input, { ...options, ruleId });
}
