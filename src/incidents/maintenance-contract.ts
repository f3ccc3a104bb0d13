/**
 * Manutenção programada, the API contract (browser-safe): everyone signed in sees the windows; operators schedule
 * and cancel them.
 */
import { z } from 'zod';
import { errorSchema, idParams } from '../shared/api-schemas.js';
import { endpoint } from '../shared/contract.js';
import { cancelInputSchema, maintenanceInputSchema, maintenanceListQuerySchema, maintenanceSchema } from './maintenance-schemas.js';

const tags = ['maintenance'];
const one = z.object({ maintenance: maintenanceSchema });

export const maintenanceContract = {
  list: endpoint({
    method: 'GET',
    path: '/api/maintenance',
    access: 'viewer',
    tags,
    summary: 'Manutenções programadas: running and upcoming first, each with its reminders and the logins on its elements',
    query: maintenanceListQuerySchema,
    responses: { 200: z.object({ windows: z.array(maintenanceSchema), total: z.number().int() }), 400: errorSchema },
  }),
  get: endpoint({
    method: 'GET',
    path: '/api/maintenance/:id',
    access: 'viewer',
    tags,
    params: idParams,
    responses: { 200: one, 404: errorSchema },
  }),
  create: endpoint({
    method: 'POST',
    path: '/api/maintenance',
    access: 'operator',
    tags,
    summary:
      'Schedule a maintenance window on NAS, POPs and boxes: detection is muted there (plus the margin) and the reminders go to the subscribers on them (e.g. 7 days before, 24 h before, at the start, at the end)',
    body: maintenanceInputSchema,
    responses: { 201: one, 400: errorSchema },
  }),
  cancel: endpoint({
    method: 'POST',
    path: '/api/maintenance/:id/cancel',
    access: 'operator',
    tags,
    summary:
      'Cancel a window still to come or running: no more reminders, its notices still in the fila cancelled, detection no longer muted; with notify (default), those a reminder reached get its cancel messages',
    params: idParams,
    body: cancelInputSchema,
    responses: { 200: one.extend({ cancelled: z.number().int(), enqueued: z.number().int() }), 400: errorSchema, 404: errorSchema, 409: errorSchema },
  }),
};
