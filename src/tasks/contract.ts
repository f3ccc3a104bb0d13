/** Ferramentas › Agenda de tarefas: the API contract (browser-safe). */
import { z } from 'zod';
import { errorSchema, idParams } from '../shared/api-schemas.js';
import { endpoint } from '../shared/contract.js';
import {
  runPageResultSchema,
  runPageSchema,
  scheduleBodySchema,
  schedulePreviewSchema,
  taskInputSchema,
  taskPatchSchema,
  taskSchema,
  taskTypeSchema,
} from './schemas.js';

const tags = ['tasks'];
const one = z.object({ task: taskSchema });

export const tasksContract = {
  list: endpoint({
    method: 'GET',
    path: '/api/tasks',
    access: 'viewer',
    tags,
    responses: { 200: z.object({ tasks: z.array(taskSchema) }) },
  }),
  types: endpoint({
    method: 'GET',
    path: '/api/tasks/types',
    access: 'viewer',
    tags,
    summary: "Task types (Tarefa), with their options' defaults and JSON Schema",
    responses: { 200: z.object({ types: z.array(taskTypeSchema) }) },
  }),
  preview: endpoint({
    method: 'POST',
    path: '/api/tasks/preview',
    access: 'operator',
    tags,
    summary: "Checks the five schedule fields; the next 5 run times in the installation's zone, or every field error",
    body: scheduleBodySchema,
    responses: { 200: schedulePreviewSchema },
  }),
  get: endpoint({
    method: 'GET',
    path: '/api/tasks/:id',
    access: 'viewer',
    tags,
    params: idParams,
    responses: { 200: one, 404: errorSchema },
  }),
  create: endpoint({
    method: 'POST',
    path: '/api/tasks',
    access: 'admin',
    tags,
    body: taskInputSchema,
    responses: { 201: one, 400: errorSchema, 409: errorSchema },
  }),
  update: endpoint({
    method: 'PUT',
    path: '/api/tasks/:id',
    access: 'admin',
    tags,
    params: idParams,
    body: taskPatchSchema,
    responses: { 200: one, 400: errorSchema, 404: errorSchema, 409: errorSchema },
  }),
  remove: endpoint({
    method: 'DELETE',
    path: '/api/tasks/:id',
    access: 'admin',
    tags,
    params: idParams,
    responses: { 204: z.null(), 404: errorSchema, 409: errorSchema },
  }),
  run: endpoint({
    method: 'POST',
    path: '/api/tasks/:id/run',
    access: 'operator',
    tags,
    summary: 'Executar agora: starts a run in this process; follow it in GET /api/tasks/:id/runs',
    params: idParams,
    responses: { 202: z.object({ runId: z.number().int() }), 400: errorSchema, 404: errorSchema, 409: errorSchema },
  }),
  runs: endpoint({
    method: 'GET',
    path: '/api/tasks/:id/runs',
    access: 'viewer',
    tags,
    summary: 'Run history of a task, newest first',
    params: idParams,
    query: runPageSchema,
    responses: { 200: runPageResultSchema, 404: errorSchema },
  }),
};
