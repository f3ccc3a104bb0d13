/** Manutenção programada (src/incidents/maintenance-contract.ts): the windows, scheduling one, cancelling one. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { recordAudit } from '../../audit/audit.js';
import { createMaintenance, getMaintenance, listMaintenance } from '../../incidents/maintenance.js';
import { cancelWindow } from '../../incidents/maintenance-notices.js';
import { maintenanceContract as c } from '../../incidents/maintenance-contract.js';
import { actorOf, userOf } from '../auth.js';
import type { AppContext } from '../context.js';
import { serve } from '../endpoint.js';

export function maintenanceRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    serve(app, c.list, async (request) => listMaintenance(ctx.db, request.query));

    serve(app, c.get, async (request) => ({ maintenance: await getMaintenance(ctx.db, request.params.id) }));

    serve(app, c.create, async (request, reply) => {
      const maintenance = await createMaintenance(ctx.db, request.body, userOf(request).username);
      await recordAudit(ctx.db, actorOf(request), 'maintenance.create', { entity: 'maintenance', entityId: maintenance.id, details: request.body });
      return reply.status(201).send({ maintenance });
    });

    serve(app, c.cancel, async (request) => {
      const id = request.params.id;
      const { notify } = request.body;
      const result = await cancelWindow(ctx.db, id, userOf(request).username, { timezone: ctx.config.AVISA_TIMEZONE, notify });
      await recordAudit(ctx.db, actorOf(request), 'maintenance.cancel', {
        entity: 'maintenance',
        entityId: id,
        details: { notify, cancelled: result.cancelled, enqueued: result.enqueued },
      });
      return result;
    });
  };
}
