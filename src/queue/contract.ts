/**
 * Sistema › CRM › Fila de envio, the API contract (browser-safe): viewers read batches, their rows and what they
 * skipped (as JSON with reason codes, or CSV for people); operators Cancelar and Reenviar.
 */
import { z } from 'zod';
import { errorSchema, idParams } from '../shared/api-schemas.js';
import { endpoint } from '../shared/contract.js';
import {
  batchListSchema,
  batchSchema,
  itemListSchema,
  queueItemSchema,
  requeueBodySchema,
  skipListSchema,
  skipPageSchema,
} from './schemas.js';

const tags = ['queue'];

export const queueContract = {
  batches: endpoint({
    method: 'GET',
    path: '/api/batches',
    access: 'viewer',
    tags,
    query: batchListSchema,
    responses: { 200: z.object({ total: z.number(), batches: z.array(batchSchema) }), 400: errorSchema },
  }),
  batch: endpoint({
    method: 'GET',
    path: '/api/batches/:id',
    access: 'viewer',
    tags,
    params: idParams,
    responses: { 200: z.object({ batch: batchSchema }), 404: errorSchema },
  }),
  items: endpoint({
    method: 'GET',
    path: '/api/batches/:id/items',
    access: 'viewer',
    tags,
    params: idParams,
    query: itemListSchema,
    responses: { 200: z.object({ total: z.number(), items: z.array(queueItemSchema) }), 400: errorSchema, 404: errorSchema },
  }),
  skipped: endpoint({
    method: 'GET',
    path: '/api/batches/:id/skipped',
    access: 'viewer',
    tags,
    summary: 'The recipients this batch skipped, with reason codes and the totals by reason; paged by `after`',
    params: idParams,
    query: skipListSchema,
    responses: { 200: skipPageSchema, 400: errorSchema, 404: errorSchema },
  }),
  skippedCsv: endpoint({
    method: 'GET',
    path: '/api/batches/:id/skipped.csv',
    access: 'viewer',
    tags,
    summary: 'The recipients this batch skipped and why, as CSV',
    params: idParams,
    responses: {},
  }),
  cancel: endpoint({
    method: 'POST',
    path: '/api/batches/:id/cancel',
    access: 'operator',
    tags,
    summary: 'Cancelar: every pending row of the batch becomes cancelled',
    params: idParams,
    responses: { 200: z.object({ cancelled: z.number(), batch: batchSchema }), 404: errorSchema },
  }),
  requeue: endpoint({
    method: 'POST',
    path: '/api/batches/:id/requeue',
    access: 'operator',
    tags,
    summary: 'Reenviar: failed (or uncertain) rows back to pending',
    params: idParams,
    body: requeueBodySchema,
    responses: { 200: z.object({ requeued: z.number(), kept: z.number(), batch: batchSchema }), 400: errorSchema, 404: errorSchema },
  }),
};
