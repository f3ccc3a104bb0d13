/** Calls of Ferramentas › Agenda de tarefas (the server's contract, src/tasks/contract.ts) and their query keys. */
import { avisa } from '../client.js';
import type { CronFields, TaskInput } from './types.js';

export const tasksApi = {
  list: () => avisa.tasks.list().then((r) => r.tasks),
  types: () => avisa.tasks.types().then((r) => r.types),
  /** The next 5 run times of the five fields, or each wrong field. */
  preview: (fields: CronFields, signal?: AbortSignal) => avisa.tasks.preview({ body: fields, ...(signal ? { signal } : {}) }),
  create: (input: TaskInput) => avisa.tasks.create({ body: input }).then((r) => r.task),
  update: (id: number, input: Partial<TaskInput>) => avisa.tasks.update({ params: { id }, body: input }).then((r) => r.task),
  remove: (id: number) => avisa.tasks.remove({ params: { id } }),
  /** Executar agora: 202 with the run's id; the run goes on in the server. */
  run: (id: number) => avisa.tasks.run({ params: { id } }),
  runs: (id: number, page: number, pageSize: number) => avisa.tasks.runs({ params: { id }, query: { page, pageSize } }),
};

export const taskKeys = {
  all: ['tasks'] as const,
  list: ['tasks', 'list'] as const,
  types: ['tasks', 'types'] as const,
  preview: (fields: CronFields) => ['tasks', 'preview', fields] as const,
  runs: (id: number, page: number) => ['tasks', id, 'runs', page] as const,
};
