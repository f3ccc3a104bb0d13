/** Incidentes (src/incidents/contract.ts): the list, one incident, its timeline, the operators' actions, lookup, monitoring, settings. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { recordAudit } from '../../audit/audit.js';
import { incidentsContract as c } from '../../incidents/contract.js';
import { closeIncident, confirmIncident, discardIncident, mergeIncident, restoreIncident, updateIncident } from '../../incidents/lifecycle.js';
import { openManualIncident } from '../../incidents/manual.js';
import { applyMonitoringAlert } from '../../incidents/monitoring.js';
import { incidentMessages, saveIncidentMessages } from '../../incidents/notices.js';
import { getIncident, incidentStats, incidentTimeline, listIncidents, lookupIncidents } from '../../incidents/queries.js';
import { loadRules, saveRule } from '../../incidents/rules.js';
import { actorOf, userOf } from '../auth.js';
import type { AppContext } from '../context.js';
import { serve } from '../endpoint.js';

/** Lookups per minute per caller (an URA asks once per call; a misbehaving bot is held back). */
const LOOKUPS_PER_MINUTE = 120;

export function incidentRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  const pass = () => ({ timezone: ctx.config.AVISA_TIMEZONE });
  const settings = async () => ({ rules: await loadRules(ctx.db), messages: await incidentMessages(ctx.db) });
  return async (app) => {
    serve(app, c.list, async (request) => listIncidents(ctx.db, request.query));

    serve(app, c.stats, async () => incidentStats(ctx.db));

    serve(app, c.get, async (request) => ({ incident: await getIncident(ctx.db, request.params.id) }));

    serve(app, c.timeline, async (request) => ({ events: await incidentTimeline(ctx.db, request.params.id) }));

    serve(app, c.create, async (request, reply) => {
      const opened = await openManualIncident(ctx.db, request.body, userOf(request).username, pass());
      await recordAudit(ctx.db, actorOf(request), 'incident.open', { entity: 'incident', entityId: opened.id, details: { ...request.body, affected: opened.affected, enqueued: opened.enqueued } });
      const { id, ...rest } = opened;
      return reply.status(201).send({ incident: await getIncident(ctx.db, id), ...rest });
    });

    serve(app, c.confirm, async (request) => {
      const id = request.params.id;
      const sent = await confirmIncident(ctx.db, id, userOf(request).username, request.body, pass());
      await recordAudit(ctx.db, actorOf(request), 'incident.confirm', { entity: 'incident', entityId: id, details: { ...request.body, enqueued: sent.enqueued } });
      return { incident: await getIncident(ctx.db, id), ...sent };
    });

    serve(app, c.discard, async (request) => {
      const id = request.params.id;
      await discardIncident(ctx.db, id, userOf(request).username);
      await recordAudit(ctx.db, actorOf(request), 'incident.discard', { entity: 'incident', entityId: id });
      return { incident: await getIncident(ctx.db, id) };
    });

    serve(app, c.update, async (request) => {
      const id = request.params.id;
      const sent = await updateIncident(ctx.db, id, userOf(request).username, request.body, pass());
      await recordAudit(ctx.db, actorOf(request), 'incident.update', { entity: 'incident', entityId: id, details: { ...request.body, enqueued: sent.enqueued } });
      return { incident: await getIncident(ctx.db, id), ...sent };
    });

    serve(app, c.restore, async (request) => {
      const id = request.params.id;
      await restoreIncident(ctx.db, id, userOf(request).username);
      await recordAudit(ctx.db, actorOf(request), 'incident.restore', { entity: 'incident', entityId: id });
      return { incident: await getIncident(ctx.db, id) };
    });

    serve(app, c.close, async (request) => {
      const id = request.params.id;
      await closeIncident(ctx.db, id, userOf(request).username);
      await recordAudit(ctx.db, actorOf(request), 'incident.close', { entity: 'incident', entityId: id });
      return { incident: await getIncident(ctx.db, id) };
    });

    serve(app, c.merge, async (request) => {
      const id = request.params.id;
      await mergeIncident(ctx.db, id, request.body.into, userOf(request).username);
      await recordAudit(ctx.db, actorOf(request), 'incident.merge', { entity: 'incident', entityId: id, details: request.body });
      return { incident: await getIncident(ctx.db, id) };
    });

    serve(
      app,
      c.lookup,
      async (request) => ({
        incidents: (await lookupIncidents(ctx.db, request.query)).map((hit) => ({ ...hit.incident, logins: hit.logins })),
      }),
      { config: { rateLimit: { max: LOOKUPS_PER_MINUTE, timeWindow: '1 minute' } } },
    );

    serve(app, c.monitoring, async (request) => {
      const result = await applyMonitoringAlert(ctx.db, request.body, userOf(request).username, pass());
      if (result.action !== 'ignored') {
        await recordAudit(ctx.db, actorOf(request), `incident.monitoring_${result.action}`, { entity: 'incident', entityId: result.id ?? undefined, details: request.body });
      }
      return { incident: result.id === null ? null : await getIncident(ctx.db, result.id), action: result.action };
    });

    serve(app, c.settings, async () => settings());

    serve(app, c.saveSettings, async (request) => {
      const { kind, rule, messages } = request.body;
      await saveIncidentMessages(ctx.db, kind, messages);
      await saveRule(ctx.db, kind, rule, userOf(request).username);
      await recordAudit(ctx.db, actorOf(request), 'settings.incidents', { entity: 'incident_rules', details: request.body });
      return settings();
    });
  };
}
