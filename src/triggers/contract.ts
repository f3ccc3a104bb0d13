/**
 * Sistema › CRM › Gatilhos de envio, the API contract (browser-safe): viewers list the rules and their history;
 * operators simulate (Simular) a rule and decide on a held run (Confirmar envio / Descartar); admins create,
 * change and delete rules. The evaluation itself is the Agenda de tarefas task "Executa gatilhos de envio".
 */
import { z } from 'zod';
import { errorSchema, idParams } from '../shared/api-schemas.js';
import { endpoint } from '../shared/contract.js';
import {
  dryRunSchema,
  ruleListQuerySchema,
  runListSchema,
  runPageSchema,
  triggerDraftSchema,
  triggerInputSchema,
  triggerRuleSchema,
  triggerRunSchema,
} from './schemas.js';

const tags = ['triggers'];
const one = z.object({ rule: triggerRuleSchema });
const oneRun = z.object({ run: triggerRunSchema });
const simulated = z.object({ dryRun: dryRunSchema });

export const triggersContract = {
  list: endpoint({
    method: 'GET',
    path: '/api/triggers',
    access: 'viewer',
    tags,
    summary: 'Gatilhos de envio, each with its newest evaluation and the held runs waiting for a decision',
    query: ruleListQuerySchema,
    responses: { 200: z.object({ rules: z.array(triggerRuleSchema) }), 400: errorSchema },
  }),
  get: endpoint({
    method: 'GET',
    path: '/api/triggers/:id',
    access: 'viewer',
    tags,
    params: idParams,
    responses: { 200: one, 404: errorSchema },
  }),
  create: endpoint({
    method: 'POST',
    path: '/api/triggers',
    access: 'admin',
    tags,
    body: triggerInputSchema,
    responses: { 201: one, 400: errorSchema, 409: errorSchema },
  }),
  update: endpoint({
    method: 'PUT',
    path: '/api/triggers/:id',
    access: 'admin',
    tags,
    params: idParams,
    body: triggerInputSchema,
    responses: { 200: one, 400: errorSchema, 404: errorSchema, 409: errorSchema },
  }),
  remove: endpoint({
    method: 'DELETE',
    path: '/api/triggers/:id',
    access: 'admin',
    tags,
    params: idParams,
    responses: { 204: z.null(), 404: errorSchema },
  }),
  runs: endpoint({
    method: 'GET',
    path: '/api/triggers/:id/runs',
    access: 'viewer',
    tags,
    summary: 'The evaluations of a rule, newest first: matched, enqueued, skipped by reason, held and decided',
    params: idParams,
    query: runPageSchema,
    responses: { 200: runListSchema, 400: errorSchema, 404: errorSchema },
  }),
  dryRunDraft: endpoint({
    method: 'POST',
    path: '/api/triggers/dry-run',
    access: 'operator',
    tags,
    summary: 'Simular a rule as on the form (saved or not): counts and rendered samples; nothing is sent',
    body: triggerDraftSchema,
    responses: { 200: simulated, 400: errorSchema },
  }),
  dryRunSaved: endpoint({
    method: 'POST',
    path: '/api/triggers/:id/dry-run',
    access: 'operator',
    tags,
    summary: 'Simular a saved rule: what it would send if it ran now',
    params: idParams,
    responses: { 200: simulated, 400: errorSchema, 404: errorSchema },
  }),
  confirm: endpoint({
    method: 'POST',
    path: '/api/trigger-runs/:id/confirm',
    access: 'operator',
    tags,
    summary: 'Confirmar envio of a held run: plans the rule again now and queues it, whatever the ceiling',
    params: idParams,
    responses: { 200: oneRun, 400: errorSchema, 404: errorSchema, 409: errorSchema },
  }),
  discard: endpoint({
    method: 'POST',
    path: '/api/trigger-runs/:id/discard',
    access: 'operator',
    tags,
    summary: 'Descartar a held run: nothing is sent',
    params: idParams,
    responses: { 200: oneRun, 404: errorSchema, 409: errorSchema },
  }),
};
