/**
 * Incidentes (issue 17): per-element live counts kept by triggers on logins; the detection rule of each element
 * kind; incidents with their affected logins and timeline; the messages each phase sends; and planned maintenance
 * windows that mute detection. Element kinds: `nas` (concentrador), `pop`, `box` (caixa FTTH / CTO).
 */
import { sql } from 'drizzle-orm';
import { bigint, check, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { messages } from './messaging.js';

const tz = { withTimezone: true, mode: 'date' } as const;

/**
 * Logins per element and live state (kind `all`, id 0: every login), kept by statement-level triggers on `logins` (migration 0015_incidents): the
 * share of an element's logins that dropped, the report's unfiltered summary and the home page read them instead
 * of counting a million logins.
 */
export const elementCounts = pgTable(
  'element_counts',
  {
    kind: text('kind').notNull(),
    elementId: integer('element_id').notNull(),
    total: integer('total').notNull().default(0),
    online: integer('online').notNull().default(0),
    offline: integer('offline').notNull().default(0),
    never: integer('never').notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.kind, t.elementId] }),
    index('element_counts_offline_idx').on(t.kind, t.offline),
    check('element_counts_kind_chk', sql`${t.kind} in ('all','nas','pop','box')`),
  ],
);

/** How an element kind's outage is recognised, confirmed and considered over (one row per kind, defaults till saved). */
export const incidentRules = pgTable(
  'incident_rules',
  {
    kind: text('kind').primaryKey(),
    /** Percent of the element's logins that were online which must have dropped. */
    minShare: integer('min_share').notNull(),
    /** And at least this many logins. */
    minCount: integer('min_count').notNull(),
    /** The drops counted are those within this many seconds of each other… */
    windowSeconds: integer('window_seconds').notNull(),
    /** …that have stayed offline for this long (flapping guard): a login back within it does not count. */
    holdDownSeconds: integer('hold_down_seconds').notNull(),
    /** Null: an operator confirms; else suspected incidents confirm themselves after this many seconds. */
    autoConfirmSeconds: integer('auto_confirm_seconds'),
    /** Normalizado when this percent of the affected logins… */
    restoreShare: integer('restore_share').notNull(),
    /** …have been back for this long. */
    restoreSeconds: integer('restore_seconds').notNull(),
    /** Encerrado this long after normalizado. */
    closeAfterSeconds: integer('close_after_seconds').notNull(),
    updatedAt: timestamp('updated_at', tz).notNull().defaultNow(),
    updatedBy: text('updated_by'),
  },
  (t) => [
    check('incident_rules_kind_chk', sql`${t.kind} in ('nas','pop','box')`),
    check('incident_rules_share_chk', sql`${t.minShare} between 1 and 100 and ${t.restoreShare} between 1 and 100`),
  ],
);

/** The messages an incident of a kind sends in each phase (início, atualização, normalizado), one per channel. */
export const incidentMessages = pgTable(
  'incident_messages',
  {
    kind: text('kind').notNull(),
    phase: text('phase').notNull(),
    messageId: integer('message_id')
      .notNull()
      .references(() => messages.id, { onDelete: 'cascade' }),
  },
  (t) => [
    primaryKey({ columns: [t.kind, t.phase, t.messageId] }),
    check('incident_messages_phase_chk', sql`${t.phase} in ('start','update','restored')`),
  ],
);

export const incidents = pgTable(
  'incidents',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    kind: text('kind').notNull(),
    elementId: integer('element_id'),
    /** The element's name when the incident opened (it stays legible if the element is renamed). */
    elementName: text('element_name').notNull(),
    /** A box incident absorbed by its NAS's or POP's incident. */
    parentId: integer('parent_id'),
    state: text('state').notNull(),
    cause: text('cause').notNull(),
    /** The monitoring system's own event id (Zabbix `{EVENT.ID}`), pairing its problem and recovery. */
    externalRef: text('external_ref'),
    /** The first drop counted (the event's own time). */
    startedAt: timestamp('started_at', tz).notNull(),
    detectedAt: timestamp('detected_at', tz).notNull().defaultNow(),
    confirmedAt: timestamp('confirmed_at', tz),
    confirmedBy: text('confirmed_by'),
    /** When the restore share was first reached (cleared if it falls back below). */
    restoringSince: timestamp('restoring_since', tz),
    restoredAt: timestamp('restored_at', tz),
    closedAt: timestamp('closed_at', tz),
    closedBy: text('closed_by'),
    /** Previsão de retorno. */
    eta: timestamp('eta', tz),
    /** The latest public note (sent in atualização notices). */
    note: text('note'),
    firstNoticeAt: timestamp('first_notice_at', tz),
  },
  (t) => [
    uniqueIndex('incidents_open_element_uq')
      .on(t.kind, t.elementId)
      .where(sql`${t.state} in ('suspected','confirmed') and ${t.elementId} is not null`),
    uniqueIndex('incidents_external_ref_uq').on(t.externalRef).where(sql`${t.externalRef} is not null`),
    index('incidents_open_idx').on(t.state).where(sql`${t.state} in ('suspected','confirmed','restored')`),
    index('incidents_started_idx').on(t.startedAt),
    check('incidents_kind_chk', sql`${t.kind} in ('nas','pop','box','manual')`),
    check('incidents_state_chk', sql`${t.state} in ('suspected','confirmed','restored','closed','discarded','merged')`),
    check('incidents_cause_chk', sql`${t.cause} in ('nas_reset','mass_drop','monitoring','manual')`),
  ],
);

/** The logins an incident affects: who went offline when, and when each came back. */
export const incidentLogins = pgTable(
  'incident_logins',
  {
    incidentId: integer('incident_id')
      .notNull()
      .references(() => incidents.id, { onDelete: 'cascade' }),
    loginId: integer('login_id').notNull(),
    clientId: integer('client_id'),
    wentOfflineAt: timestamp('went_offline_at', tz),
    backAt: timestamp('back_at', tz),
    /** When this login's normalizado was queued (or found nothing to send): it is not considered again. */
    restoredNoticeAt: timestamp('restored_notice_at', tz),
  },
  (t) => [
    primaryKey({ columns: [t.incidentId, t.loginId] }),
    index('incident_logins_login_idx').on(t.loginId),
    index('incident_logins_client_idx').on(t.clientId),
    /** Logins back and not yet sent their normalizado: what each pass looks for. */
    index('incident_logins_restore_due_idx').on(t.incidentId).where(sql`${t.backAt} is not null and ${t.restoredNoticeAt} is null`),
  ],
);

/** The timeline: every state change, ETA, note and notice of an incident. */
export const incidentEvents = pgTable(
  'incident_events',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    incidentId: integer('incident_id')
      .notNull()
      .references(() => incidents.id, { onDelete: 'cascade' }),
    at: timestamp('at', tz).notNull().defaultNow(),
    kind: text('kind').notNull(),
    actor: text('actor').notNull(),
    details: jsonb('details').notNull().default({}),
  },
  (t) => [index('incident_events_incident_idx').on(t.incidentId, t.at)],
);

/** Manutenção programada: a planned window on elements; detection is muted there (plus the margin). */
export const maintenanceWindows = pgTable(
  'maintenance_windows',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    title: text('title').notNull(),
    /** `[{ kind, id }]`. */
    elements: jsonb('elements').notNull(),
    startsAt: timestamp('starts_at', tz).notNull(),
    endsAt: timestamp('ends_at', tz).notNull(),
    marginMinutes: integer('margin_minutes').notNull().default(30),
    /** Minutes before the start each reminder goes (`[10080, 1440, 0]`), and `-1` for the end. */
    reminders: jsonb('reminders').notNull().default([]),
    /** Reminders dealt with: `[{ at: minutes, sentAt, batchIds, enqueued }]` or `[{ at, skipped: reason }]`. */
    sent: jsonb('sent').notNull().default([]),
    createdBy: text('created_by'),
    createdAt: timestamp('created_at', tz).notNull().defaultNow(),
    cancelledAt: timestamp('cancelled_at', tz),
    cancelledBy: text('cancelled_by'),
  },
  (t) => [
    index('maintenance_windows_time_idx').on(t.endsAt, t.startsAt),
    check('maintenance_windows_time_chk', sql`${t.endsAt} > ${t.startsAt}`),
  ],
);

/**
 * The messages a maintenance window sends: `notice` for the reminders before and at the start, `end` when it is
 * over, `cancel` to those a reminder reached when it is cancelled.
 */
export const maintenanceMessages = pgTable(
  'maintenance_messages',
  {
    windowId: integer('window_id')
      .notNull()
      .references(() => maintenanceWindows.id, { onDelete: 'cascade' }),
    phase: text('phase').notNull(),
    messageId: integer('message_id')
      .notNull()
      .references(() => messages.id, { onDelete: 'cascade' }),
  },
  (t) => [
    primaryKey({ columns: [t.windowId, t.phase, t.messageId] }),
    check('maintenance_messages_phase_chk', sql`${t.phase} in ('notice','end','cancel')`),
  ],
);
