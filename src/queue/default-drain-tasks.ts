/**
 * The drains a fresh installation has without anyone creating them: one task per channel, every minute (the five
 * fields Todos), described as IXC does ("Envia Mensagens Omnichannel da Fila"…) and disabled until the channel
 * has an integration — so the Agenda de tarefas already shows them and nothing is sent before there is a way to.
 *
 * `ensureDrainTasks` (at every start) creates each one only when no task of its type exists. `enableDrainTask`
 * (when an active integration of the channel is saved) enables the channel's one unless a person has saved it
 * since it was created: a drain someone turned off or changed stays as they left it. Both are audited as `system`.
 */
import { recordAudit } from '../audit/audit.js';
import type { Db } from '../db/database.js';
import type { Channel } from '../shared/vocabulary.js';
import { createDefaultTask, enableDefaultTask, type ScheduledTask } from '../tasks/tasks.js';
import { taskTypes } from '../tasks/types.js';
import { drainTaskTypeOf, drainTaskTypes } from './drain-tasks.js';

const system = { name: 'system' };
const rulesFor = (timezone: string, now?: Date) => ({ types: taskTypes(drainTaskTypes), timezone, ...(now ? { now } : {}) });
/** The default task's description: its type's IXC label. */
const descriptionOf = (channel: Channel) => drainTaskTypeOf[channel].label['pt-BR'];

/** Creates the missing default drains (disabled); returns those it created. */
export async function ensureDrainTasks(db: Db, timezone: string, now?: Date): Promise<ScheduledTask[]> {
  const created: ScheduledTask[] = [];
  for (const [channel, type] of Object.entries(drainTaskTypeOf) as [Channel, (typeof drainTaskTypeOf)[Channel]][]) {
    const task = await createDefaultTask(db, rulesFor(timezone, now), {
      type: type.type,
      description: descriptionOf(channel),
      enabled: false,
    });
    if (!task) continue;
    await recordAudit(db, system, 'task.create', { entity: 'task', entityId: task.id, details: { type: task.type, description: task.description, enabled: false } });
    created.push(task);
  }
  return created;
}

/**
 * An active integration of `channel` was saved (`integrationId`): its default drain is enabled unless a person
 * has saved it since it was created. Returns the task it enabled, or null.
 */
export async function enableDrainTask(
  db: Db,
  channel: Channel,
  because: { integrationId: number },
  timezone: string,
  now?: Date,
): Promise<ScheduledTask | null> {
  const task = await enableDefaultTask(db, rulesFor(timezone, now), drainTaskTypeOf[channel].type, descriptionOf(channel));
  if (task) {
    await recordAudit(db, system, 'task.update', { entity: 'task', entityId: task.id, details: { enabled: true, integrationId: because.integrationId } });
  }
  return task;
}
