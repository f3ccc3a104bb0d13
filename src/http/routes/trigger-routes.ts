/**
 * Sistema › CRM › Gatilhos de envio: anyone signed in lists the rules and their history; operators simulate
 * (dry run) a rule and decide on a held run (Confirmar envio / Descartar); admins create, change and delete
 * rules. The evaluation itself is the Agenda de tarefas task "Executa gatilhos de envio" (src/triggers/task.ts).
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { recordAudit } from '../../audit/audit.js';
import { skipReasons } from '../../queue/audience.js';
import { confirmRun, discardRun } from '../../triggers/decide.js';
import { dryRun, dryRunRule } from '../../triggers/dry-run.js';
import { createRule, deleteRule, getRule, listRules, updateRule } from '../../triggers/rules.js';
import { listRuleRuns, runPageSchema } from '../../triggers/runs.js';
import { triggerInputSchema, triggerRunStatuses } from '../../triggers/schemas.js';
import { actorOf, userOf } from '../auth.js';
import type { AppContext } from '../context.js';
import { previewSchema } from '../../messages/schemas.js';
import { errorSchema, idParams } from './schemas.js';
import { rowId } from '../../shared/ids.js';
import { channels } from '../../shared/vocabulary.js';

const tags = ['triggers'];
const skipCountsSchema = z.partialRecord(z.enum(skipReasons), z.number().int());

export const triggerRunSchema = z.object({
  id: z.number().int(),
  ruleId: z.number().int(),
  taskRunId: z.number().int().nullable(),
  at: z.date(),
  status: z.enum(triggerRunStatuses),
  matched: z.number().int(),
  enqueued: z.number().int(),
  skipped: z.number().int(),
  skipCounts: skipCountsSchema,
  batchIds: z.array(z.number().int()),
  error: z.string().nullable(),
  decidedBy: z.string().nullable(),
  decidedAt: z.date().nullable(),
});

export const triggerRuleSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  savedFilterId: z.number().int().nullable(),
  savedFilterName: z.string().nullable(),
  messageIds: z.array(z.number().int()),
  messages: z.array(
    z.object({ id: z.number().int(), channel: z.enum(channels).nullable(), description: z.string().nullable(), active: z.boolean() }),
  ),
  freeValues: z.record(z.string(), z.string()),
  priority: z.number().int(),
  active: z.boolean(),
  cooldownMinutes: z.number().int(),
  ceiling: z.number().int(),
  createdBy: z.string(),
  createdAt: z.date(),
  updatedAt: z.date(),
  lastRun: triggerRunSchema.nullable(),
  heldRuns: z.number().int(),
});

const dryRunSchema = z.object({
  matched: z.number().int(),
  enqueue: z.number().int(),
  skipped: z.number().int(),
  skipCounts: skipCountsSchema,
  ceiling: z.number().int(),
  wouldHold: z.boolean(),
  messages: z.array(
    z.object({
      messageId: z.number().int(),
      channel: z.enum(channels),
      description: z.string(),
      recipients: z.number().int(),
      enqueue: z.number().int(),
      skipped: z.number().int(),
      skipCounts: skipCountsSchema,
      samples: z.array(previewSchema),
    }),
  ),
});

const one = z.object({ rule: triggerRuleSchema });
const oneRun = z.object({ run: triggerRunSchema });
const draftBody = triggerInputSchema.extend({
  /** The saved rule this draft edits: its past sends count for the cooldown. */
  ruleId: rowId.optional(),
});

export function triggerRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  const timezone = () => ctx.config.AVISA_TIMEZONE;
  return async (app) => {
    app.get(
      '/api/triggers',
      {
        config: { access: 'viewer' },
        schema: {
          tags,
          summary: 'Gatilhos de envio, each with its newest evaluation and the held runs waiting for a decision',
          querystring: z.object({ active: z.enum(['true', 'false']).transform((v) => v === 'true').optional() }),
          response: { 200: z.object({ rules: z.array(triggerRuleSchema) }) },
        },
      },
      async (request) => ({ rules: await listRules(ctx.db, request.query) }),
    );

    app.get(
      '/api/triggers/:id',
      { config: { access: 'viewer' }, schema: { tags, params: idParams, response: { 200: one, 404: errorSchema } } },
      async (request) => ({ rule: await getRule(ctx.db, request.params.id) }),
    );

    app.post(
      '/api/triggers',
      {
        config: { access: 'admin' },
        schema: { tags, body: triggerInputSchema, response: { 201: one, 400: errorSchema, 409: errorSchema } },
      },
      async (request, reply) => {
        const rule = await createRule(ctx.db, userOf(request).id, request.body);
        await recordAudit(ctx.db, actorOf(request), 'trigger.create', { entity: 'trigger_rule', entityId: rule.id, details: request.body });
        return reply.status(201).send({ rule });
      },
    );

    app.put(
      '/api/triggers/:id',
      {
        config: { access: 'admin' },
        schema: { tags, params: idParams, body: triggerInputSchema, response: { 200: one, 400: errorSchema, 404: errorSchema, 409: errorSchema } },
      },
      async (request) => {
        const rule = await updateRule(ctx.db, request.params.id, request.body);
        await recordAudit(ctx.db, actorOf(request), 'trigger.update', { entity: 'trigger_rule', entityId: rule.id, details: request.body });
        return { rule };
      },
    );

    app.delete(
      '/api/triggers/:id',
      { config: { access: 'admin' }, schema: { tags, params: idParams, response: { 204: z.null(), 404: errorSchema } } },
      async (request, reply) => {
        const removed = await deleteRule(ctx.db, request.params.id);
        await recordAudit(ctx.db, actorOf(request), 'trigger.delete', {
          entity: 'trigger_rule',
          entityId: removed.id,
          details: { name: removed.name },
        });
        return reply.status(204).send(null);
      },
    );

    app.get(
      '/api/triggers/:id/runs',
      {
        config: { access: 'viewer' },
        schema: {
          tags,
          summary: 'The evaluations of a rule, newest first: matched, enqueued, skipped by reason, held and decided',
          params: idParams,
          querystring: runPageSchema,
          response: {
            200: z.object({ runs: z.array(triggerRunSchema), total: z.number().int(), page: z.number().int(), pageSize: z.number().int() }),
            404: errorSchema,
          },
        },
      },
      async (request) => {
        await getRule(ctx.db, request.params.id);
        const { runs, total } = await listRuleRuns(ctx.db, request.params.id, request.query);
        return { runs, total, page: request.query.page, pageSize: request.query.pageSize };
      },
    );

    app.post(
      '/api/triggers/dry-run',
      {
        config: { access: 'operator' },
        schema: {
          tags,
          summary: 'Simular a rule as on the form (saved or not): counts and rendered samples; nothing is sent',
          body: draftBody,
          response: { 200: z.object({ dryRun: dryRunSchema }), 400: errorSchema },
        },
      },
      async (request) => {
        const { ruleId, ...rule } = request.body;
        return { dryRun: await dryRun(ctx.db, rule, { timezone: timezone(), ...(ruleId === undefined ? {} : { ruleId }) }) };
      },
    );

    app.post(
      '/api/triggers/:id/dry-run',
      {
        config: { access: 'operator' },
        schema: {
          tags,
          summary: 'Simular a saved rule: what it would send if it ran now',
          params: idParams,
          response: { 200: z.object({ dryRun: dryRunSchema }), 400: errorSchema, 404: errorSchema },
        },
      },
      async (request) => ({ dryRun: await dryRunRule(ctx.db, request.params.id, { timezone: timezone() }) }),
    );

    app.post(
      '/api/trigger-runs/:id/confirm',
      {
        config: { access: 'operator' },
        schema: {
          tags,
          summary: 'Confirmar envio of a held run: plans the rule again now and queues it, whatever the ceiling',
          params: idParams,
          response: { 200: oneRun, 400: errorSchema, 404: errorSchema, 409: errorSchema },
        },
      },
      async (request) => {
        const run = await confirmRun(ctx.db, request.params.id, { actor: userOf(request).username, timezone: timezone() });
        await recordAudit(ctx.db, actorOf(request), 'trigger.confirm', {
          entity: 'trigger_run',
          entityId: run.id,
          details: { ruleId: run.ruleId, enqueued: run.enqueued, batchIds: run.batchIds },
        });
        return { run };
      },
    );

    app.post(
      '/api/trigger-runs/:id/discard',
      {
        config: { access: 'operator' },
        schema: {
          tags,
          summary: 'Descartar a held run: nothing is sent',
          params: idParams,
          response: { 200: oneRun, 404: errorSchema, 409: errorSchema },
        },
      },
      async (request) => {
        const run = await discardRun(ctx.db, request.params.id, { actor: userOf(request).username });
        await recordAudit(ctx.db, actorOf(request), 'trigger.discard', { entity: 'trigger_run', entityId: run.id, details: { ruleId: run.ruleId } });
        return { run };
      },
    );
  };
}
