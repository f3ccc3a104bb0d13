/** The audit trail: the API contract (browser-safe). Admins only. */
import { z } from 'zod';
import { endpoint } from '../shared/contract.js';
import { auditEntrySchema, auditQuerySchema } from './schemas.js';

export const auditContract = {
  list: endpoint({
    method: 'GET',
    path: '/api/audit',
    access: 'admin',
    tags: ['system'],
    summary: 'The audit trail, newest first',
    query: auditQuerySchema,
    responses: { 200: z.object({ total: z.number(), entries: z.array(auditEntrySchema) }) },
  }),
};
