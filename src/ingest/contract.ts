/** Fontes de status: the API contract (browser-safe). Admins change sources and sync them; anyone signed in reads. */
import { z } from 'zod';
import { errorSchema, idParams } from '../shared/api-schemas.js';
import { endpoint } from '../shared/contract.js';
import {
  sourceInputSchema,
  sourceListQuerySchema,
  sourcePatchSchema,
  sourceRunsQuerySchema,
  sourceSchema,
  syncRequestSchema,
  syncRunSchema,
  syncStartedSchema,
} from './schemas.js';

const tags = ['sources'];
const one = z.object({ source: sourceSchema });

export const sourcesContract = {
  list: endpoint({
    method: 'GET',
    path: '/api/sources',
    access: 'viewer',
    tags,
    query: sourceListQuerySchema,
    responses: { 200: z.object({ sources: z.array(sourceSchema) }) },
  }),
  get: endpoint({
    method: 'GET',
    path: '/api/sources/:id',
    access: 'viewer',
    tags,
    params: idParams,
    responses: { 200: one, 404: errorSchema },
  }),
  create: endpoint({
    method: 'POST',
    path: '/api/sources',
    access: 'admin',
    tags,
    body: sourceInputSchema,
    responses: { 201: one, 400: errorSchema, 409: errorSchema },
  }),
  update: endpoint({
    method: 'PUT',
    path: '/api/sources/:id',
    access: 'admin',
    tags,
    params: idParams,
    body: sourcePatchSchema,
    responses: { 200: one, 400: errorSchema, 404: errorSchema, 409: errorSchema },
  }),
  remove: endpoint({
    method: 'DELETE',
    path: '/api/sources/:id',
    access: 'admin',
    tags,
    params: idParams,
    responses: { 204: z.null(), 404: errorSchema },
  }),
  runs: endpoint({
    method: 'GET',
    path: '/api/sources/:id/runs',
    access: 'viewer',
    tags,
    params: idParams,
    query: sourceRunsQuerySchema,
    responses: { 200: z.object({ runs: z.array(syncRunSchema) }), 404: errorSchema },
  }),
  sync: endpoint({
    method: 'POST',
    path: '/api/sources/:id/sync',
    access: 'admin',
    tags,
    summary:
      "Sincronizar agora (IXC): a manual run of the source's \"Sincroniza IXC\" task (created disabled when it has none); " +
      '202 with the task and run, followed in GET /api/tasks/:taskId/runs and GET /api/sources/:id/runs',
    params: idParams,
    body: syncRequestSchema,
    responses: { 202: syncStartedSchema, 400: errorSchema, 404: errorSchema, 409: errorSchema, 503: errorSchema },
  }),
};
