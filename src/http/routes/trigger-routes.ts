/** Sistema › CRM › Gatilhos de envio (src/triggers/contract.ts): rules, their history, Simular, held-run decisions. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { recordAudit } from '../../audit/audit.js';
import { triggersContract } from '../../triggers/contract.js';
import { confirmRun, discardRun } from '../../triggers/decide.js';
import { dryRun, dryRunRule } from '../../triggers/dry-run.js';
import { createRule, deleteRule, getRule, listRules, updateRule } from '../../triggers/rules.js';
import { listRuleRuns } from '../../triggers/runs.js';
import { actorOf, userOf } from '../auth.js';
import type { AppContext } from '../context.js';
import { serve } from '../endpoint.js';

export function triggerRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  const timezone = () => ctx.config.AVISA_TIMEZONE;
  return async (app) => {
    const c = triggersContract;

    serve(app, c.list, async (request) => ({ rules: await listRules(ctx.db, request.query) }));

    serve(app, c.get, async (request) => ({ rule: await getRule(ctx.db, request.params.id) }));

    serve(app, c.create, async (request, reply) => {
      const rule = await createRule(ctx.db, userOf(request).id, request.body);
      await recordAudit(ctx.db, actorOf(request), 'trigger.create', { entity: 'trigger_rule', entityId: rule.id, details: request.body });
      return reply.status(201).send({ rule });
    });

    serve(app, c.update, async (request) => {
      const rule = await updateRule(ctx.db, request.params.id, request.body);
      await recordAudit(ctx.db, actorOf(request), 'trigger.update', { entity: 'trigger_rule', entityId: rule.id, details: request.body });
      return { rule };
    });

    serve(app, c.remove, async (request, reply) => {
      const removed = await deleteRule(ctx.db, request.params.id);
      await recordAudit(ctx.db, actorOf(request), 'trigger.delete', { entity: 'trigger_rule', entityId: removed.id, details: { name: removed.name } });
      return reply.status(204).send(null);
    });

    serve(app, c.runs, async (request) => {
      await getRule(ctx.db, request.params.id);
      const { runs, total } = await listRuleRuns(ctx.db, request.params.id, request.query);
      return { runs, total, page: request.query.page, pageSize: request.query.pageSize };
    });

    serve(app, c.dryRunDraft, async (request) => {
      const { ruleId, ...rule } = request.body;
      return { dryRun: await dryRun(ctx.db, rule, { timezone: timezone(), ...(ruleId === undefined ? {} : { ruleId }) }) };
    });

    serve(app, c.dryRunSaved, async (request) => ({ dryRun: await dryRunRule(ctx.db, request.params.id, { timezone: timezone() }) }));

    serve(app, c.confirm, async (request) => {
      const run = await confirmRun(ctx.db, request.params.id, { actor: userOf(request).username, timezone: timezone() });
      await recordAudit(ctx.db, actorOf(request), 'trigger.confirm', {
        entity: 'trigger_run',
        entityId: run.id,
        details: { ruleId: run.ruleId, enqueued: run.enqueued, batchIds: run.batchIds },
      });
      return { run };
    });

    serve(app, c.discard, async (request) => {
      const run = await discardRun(ctx.db, request.params.id, { actor: userOf(request).username });
      await recordAudit(ctx.db, actorOf(request), 'trigger.discard', { entity: 'trigger_run', entityId: run.id, details: { ruleId: run.ruleId } });
      return { run };
    });
  };
}
