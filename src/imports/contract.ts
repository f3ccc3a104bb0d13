/** Imports over HTTP: the API contract (browser-safe). Admins only: an import overwrites subscriber data. */
import { z } from 'zod';
import { errorSchema } from '../shared/api-schemas.js';
import { endpoint } from '../shared/contract.js';
import {
  importEntityParams,
  importErrorQuerySchema,
  importJobParams,
  importJobSchema,
  importListQuerySchema,
  importRowErrorSchema,
  importUploadQuerySchema,
} from './schemas.js';

const tags = ['imports'];
const one = z.object({ job: importJobSchema });

export const importsContract = {
  upload: endpoint({
    method: 'POST',
    path: '/api/imports/:entity',
    access: 'admin',
    tags,
    summary: 'Imports a CSV/JSON file with IXC field names, streamed from the request body',
    description:
      'The body is the file itself (text/csv, application/json, application/x-ndjson or application/octet-stream with ' +
      '`format`), read as it arrives. Answers when the import is done with its job; while it runs, ' +
      '`GET /api/imports/:id` (or `?ref=`) shows its progress. Rows with errors are counted and listed, the others kept.',
    params: importEntityParams,
    query: importUploadQuerySchema,
    responses: { 201: one, 400: errorSchema, 413: errorSchema },
  }),
  list: endpoint({
    method: 'GET',
    path: '/api/imports',
    access: 'admin',
    tags,
    summary: 'Recent imports, newest first (running ones with their progress)',
    query: importListQuerySchema,
    responses: { 200: z.object({ total: z.number(), jobs: z.array(importJobSchema) }), 400: errorSchema },
  }),
  get: endpoint({
    method: 'GET',
    path: '/api/imports/:id',
    access: 'admin',
    tags,
    params: importJobParams,
    responses: { 200: one, 404: errorSchema },
  }),
  errors: endpoint({
    method: 'GET',
    path: '/api/imports/:id/errors',
    access: 'admin',
    tags,
    summary: 'The row errors kept of an import (the first 1,000, by line)',
    params: importJobParams,
    query: importErrorQuerySchema,
    responses: {
      200: z.object({ total: z.number(), unit: z.enum(['line', 'record']), errors: z.array(importRowErrorSchema) }),
      404: errorSchema,
    },
  }),
};
