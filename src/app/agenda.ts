/**
 * The Agenda de tarefas of a process (`avisa serve`, `avisa worker`, the end-to-end test server): the default
 * drains ensured (a fresh installation shows them, disabled until a channel has an integration) and the default
 * "Detecta quedas" (enabled), then the
 * scheduler with every task type, the queue's sweep of expired leases at each tick and the hourly access
 * housekeeping.
 */
import { purgeExpiredAccess } from '../auth/housekeeping.js';
import type { Db } from '../db/database.js';
import { ensureDetectTask } from '../incidents/task.js';
import { ensureDrainTasks } from '../queue/default-drain-tasks.js';
import { sweepExpiredLeasesChore } from '../queue/drain-tasks.js';
import { fallbackChore } from '../queue/fallback.js';
import { type Scheduler, type SchedulerLogger, startScheduler } from '../tasks/scheduler.js';
import type { TaskTypes } from '../tasks/types.js';

export interface AgendaOptions {
  db: Db;
  types: TaskTypes;
  secretKey: Buffer;
  timezone: string;
  logger: SchedulerLogger;
  tickMs?: number;
  staleAfterMs?: number;
  /** Create the default drains and outage detection task when missing (default true). */
  defaultDrains?: boolean;
  /** false: run no scheduled task here, only Executar agora (`avisa serve --no-agenda`). */
  claimDue?: boolean;
  /** How long `stop()` waits for runs to finish what they started (see AVISA_SHUTDOWN_SECONDS). */
  stopTimeoutMs?: number;
}

export async function startAgenda(options: AgendaOptions): Promise<Scheduler> {
  const { defaultDrains = true, ...scheduler } = options;
  if (defaultDrains) {
    const created = await ensureDrainTasks(options.db, options.timezone);
    for (const task of created) options.logger.info({ taskId: task.id, task: task.description }, 'default drain task created (disabled)');
    const detect = await ensureDetectTask(options.db, options.timezone);
    if (detect) options.logger.debug({ taskId: detect.id, task: detect.description }, 'default outage detection task created');
  }
  const chores = [sweepExpiredLeasesChore, fallbackChore(options.timezone)];
  return startScheduler({ ...scheduler, chores, housekeeping: purgeExpiredAccess });
}
