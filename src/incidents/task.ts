/**
 * "Detecta quedas", the Agenda de tarefas task type (every minute in the demo): a full incident pass — detection for
 * sources that only poll (IXC sync, radacct), logins dropped since an incident opened added to it and told, the
 * auto-confirmations, the normalizados and the state changes; and the manutenções programadas' reminders due. The RADIUS receiver also runs passes as it applies
 * packets (./watcher.ts). In the task history `processed` counts incidents opened, confirmed, normalized and closed,
 * and reminders sent, `sent` the notices queued.
 */
import { z } from 'zod';
import { recordAudit } from '../audit/audit.js';
import type { Db } from '../db/database.js';
import { createDefaultTask, type ScheduledTask } from '../tasks/tasks.js';
import { type TaskContext, type TaskResult, type TaskType, taskType, taskTypes } from '../tasks/types.js';
import { runIncidentPass } from './lifecycle.js';
import { sendDueReminders } from './maintenance-notices.js';

const DETECT_TASK_TYPE = 'detect_outages';

const optionsSchema = z.strictObject({});

async function run(ctx: TaskContext): Promise<TaskResult> {
  const r = await runIncidentPass(ctx.db, { timezone: ctx.timezone });
  const reminders = await sendDueReminders(ctx.db, { timezone: ctx.timezone });
  return {
    processed: r.opened.length + r.confirmed.length + r.restored.length + r.closed.length + reminders.sent,
    sent: r.queued + reminders.enqueued,
    failed: 0,
    details: {
      reminders: reminders.sent,
      remindersSkipped: reminders.skipped,
      opened: r.opened.map((o) => o.id),
      merged: r.merged,
      confirmed: r.confirmed,
      restored: r.restored,
      closed: r.closed,
      back: r.back,
      cancelled: r.cancelled,
    },
  };
}

export const detectTaskType: TaskType = taskType<z.output<typeof optionsSchema>>({
  type: DETECT_TASK_TYPE,
  label: { 'pt-BR': 'Detecta quedas', en: 'Detect outages' },
  optionsSchema,
  run: (ctx) => run(ctx),
});

/**
 * A fresh installation detects from its first minute: "Detecta quedas", every minute, enabled (it sends nothing
 * until an admin registers the incidents' messages and an operator confirms, or sets a kind to confirm itself).
 * Created once, when no task of its type exists, and audited as `system`.
 */
export async function ensureDetectTask(db: Db, timezone: string): Promise<ScheduledTask | null> {
  const task = await createDefaultTask(
    db,
    { types: taskTypes([detectTaskType]), timezone },
    { type: DETECT_TASK_TYPE, description: detectTaskType.label['pt-BR'], enabled: true },
  );
  if (task) await recordAudit(db, { name: 'system' }, 'task.create', { entity: 'task', entityId: task.id, details: { type: task.type, enabled: true } });
  return task;
}
