/** Incidentes' shapes on the wire (browser-safe): rules, incidents, their timeline, and the operators' actions. */
import { z } from 'zod';
import { reportFilterSchema } from '../report/filter.js';
import { pageParam, rowId } from '../shared/ids.js';
import { elementKinds, incidentCauses, incidentStates } from '../shared/vocabulary.js';

const seconds = (max: number) => z.number().int().min(0).max(max);
const DAY = 86_400;

export const incidentRuleInputSchema = z
  .strictObject({
    minShare: z.number().int().min(1).max(100),
    minCount: z.number().int().min(1).max(1_000_000),
    windowSeconds: seconds(DAY).min(10),
    holdDownSeconds: seconds(DAY),
    /** Null: an operator confirms. */
    autoConfirmSeconds: seconds(DAY).nullable(),
    restoreShare: z.number().int().min(1).max(100),
    restoreSeconds: seconds(DAY),
    closeAfterSeconds: seconds(7 * DAY),
  });
export type IncidentRuleInput = z.infer<typeof incidentRuleInputSchema>;

export const incidentRuleSchema = incidentRuleInputSchema.extend({
  kind: z.enum(elementKinds),
  /** False while the kind runs on the defaults. */
  custom: z.boolean(),
});
export type IncidentRule = z.infer<typeof incidentRuleSchema>;

export const incidentMessagesSchema = z.strictObject({
  start: z.array(rowId).max(3),
  update: z.array(rowId).max(3),
  restored: z.array(rowId).max(3),
});
export type IncidentMessages = z.infer<typeof incidentMessagesSchema>;

export const incidentSettingsSchema = z.object({
  rules: z.array(incidentRuleSchema),
  messages: z.record(z.enum(elementKinds), incidentMessagesSchema),
});

export const incidentSettingsInputSchema = z.strictObject({
  kind: z.enum(elementKinds),
  rule: incidentRuleInputSchema,
  messages: incidentMessagesSchema,
});

const instant = z.string().nullable();

export const incidentSchema = z.object({
  id: z.number().int(),
  /** `INC-000012`: what an attendant reads to a subscriber. */
  protocol: z.string(),
  kind: z.enum([...elementKinds, 'manual']),
  elementId: z.number().int().nullable(),
  elementName: z.string(),
  parentId: z.number().int().nullable(),
  state: z.enum(incidentStates),
  cause: z.enum(incidentCauses),
  startedAt: z.string(),
  detectedAt: z.string(),
  confirmedAt: instant,
  confirmedBy: z.string().nullable(),
  restoredAt: instant,
  closedAt: instant,
  closedBy: z.string().nullable(),
  eta: instant,
  note: z.string().nullable(),
  firstNoticeAt: instant,
  counts: z.object({
    affected: z.number().int(),
    stillOffline: z.number().int(),
    back: z.number().int(),
    /** Contacts sent the início (or still queued to get it). */
    notified: z.number().int(),
    /** Normalizado notices queued. */
    restoredNotices: z.number().int(),
  }),
});
export type Incident = z.infer<typeof incidentSchema>;

export const incidentEventSchema = z.object({
  id: z.number().int(),
  at: z.string(),
  kind: z.string(),
  actor: z.string(),
  details: z.record(z.string(), z.unknown()),
});
export type IncidentEvent = z.infer<typeof incidentEventSchema>;

export const incidentListQuerySchema = z.strictObject({
  /** Only suspected, confirmed and restored incidents. */
  open: z.enum(['true', 'false']).optional(),
  state: z.enum(incidentStates).optional(),
  page: pageParam,
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});

export const etaInputSchema = z.strictObject({
  /** Previsão de retorno (ISO instant), or null to clear it. */
  eta: z.iso.datetime({ offset: true }).nullable().optional(),
  /** A public note, sent in the atualização notice. */
  note: z.string().trim().max(500).optional(),
  /** Send the atualização to the notified subscribers still offline (default true). */
  notify: z.boolean().default(true),
});
export type EtaInput = z.infer<typeof etaInputSchema>;

export const confirmInputSchema = z.strictObject({
  eta: z.iso.datetime({ offset: true }).nullable().optional(),
  note: z.string().trim().max(500).optional(),
});
export type ConfirmInput = z.infer<typeof confirmInputSchema>;

export const mergeInputSchema = z.strictObject({ into: rowId });

export const lookupQuerySchema = z
  .strictObject({
    clientId: z.coerce.number().int().positive().max(2_147_483_647).optional(),
    cpf: z.string().trim().max(20).optional(),
    login: z.string().trim().max(200).optional(),
    phone: z.string().trim().max(30).optional(),
  })
  .refine((q) => [q.clientId, q.cpf, q.login, q.phone].filter((v) => v !== undefined && v !== '').length === 1, {
    message: 'give exactly one of clientId, cpf, login, phone',
  });
export type LookupQuery = z.infer<typeof lookupQuerySchema>;

/**
 * An alert from the ISP's monitoring (a Zabbix action's webhook media type, LibreNMS or Uptime Kuma set to post
 * JSON), on an element given by id or by name.
 */
export const monitoringAlertSchema = z.strictObject({
  /** The monitoring's own event id (Zabbix `{EVENT.ID}`): pairs the recovery with its problem. */
  eventId: z.string().trim().min(1).max(200),
  state: z.enum(['problem', 'recovery']),
  element: z
    .strictObject({ kind: z.enum(elementKinds), id: rowId.optional(), name: z.string().trim().min(1).max(200).optional() })
    .refine((e) => e.id !== undefined || e.name !== undefined, { message: 'give the element id or name' }),
  /** What the monitoring says (its trigger's name), kept on the timeline. */
  title: z.string().trim().max(500).optional(),
  /** Which system sent it (zabbix, librenms, uptime-kuma…). */
  source: z.string().trim().max(50).optional(),
});
export type MonitoringAlert = z.infer<typeof monitoringAlertSchema>;

export const incidentStatsSchema = z.object({
  days: z.number().int(),
  opened: z.number().int(),
  confirmed: z.number().int(),
  discarded: z.number().int(),
  timeToDetect: z.number().nullable(),
  timeToFirstNotice: z.number().nullable(),
  timeToRestore: z.number().nullable(),
  affected: z.number().int(),
});
export type IncidentStats = z.infer<typeof incidentStatsSchema>;

/**
 * An incident opened by hand from the Relatório de status logins: its affected logins are the filter's logins that
 * are offline now; it opens confirmed (the operator is the confirmation) and, with `notify`, its início goes at once.
 */
export const manualIncidentInputSchema = z.strictObject({
  /** What failed, as the notices and the screen name it ("Rompimento Rua das Flores"). */
  title: z.string().trim().min(1).max(200),
  /** The kind of element that failed: the incident follows that kind's messages and restore rule. */
  kind: z.enum(elementKinds).default('box'),
  filter: reportFilterSchema,
  eta: z.iso.datetime({ offset: true }).nullable().optional(),
  note: z.string().trim().max(500).optional(),
  notify: z.boolean().default(true),
});
export type ManualIncidentInput = z.infer<typeof manualIncidentInputSchema>;
