import type { Config } from '../config/config.js';
import type { DatabaseKind, Db } from '../db/database.js';
import type { SchedulerHandle } from '../tasks/scheduler.js';
import type { TaskTypes } from '../tasks/types.js';

/** What the HTTP layer needs from the composition root; routes receive exactly this. */
export interface AppContext {
  db: Db;
  kind: DatabaseKind;
  config: Config;
  loginAttemptsPerMinute: number;
  /** The key sealing integration secrets, resolved on first use (src/shared/secret-box.ts). */
  secretKey(): Buffer;
  /** The task types of this installation (src/app/task-types.ts): the Agenda's form, validation and labels. */
  tasks: TaskTypes;
  /** The Agenda de tarefas' scheduler of this process (Executar agora runs here). */
  scheduler: SchedulerHandle;
}
