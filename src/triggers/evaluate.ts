/**
 * Evaluating a gatilho: what the Agenda de tarefas task "Executa gatilhos de envio" does for every active rule.
 *
 * 1. Resolve the rule (./resolve.ts). A deleted saved filter, a deleted or inactive message, a required free
 *    value now missing: the run is recorded `failed` with the reason, nothing is queued.
 * 2. Plan every message of the rule with `planSend(…, rule)` — the same audience, dedupe and skip reasons as a
 *    CRM send, plus `cooldown` for contacts this rule reached within its cooldown. If the rows to queue, summed
 *    over the rule's messages, exceed the rule's ceiling, the run is recorded `held` with those counts and nothing
 *    is queued: an operator confirms (./decide.ts) or discards it.
 * 3. Otherwise enqueue each message that has rows to queue (`enqueueSend`, one batch per message, author
 *    `gatilho: <name>`; no empty batch when everyone is in cooldown) and record the run `enqueued` with the summed
 *    counts and the batch ids.
 *
 * The whole evaluation is one transaction holding an advisory lock on the rule, so an evaluation and a
 * confirmation (or two tasks of this type) never send the same rule at once; a rule found locked is reported
 * `busy` and left to the evaluation holding it. A newer evaluation closes the rule's older held run.
 */
import { asc, desc, eq, sql } from 'drizzle-orm';
import { type Db, inTransaction, queryRows } from '../db/database.js';
import { triggerRules } from '../db/schema/triggers.js';
import { enqueueSend, planSend, type SendPlan } from '../queue/enqueue.js';
import type { SkipReason } from '../queue/audience.js';
import { AppError } from '../shared/errors.js';
import { said } from '../shared/notice.js';
import { problemNotice, type ResolvedRule, resolveRule } from './resolve.js';
import { recordRun, supersedeHeld } from './runs.js';
import type { TriggerRun } from './schemas.js';

/** First key of the advisory lock held on a rule while it is evaluated or confirmed. */
export const RULE_LOCK_CLASS = 0x47415449; // "GATI"

/** A rule as stored (no joins), what evaluation reads. */
export type RuleRow = typeof triggerRules.$inferSelect;

export interface EvaluateOptions {
  timezone: string;
  /** The instant offline durations of the filter are measured from; default now. */
  now?: Date;
  /** The Agenda de tarefas run doing this, recorded on the rule's run. */
  taskRunId?: number | null;
}

export type Evaluation = { ruleId: number; name: string } & ({ status: 'busy' } | { status: TriggerRun['status']; run: TriggerRun });

export interface Counts {
  matched: number;
  enqueued: number;
  skipped: number;
  skipCounts: Partial<Record<SkipReason, number>>;
}

export function addCounts(into: Counts, part: { matched: number; skipCounts: Counts['skipCounts'] }, rows: number): Counts {
  const skipCounts = { ...into.skipCounts };
  for (const [reason, n] of Object.entries(part.skipCounts) as [SkipReason, number][]) skipCounts[reason] = (skipCounts[reason] ?? 0) + n;
  return {
    // every message of a rule runs on the same filter: the logins matched are the same for each
    matched: Math.max(into.matched, part.matched),
    enqueued: into.enqueued + rows,
    skipped: Object.values(skipCounts).reduce((a, b) => a + b, 0),
    skipCounts,
  };
}

const none = (): Counts => ({ matched: 0, enqueued: 0, skipped: 0, skipCounts: {} });

/** The rows each message would queue now, counted the way the enqueue would (cooldown included). */
export async function planRule(db: Db, rule: RuleRow, resolved: ResolvedRule, now: Date): Promise<{ counts: Counts; plans: SendPlan[] }> {
  let counts = none();
  const plans: SendPlan[] = [];
  for (const message of resolved.messages) {
    const plan = await planSend(db, requestOf(rule, resolved, message.id), now, scopeOf(rule));
    plans.push(plan);
    counts = addCounts(counts, plan, plan.enqueue);
  }
  return { counts, plans };
}

/**
 * Queues the messages of the rule whose plan has rows to queue: one batch each, the rule as author. A message
 * with nothing to queue (everyone in cooldown or already pending) makes no empty batch; its plan's counts stand.
 */
export async function sendRule(
  db: Db,
  rule: RuleRow,
  resolved: ResolvedRule,
  plans: SendPlan[],
  options: { timezone: string; now: Date },
): Promise<{ counts: Counts; batchIds: number[] }> {
  let counts = none();
  const batchIds: number[] = [];
  for (const [i, message] of resolved.messages.entries()) {
    const plan = plans[i]!;
    if (plan.enqueue === 0) {
      counts = addCounts(counts, plan, 0);
      continue;
    }
    const result = await enqueueSend(db, requestOf(rule, resolved, message.id), senderOf(rule), options);
    batchIds.push(result.batchId);
    counts = addCounts(counts, result, result.enqueued);
  }
  return { counts, batchIds };
}

const scopeOf = (rule: RuleRow) => ({ id: rule.id, cooldownMinutes: rule.cooldownMinutes });
const senderOf = (rule: RuleRow) => ({ userId: null, actor: `gatilho: ${rule.name}`, rule: scopeOf(rule) });
const requestOf = (rule: RuleRow, resolved: ResolvedRule, messageId: number) => ({
  messageId,
  filter: resolved.filter,
  free: resolved.freeValues,
  priority: rule.priority,
});

export const refsOf = (rule: RuleRow) => ({
  savedFilterId: rule.savedFilterId,
  messageIds: (rule.messageIds as number[]).map(Number),
  freeValues: rule.freeValues as Record<string, string>,
});

export async function ruleRow(db: Db, id: number): Promise<RuleRow> {
  const [row] = await db.select().from(triggerRules).where(eq(triggerRules.id, id));
  if (!row) throw new AppError('NOT_FOUND', `No trigger rule ${id}`);
  return row;
}

/** Takes the rule's advisory lock for the transaction `tx`; false when another evaluation holds it. */
export async function lockRule(tx: Db, ruleId: number, wait: boolean): Promise<boolean> {
  if (wait) {
    await tx.execute(sql`select pg_advisory_xact_lock(${RULE_LOCK_CLASS}, ${ruleId})`);
    return true;
  }
  const [row] = await queryRows<{ ok: boolean }>(tx, sql`select pg_try_advisory_xact_lock(${RULE_LOCK_CLASS}, ${ruleId}) as ok`);
  return row?.ok === true;
}

/** Evaluates one rule now (whether active or not: the caller chooses which) and records the run. */
export async function evaluateRule(db: Db, rule: RuleRow, options: EvaluateOptions): Promise<Evaluation> {
  const now = options.now ?? new Date();
  const taskRunId = options.taskRunId ?? null;
  const who = { ruleId: rule.id, name: rule.name };
  try {
    return await inTransaction(db, async (tx) => {
      if (!(await lockRule(tx, rule.id, false))) return { ...who, status: 'busy' as const };
      const resolution = await resolveRule(tx, refsOf(rule));
      if (!resolution.ok) {
        const run = await recordRun(tx, { ruleId: rule.id, taskRunId, status: 'failed', error: problemNotice(resolution.problem) });
        return { ...who, status: run.status, run };
      }
      const { counts, plans } = await planRule(tx, rule, resolution.rule, now);
      if (counts.enqueued > rule.ceiling) {
        const run = await recordRun(tx, { ruleId: rule.id, taskRunId, status: 'held', ...counts });
        await supersedeHeld(tx, rule.id, run);
        return { ...who, status: run.status, run };
      }
      const sent = await sendRule(tx, rule, resolution.rule, plans, { timezone: options.timezone, now });
      const run = await recordRun(tx, { ruleId: rule.id, taskRunId, status: 'enqueued', ...sent.counts, batchIds: sent.batchIds });
      await supersedeHeld(tx, rule.id, run);
      return { ...who, status: run.status, run };
    });
  } catch (err) {
    // the transaction rolled back (nothing queued): the history still says why
    const message = err instanceof Error ? err.message : String(err);
    const run = await recordRun(db, { ruleId: rule.id, taskRunId, status: 'failed', error: said('evaluation_error', message) });
    return { ...who, status: run.status, run };
  }
}

export interface TriggersSummary {
  evaluated: number;
  enqueued: number;
  held: number;
  failed: number;
  busy: number;
  rules: Evaluation[];
}

/**
 * Evaluates every active rule, highest priority first; `signal` stops between rules. `onRule` reports each
 * result as it comes (the task's progress).
 */
export async function runTriggers(
  db: Db,
  options: EvaluateOptions & { signal?: AbortSignal; onRule?: (summary: TriggersSummary) => void },
): Promise<TriggersSummary> {
  const rules = await db
    .select()
    .from(triggerRules)
    .where(eq(triggerRules.active, true))
    .orderBy(desc(triggerRules.priority), asc(triggerRules.id));
  const summary: TriggersSummary = { evaluated: 0, enqueued: 0, held: 0, failed: 0, busy: 0, rules: [] };
  for (const rule of rules) {
    if (options.signal?.aborted) break;
    const result = await evaluateRule(db, rule, options);
    summary.rules.push(result);
    if (result.status === 'busy') summary.busy += 1;
    else {
      summary.evaluated += 1;
      if (result.status === 'held') summary.held += 1;
      if (result.status === 'failed') summary.failed += 1;
      if (result.status === 'enqueued') summary.enqueued += result.run.enqueued;
    }
    options.onRule?.(summary);
  }
  return summary;
}
