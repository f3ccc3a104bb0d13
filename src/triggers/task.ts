/**
 * "Executa gatilhos de envio", the Agenda de tarefas task type (src/tasks/types.ts registry; the composition root
 * registers it with `registerTaskType(triggersTaskType)`): each run evaluates every active gatilho once
 * (./evaluate.ts). The scheduler claims one run per (task, due time), so however many schedulers share the
 * database a rule is evaluated once per due time. In the task history `processed` counts rules evaluated, `sent`
 * rows queued and `failed` rules whose evaluation failed; a failed rule makes the task run failed, naming it.
 */
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { queryRows } from '../db/database.js';
import { scheduledTasks, taskRuns } from '../db/schema/index.js';
import type { TaskContext, TaskResult, TaskType } from '../tasks/types.js';
import { runTriggers, type TriggersSummary } from './evaluate.js';

export const TRIGGERS_TASK_TYPE = 'run_triggers';

export const triggersTaskOptionsSchema = z.strictObject({});
export type TriggersTaskOptions = z.output<typeof triggersTaskOptionsSchema>;

/**
 * The task_runs row this execution is. The scheduler's context may carry it (`runId`); otherwise it is the one
 * running run of this type owned by this process (null when there are several: the rule runs then carry none).
 */
export async function currentTaskRunId(ctx: Pick<TaskContext, 'db' | 'owner'> & { runId?: unknown }): Promise<number | null> {
  if (typeof ctx.runId === 'number') return ctx.runId;
  const rows = await queryRows<{ id: number }>(
    ctx.db,
    sql`select r.id from ${taskRuns} r join ${scheduledTasks} t on t.id = r.task_id
        where r.owner = ${ctx.owner} and r.status = 'running' and t.type = ${TRIGGERS_TASK_TYPE} limit 2`,
  );
  return rows.length === 1 ? Number(rows[0]!.id) : null;
}

function resultOf(summary: TriggersSummary): TaskResult {
  const failures = summary.rules.flatMap((r) => (r.status === 'failed' ? [`${r.name}: ${r.run.error ?? 'falhou'}`] : []));
  return {
    processed: summary.evaluated,
    sent: summary.enqueued,
    failed: summary.failed,
    ...(failures.length > 0 ? { error: failures.join('; ') } : {}),
    details: {
      held: summary.held,
      busy: summary.busy,
      rules: summary.rules.map((r) =>
        r.status === 'busy'
          ? { ruleId: r.ruleId, name: r.name, status: r.status }
          : { ruleId: r.ruleId, name: r.name, status: r.status, runId: r.run.id, matched: r.run.matched, enqueued: r.run.enqueued, skipped: r.run.skipped },
      ),
    },
  };
}

export async function runTriggersTask(ctx: TaskContext, _options: TriggersTaskOptions): Promise<TaskResult> {
  const taskRunId = await currentTaskRunId(ctx);
  const summary = await runTriggers(ctx.db, {
    timezone: ctx.timezone,
    taskRunId,
    signal: ctx.signal,
    onRule: (s) => ctx.progress({ processed: s.evaluated, sent: s.enqueued, failed: s.failed }),
  });
  return resultOf(summary);
}

export const triggersTaskType: TaskType<TriggersTaskOptions> = {
  type: TRIGGERS_TASK_TYPE,
  label: { 'pt-BR': 'Executa gatilhos de envio', en: 'Run send triggers' },
  optionsSchema: triggersTaskOptionsSchema,
  run: runTriggersTask,
};
