/** Logs Omnichannel / E-mail / SMS: the API contract (browser-safe). */
import { z } from 'zod';
import { endpoint } from '../shared/contract.js';
import { errorSchema } from '../shared/api-schemas.js';
import { logFilterSchema, logQuerySchema, logRowSchema } from './schemas.js';

const tags = ['logs'];

export const logsContract = {
  list: endpoint({
    method: 'GET',
    path: '/api/logs',
    access: 'viewer',
    tags,
    query: logQuerySchema,
    responses: { 200: z.object({ total: z.number(), rows: z.array(logRowSchema) }), 400: errorSchema },
  }),
  exportCsv: endpoint({
    method: 'GET',
    path: '/api/logs/export.csv',
    access: 'viewer',
    tags,
    summary: 'The filtered logs as CSV, streamed',
    query: logFilterSchema,
    responses: {},
  }),
};
