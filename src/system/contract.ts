/**
 * The running system: liveness (public, for load balancers and monitors) and the home dashboard's counts — the
 * API contract (browser-safe). The counts are the report's (src/report/overview.ts); this process adds which
 * database it runs on and its time zone.
 */
import { z } from 'zod';
import { overviewCountsSchema } from '../report/schemas.js';
import { errorSchema } from '../shared/api-schemas.js';
import { endpoint } from '../shared/contract.js';

const databases = ['pglite', 'postgres'] as const;
const tags = ['system'];

const overviewSchema = overviewCountsSchema.extend({ database: z.enum(databases), timezone: z.string() });

export const systemContract = {
  health: endpoint({
    method: 'GET',
    path: '/healthz',
    access: 'public',
    tags,
    summary: 'Liveness and database reachability (503 with the reason when the database is unavailable)',
    responses: { 200: z.object({ status: z.literal('ok'), database: z.enum(databases) }), 503: errorSchema },
  }),
  overview: endpoint({
    method: 'GET',
    path: '/api/overview',
    access: 'viewer',
    tags,
    summary: 'Counts for the home dashboard',
    responses: { 200: overviewSchema },
  }),
};
