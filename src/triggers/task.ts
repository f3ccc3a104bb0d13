/**
 * "Executa gatilhos de envio", the Agenda de tarefas task type (listed by the composition root in
 * src/app/task-types.ts): each run evaluates every active gatilho once (./evaluate.ts), its rule runs carrying the
 * task run's id. The scheduler claims one run per (task, due time), so however many schedulers share the
 * database a rule is evaluated once per due time. In the task history `processed` counts rules evaluated, `sent`
 * rows queued and `failed` rules whose evaluation failed; a failed rule makes the task run failed, naming it.
 */
import { z } from 'zod';
import { unexpected, withExtras } from '../shared/notice.js';
import { type TaskContext, type TaskResult, type TaskType, taskType } from '../tasks/types.js';
import { runTriggers, type TriggersSummary } from './evaluate.js';

export const TRIGGERS_TASK_TYPE = 'run_triggers';

export const triggersTaskOptionsSchema = z.strictObject({});
export type TriggersTaskOptions = z.output<typeof triggersTaskOptionsSchema>;

function resultOf(summary: TriggersSummary): TaskResult {
  const failures = summary.rules.flatMap((r) =>
    r.status === 'failed' ? [withExtras(r.run.error ?? unexpected(`run ${r.run.id} failed`), { subject: r.name })] : [],
  );
  return {
    processed: summary.evaluated,
    sent: summary.enqueued,
    failed: summary.failed,
    ...(failures.length > 0 ? { errors: failures } : {}),
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

async function runTriggersTask(ctx: TaskContext, _options: TriggersTaskOptions): Promise<TaskResult> {
  const summary = await runTriggers(ctx.db, {
    timezone: ctx.timezone,
    taskRunId: ctx.runId,
    signal: ctx.signal,
    onRule: (s) => ctx.progress({ processed: s.evaluated, sent: s.enqueued, failed: s.failed }),
  });
  return resultOf(summary);
}

export const triggersTaskType: TaskType = taskType<TriggersTaskOptions>({
  type: TRIGGERS_TASK_TYPE,
  label: { 'pt-BR': 'Executa gatilhos de envio', en: 'Run send triggers' },
  optionsSchema: triggersTaskOptionsSchema,
  run: runTriggersTask,
});
