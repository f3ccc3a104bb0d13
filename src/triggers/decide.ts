/**
 * An operator's decision on a held run (over its rule's ceiling): **Confirmar envio** plans the rule again now and
 * queues it whatever the count (the cooldown and dedupe still apply), the run becoming `confirmed` with the real
 * counts and batches; **Descartar** closes it `discarded`. Either works once: a second click, or a decision on a
 * run that is not held, is a CONFLICT. Confirming waits for an evaluation of the same rule in progress.
 */
import { and, eq, sql } from 'drizzle-orm';
import { type Db, inTransaction } from '../db/database.js';
import { triggerRuns } from '../db/schema/triggers.js';
import { AppError } from '../shared/errors.js';
import { notice } from '../shared/notice.js';
import { lockRule, planRule, refsOf, ruleRow, sendRule } from './evaluate.js';
import { problemError, resolveRule } from './resolve.js';
import { getTriggerRun } from './runs.js';
import type { TriggerRun } from './schemas.js';

const statusText: Record<TriggerRun['status'], string> = {
  enqueued: 'was queued',
  held: 'is held',
  confirmed: 'was already confirmed',
  discarded: 'was discarded',
  failed: 'failed',
};

function notHeld(run: TriggerRun): AppError {
  const by = run.decidedBy
    ? ` by ${run.decidedBy}`
    : run.error?.code === 'superseded'
      ? ` (replaced by evaluation #${run.error.params.run})`
      : '';
  const message = `Trigger run ${run.id} ${statusText[run.status]}${by}; only a held run can be confirmed or discarded`;
  return new AppError('CONFLICT', message, undefined, notice('trigger_run_decided', { run: run.id }));
}

export async function confirmRun(db: Db, runId: number, options: { actor: string; timezone: string; now?: Date }): Promise<TriggerRun> {
  await inTransaction(db, async (tx) => {
    const [locked] = await tx.select({ id: triggerRuns.id }).from(triggerRuns).where(eq(triggerRuns.id, runId)).for('update');
    if (!locked) throw new AppError('NOT_FOUND', `No trigger run ${runId}`);
    const run = await getTriggerRun(tx, runId);
    if (run.status !== 'held') throw notHeld(run);
    await lockRule(tx, run.ruleId, true);
    const rule = await ruleRow(tx, run.ruleId);
    const resolution = await resolveRule(tx, refsOf(rule));
    if (!resolution.ok) throw problemError(resolution.problem);
    const now = options.now ?? new Date();
    const { plans } = await planRule(tx, rule, resolution.rule, now);
    const sent = await sendRule(tx, rule, resolution.rule, plans, { timezone: options.timezone, now });
    await tx
      .update(triggerRuns)
      .set({
        status: 'confirmed',
        ...sent.counts,
        batchIds: sent.batchIds,
        decidedBy: options.actor,
        decidedAt: sql`now()`,
      })
      .where(eq(triggerRuns.id, runId));
  });
  return getTriggerRun(db, runId);
}

export async function discardRun(db: Db, runId: number, options: { actor: string }): Promise<TriggerRun> {
  const closed = await db
    .update(triggerRuns)
    .set({ status: 'discarded', decidedBy: options.actor, decidedAt: sql`now()` })
    .where(and(eq(triggerRuns.id, runId), eq(triggerRuns.status, 'held')))
    .returning({ id: triggerRuns.id });
  const run = await getTriggerRun(db, runId);
  if (closed.length === 0) throw notHeld(run);
  return run;
}
