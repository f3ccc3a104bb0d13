/** Calls of Ferramentas › Agenda de tarefas and their query keys. */
import { api } from '../api.js';
import type { CronFields, RunPage, SchedulePreview, Task, TaskInput, TaskType } from './types.js';

const base = '/api/tasks';

export const tasksApi = {
  list: () => api.get<{ tasks: Task[] }>(base).then((r) => r.tasks),
  types: () => api.get<{ types: TaskType[] }>(`${base}/types`).then((r) => r.types),
  /** The next 5 run times of the five fields, or each wrong field. */
  preview: (fields: CronFields, signal?: AbortSignal) =>
    api.post<SchedulePreview>(`${base}/preview`, fields, { signal }),
  create: (input: TaskInput) => api.post<{ task: Task }>(base, input).then((r) => r.task),
  update: (id: number, input: Partial<TaskInput>) => api.put<{ task: Task }>(`${base}/${id}`, input).then((r) => r.task),
  remove: (id: number) => api.delete(`${base}/${id}`),
  /** Executar agora: 202 with the run's id; the run goes on in the server. */
  run: (id: number) => api.post<{ runId: number }>(`${base}/${id}/run`),
  runs: (id: number, page: number, pageSize: number) =>
    api.get<RunPage>(`${base}/${id}/runs?page=${page}&pageSize=${pageSize}`),
};

export const taskKeys = {
  all: ['tasks'] as const,
  list: ['tasks', 'list'] as const,
  types: ['tasks', 'types'] as const,
  preview: (fields: CronFields) => ['tasks', 'preview', fields] as const,
  runs: (id: number, page: number) => ['tasks', id, 'runs', page] as const,
};
