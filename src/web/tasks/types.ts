/**
 * Ferramentas › Agenda de tarefas as the UI sees it: the server's schemas (src/tasks/schemas.ts) through its
 * contract (src/tasks/contract.ts), dates as ISO strings.
 */
import type { z } from 'zod';
import type { ResponseOf } from '../../shared/contract.js';
import type { TaskRunStatus } from '../../shared/vocabulary.js';
import type { tasksContract } from '../../tasks/contract.js';
import type { taskInputSchema } from '../../tasks/schemas.js';

export { type CronFieldName, type CronFields, cronFieldNames } from '../../tasks/schemas.js';

export type RunStatus = TaskRunStatus;
export type Task = ResponseOf<typeof tasksContract.get>['task'];
export type TaskType = ResponseOf<typeof tasksContract.types>['types'][number];
/** Body of POST /api/tasks (PUT takes any part of it). Empty schedule fields mean Todos. */
export type TaskInput = z.input<typeof taskInputSchema>;
