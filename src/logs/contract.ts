/** Logs Omnichannel / E-mail / SMS: the API contract (browser-safe). */
import { z } from 'zod';
import { endpoint } from '../shared/contract.js';
import { errorSchema } from '../shared/api-schemas.js';
import { bigRowIdParam } from '../shared/ids.js';
import { deliveryTimelineSchema, logFilterSchema, logQuerySchema, logRowSchema } from './schemas.js';

const tags = ['logs'];

export const logsContract = {
  list: endpoint({
    method: 'GET',
    path: '/api/logs',
    access: 'viewer',
    tags,
    query: logQuerySchema,
    summary: 'A page of the filtered logs, newest first, with the count of the filter',
    description:
      'The count stops past 10,000 lines: `totalCapped` is then true and `total` is 10,000 (there are more). `countAll=true` counts every line; `knownTotal` (an exact total an earlier page of the same filter was answered with) is answered as it is, not counted again.',
    responses: {
      200: z.object({ total: z.number(), totalCapped: z.boolean(), rows: z.array(logRowSchema) }),
      400: errorSchema,
    },
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
  delivery: endpoint({
    method: 'GET',
    path: '/api/logs/:id/delivery',
    access: 'viewer',
    tags,
    summary: "A log line's delivery timeline: its receipts in time order, the final status and the fallback chain",
    description:
      'Every receipt the provider sent for the line\'s message (sent, delivered, read, failed with its code), ordered by the provider\'s time, with when Avisa received it; a late receipt is listed though the final status keeps the strongest. `replacedBy` / `replaces` name the other line of a fallback (its queue row, latest log line and final status).',
    params: z.object({ id: bigRowIdParam }),
    responses: { 200: z.object({ timeline: deliveryTimelineSchema }), 400: errorSchema, 404: errorSchema },
  }),
};
