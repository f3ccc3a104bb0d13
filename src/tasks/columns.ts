/** The columns of a task and of a run as every query of src/tasks selects them: written once. */
import { scheduledTasks, taskRuns } from '../db/schema/tasks.js';

export const taskColumns = {
  id: scheduledTasks.id,
  type: scheduledTasks.type,
  description: scheduledTasks.description,
  minute: scheduledTasks.minute,
  hour: scheduledTasks.hour,
  dayOfMonth: scheduledTasks.dayOfMonth,
  month: scheduledTasks.month,
  dayOfWeek: scheduledTasks.dayOfWeek,
  enabled: scheduledTasks.enabled,
  options: scheduledTasks.options,
  nextRunAt: scheduledTasks.nextRunAt,
  createdAt: scheduledTasks.createdAt,
  updatedAt: scheduledTasks.updatedAt,
};

export const runColumns = {
  id: taskRuns.id,
  taskId: taskRuns.taskId,
  dueAt: taskRuns.dueAt,
  manual: taskRuns.manual,
  requestedBy: taskRuns.requestedBy,
  status: taskRuns.status,
  owner: taskRuns.owner,
  startedAt: taskRuns.startedAt,
  heartbeatAt: taskRuns.heartbeatAt,
  finishedAt: taskRuns.finishedAt,
  processed: taskRuns.processed,
  sent: taskRuns.sent,
  failed: taskRuns.failed,
  errors: taskRuns.error,
  details: taskRuns.details,
};
