/**
 * Ferramentas › Agenda de tarefas as the UI sees it (the contract lives in src/http/routes/task-routes.ts,
 * src/tasks/tasks.ts and src/tasks/cron.ts). Dates arrive as ISO strings.
 */

/** IXC's five schedule fields, in the form's order. */
export const cronFieldNames = ['minute', 'hour', 'dayOfMonth', 'month', 'dayOfWeek'] as const;
export type CronFieldName = (typeof cronFieldNames)[number];
export type CronFields = Record<CronFieldName, string>;

export type RunStatus = 'running' | 'succeeded' | 'failed' | 'abandoned';

export interface TaskRun {
  id: number;
  taskId: number;
  dueAt: string;
  manual: boolean;
  requestedBy: string | null;
  status: RunStatus;
  owner: string | null;
  startedAt: string;
  heartbeatAt: string | null;
  finishedAt: string | null;
  processed: number;
  sent: number;
  failed: number;
  error: string | null;
  details: Record<string, unknown> | null;
}

export interface Task extends CronFields {
  id: number;
  type: string;
  /** pt-BR label of the type (the type itself when the server does not know it). */
  typeLabel: string;
  description: string;
  enabled: boolean;
  options: Record<string, unknown>;
  nextRunAt: string | null;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  lastRun: TaskRun | null;
}

export interface TaskType {
  type: string;
  label: { 'pt-BR': string; en: string };
  defaults: Record<string, unknown>;
  /** JSON Schema (input side) of the options. */
  optionsSchema: Record<string, unknown>;
}

/** Body of POST /api/tasks (PUT takes any part of it). Empty schedule fields mean Todos. */
export interface TaskInput extends CronFields {
  type: string;
  description: string;
  enabled: boolean;
  options: Record<string, unknown>;
}

export type SchedulePreview =
  | { valid: true; fields: CronFields; timezone: string; nextRuns: string[] }
  | { valid: false; errors: { field: CronFieldName; message: string }[] };

export interface RunPage {
  runs: TaskRun[];
  total: number;
  page: number;
  pageSize: number;
}
