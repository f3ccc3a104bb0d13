/**
 * Sincronizar agora on an IXC source is a manual run of the source's own "Sincroniza IXC" task, so a sync asked for
 * by hand has what every task run has: heartbeats, reaping when its process dies, the run history, and a clean
 * stop with the process. A source gets its task the first time someone asks: the task whose options name the
 * source, else a new one, disabled (an admin may give it a schedule and enable it in the Agenda de tarefas).
 */
import { sql } from 'drizzle-orm';
import { type Db, inTransaction, queryRows } from '../../db/database.js';
import { statusSources } from '../../db/schema/sources.js';
import { AppError } from '../../shared/errors.js';
import { notice } from '../../shared/notice.js';
import { createTask, getTask, type ScheduledTask, type TaskRules } from '../../tasks/tasks.js';
import type { Source } from '../sources.js';
import { IXC_SYNC_TASK_TYPE, ixcSyncTaskType } from './task.js';

/** The new task's schedule, should it be enabled: every 5 minutes (incremental reads are cheap). */
const EVERY_FIVE_MINUTES = { minute: '*/5' };

/** The source's sync task, created (by `userId`) when it has none; `created` tells which. */
export async function sourceSyncTask(
  db: Db,
  rules: TaskRules,
  source: Pick<Source, 'id' | 'description'>,
  userId: number | null,
): Promise<{ task: ScheduledTask; created: boolean }> {
  return inTransaction(db, async (tx) => {
    // Two clicks at once: the second waits here, then finds the task the first created.
    await tx.select({ id: statusSources.id }).from(statusSources).where(sql`${statusSources.id} = ${source.id}`).for('update');
    const [existing] = await queryRows<{ id: number }>(
      tx,
      sql`select id from scheduled_tasks where type = ${IXC_SYNC_TASK_TYPE} and options->>'sourceId' = ${String(source.id)}
          order by id limit 1`,
    );
    if (existing) return { task: await getTask(tx, Number(existing.id)), created: false };
    const base = `${ixcSyncTaskType.label['pt-BR']}: ${source.description}`.slice(0, 100);
    for (const description of [base, `${base.slice(0, 85)} (fonte ${source.id})`]) {
      try {
        const input = { type: IXC_SYNC_TASK_TYPE, description, ...EVERY_FIVE_MINUTES, enabled: false, options: { sourceId: source.id } };
        return { task: await createTask(tx, rules, userId, input), created: true };
      } catch (err) {
        // the name is another task's: try the one that names the source's id
        if (!(err instanceof AppError && err.code === 'CONFLICT' && err.field === 'description')) throw err;
      }
    }
    const why = notice('sync_task_names_taken', { source: source.id });
    throw new AppError('CONFLICT', `Both names for the sync task of source ${source.id} are taken; rename one of those tasks`, 'description', why);
  });
}
