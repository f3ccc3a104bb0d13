/**
 * Every task type of the installation, listed once: the queue's three drains, the IXC sync, the gatilhos de
 * envio and the outage detection. The composition root hands this catalogue to the scheduler (what it may claim and run) and to the HTTP
 * API (the Agenda's form, validation and labels); a new kind of task is one more entry here.
 */
import { detectTaskType } from '../incidents/task.js';
import { ixcSyncTaskType } from '../ingest/ixc-sync/task.js';
import { drainTaskTypes } from '../queue/drain-tasks.js';
import { type TaskTypes, taskTypes } from '../tasks/types.js';
import { triggersTaskType } from '../triggers/task.js';

export function installationTaskTypes(): TaskTypes {
  return taskTypes([...drainTaskTypes, ixcSyncTaskType, triggersTaskType, detectTaskType]);
}
