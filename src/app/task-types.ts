/**
 * Every task type of the Agenda de tarefas, registered once at start-up by whatever runs a scheduler (`avisa
 * serve`, `avisa worker`, the test server): the queue drains (registered by src/tasks/types.ts itself) and the
 * IXC sync and the gatilhos de envio.
 */
import { ixcSyncTaskType } from '../ingest/ixc-sync/index.js';
import { findTaskType, registerTaskType } from '../tasks/types.js';
import { triggersTaskType } from '../triggers/task.js';

export function registerAllTaskTypes(): void {
  if (!findTaskType(ixcSyncTaskType.type)) registerTaskType(ixcSyncTaskType);
  if (!findTaskType(triggersTaskType.type)) registerTaskType(triggersTaskType);
}
