/**
 * Every task type of the Agenda de tarefas, registered once at start-up by whatever runs a scheduler (`avisa
 * serve`, `avisa worker`, the test server): the queue drains (registered by src/tasks/types.ts itself) and the
 * IXC sync.
 */
import { ixcSyncTaskType } from '../ingest/ixc-sync/index.js';
import { findTaskType, registerTaskType } from '../tasks/types.js';

export function registerAllTaskTypes(): void {
  for (const type of [ixcSyncTaskType]) {
    if (!findTaskType(type.type)) registerTaskType(type);
  }
}
