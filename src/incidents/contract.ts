/**
 * Incidentes, the API contract (browser-safe): everyone signed in follows incidents and their timelines; operators
 * act on them (confirmar, descartar, atualizar previsão, normalizar, encerrar, mesclar) and feed the monitoring's
 * alerts; admins set each element kind's rule and messages. The lookup answers URAs and chatbots (an API token).
 */
import { z } from 'zod';
import { errorSchema, idParams } from '../shared/api-schemas.js';
import { endpoint } from '../shared/contract.js';
import {
  confirmInputSchema,
  etaInputSchema,
  incidentEventSchema,
  incidentListQuerySchema,
  incidentSchema,
  incidentSettingsInputSchema,
  incidentSettingsSchema,
  incidentStatsSchema,
  lookupQuerySchema,
  manualIncidentInputSchema,
  mergeInputSchema,
  monitoringAlertSchema,
} from './schemas.js';

const tags = ['incidents'];
const one = z.object({ incident: incidentSchema });
const noticed = z.object({ incident: incidentSchema, enqueued: z.number().int(), batchIds: z.array(z.number().int()) });

export const incidentsContract = {
  list: endpoint({
    method: 'GET',
    path: '/api/incidents',
    access: 'viewer',
    tags,
    summary: 'Incidents, open ones first (suspeito, confirmado, normalizado), each with its live counts',
    query: incidentListQuerySchema,
    responses: { 200: z.object({ incidents: z.array(incidentSchema), total: z.number().int() }), 400: errorSchema },
  }),
  get: endpoint({
    method: 'GET',
    path: '/api/incidents/:id',
    access: 'viewer',
    tags,
    params: idParams,
    responses: { 200: one, 404: errorSchema },
  }),
  timeline: endpoint({
    method: 'GET',
    path: '/api/incidents/:id/timeline',
    access: 'viewer',
    tags,
    summary: 'Every state change, ETA, note and notice of an incident, oldest first',
    params: idParams,
    responses: { 200: z.object({ events: z.array(incidentEventSchema) }), 404: errorSchema },
  }),
  create: endpoint({
    method: 'POST',
    path: '/api/incidents',
    access: 'operator',
    tags,
    summary:
      'Open an incident by hand from a report filter: the offline logins it matches are affected; it opens confirmed and (notify) its início goes at once',
    body: manualIncidentInputSchema,
    responses: { 201: noticed.extend({ affected: z.number().int() }), 400: errorSchema },
  }),
  confirm: endpoint({
    method: 'POST',
    path: '/api/incidents/:id/confirm',
    access: 'operator',
    tags,
    summary: 'Confirmar a suspected incident (optionally with its ETA): the início goes to the affected subscribers',
    params: idParams,
    body: confirmInputSchema,
    responses: { 200: noticed, 400: errorSchema, 404: errorSchema, 409: errorSchema },
  }),
  discard: endpoint({
    method: 'POST',
    path: '/api/incidents/:id/discard',
    access: 'operator',
    tags,
    summary: 'Descartar (false alarm): its notices not yet sent are cancelled',
    params: idParams,
    responses: { 200: one, 404: errorSchema, 409: errorSchema },
  }),
  update: endpoint({
    method: 'POST',
    path: '/api/incidents/:id/update',
    access: 'operator',
    tags,
    summary: 'Atualizar previsão or publish a note; a confirmed incident tells those notified and still offline',
    params: idParams,
    body: etaInputSchema,
    responses: { 200: noticed, 400: errorSchema, 404: errorSchema, 409: errorSchema },
  }),
  restore: endpoint({
    method: 'POST',
    path: '/api/incidents/:id/restore',
    access: 'operator',
    tags,
    summary: 'Normalizar by hand; each subscriber still gets the normalizado when their own login is back',
    params: idParams,
    responses: { 200: one, 404: errorSchema, 409: errorSchema },
  }),
  close: endpoint({
    method: 'POST',
    path: '/api/incidents/:id/close',
    access: 'operator',
    tags,
    summary: 'Encerrar: nothing more is tracked or sent',
    params: idParams,
    responses: { 200: one, 404: errorSchema, 409: errorSchema },
  }),
  merge: endpoint({
    method: 'POST',
    path: '/api/incidents/:id/merge',
    access: 'operator',
    tags,
    summary: 'Mesclar into another open incident: its affected logins join that one',
    params: idParams,
    body: mergeInputSchema,
    responses: { 200: one, 400: errorSchema, 404: errorSchema, 409: errorSchema },
  }),
  stats: endpoint({
    method: 'GET',
    path: '/api/incidents/stats',
    access: 'viewer',
    tags,
    summary: 'The last 30 days: incidents opened, confirmed, discarded; median time to detect, to the first notice, to restore',
    responses: { 200: incidentStatsSchema },
  }),
  lookup: endpoint({
    method: 'GET',
    path: '/api/incidents/lookup',
    access: 'viewer',
    tags,
    summary: 'For URAs and chatbots: the open incidents affecting a client (by id, CPF/CNPJ, login or phone), with ETA',
    query: lookupQuerySchema,
    responses: {
      200: z.object({ incidents: z.array(incidentSchema.extend({ logins: z.array(z.object({ login: z.string(), back: z.boolean() })) })) }),
      400: errorSchema,
      429: errorSchema,
    },
  }),
  monitoring: endpoint({
    method: 'POST',
    path: '/api/monitoring/alerts',
    access: 'operator',
    tags,
    summary: "A monitoring system's problem or recovery on an element (Zabbix action, LibreNMS, Uptime Kuma): opens, confirms or restores its incident, paired by the alert's own event id",
    body: monitoringAlertSchema,
    responses: { 200: z.object({ incident: incidentSchema.nullable(), action: z.enum(['opened', 'confirmed', 'restored', 'ignored']) }), 400: errorSchema },
  }),
  settings: endpoint({
    method: 'GET',
    path: '/api/settings/incidents',
    access: 'viewer',
    tags,
    summary: 'Each element kind’s detection rule (defaults until saved) and the messages of each phase',
    responses: { 200: incidentSettingsSchema },
  }),
  saveSettings: endpoint({
    method: 'PUT',
    path: '/api/settings/incidents',
    access: 'admin',
    tags,
    summary: 'Set one element kind’s rule and messages',
    body: incidentSettingsInputSchema,
    responses: { 200: incidentSettingsSchema, 400: errorSchema },
  }),
};
