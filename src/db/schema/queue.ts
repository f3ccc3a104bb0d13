/**
 * The fila: a send batch per CRM click (or gatilho run), one queue row per recipient with the message rendered
 * at enqueue time, the recipients skipped and why, and one delivery log row per attempt (Logs Omnichannel /
 * E-mail / SMS). Row states: pending → claimed → sending → sent | failed | pending (retry) | uncertain; cancelled.
 * `claimed` is a row a drain took ahead of sending (its lease running out puts it back to pending, attempt not
 * counted); `sending` is a row whose request may have left (its lease running out makes it uncertain).
 */
import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  bigint,
  boolean,
  check,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  smallint,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import type { Notice } from '../../shared/notice.js';
import { DEFAULT_WHATSAPP_PRICES } from '../../shared/whatsapp-pricing.js';
import { users } from './access.js';
import { integrations, messages } from './messaging.js';
import { triggerRules } from './triggers.js';

const tz = { withTimezone: true, mode: 'date' } as const;

export const sendBatches = pgTable(
  'send_batches',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    channel: text('channel').notNull(),
    messageId: integer('message_id').references(() => messages.id, { onDelete: 'set null' }),
    /** The message's description when the batch was made (survives its deletion). */
    messageDescription: text('message_description').notNull(),
    integrationId: integer('integration_id').references(() => integrations.id, { onDelete: 'set null' }),
    createdBy: integer('created_by').references(() => users.id, { onDelete: 'set null' }),
    /** Who, as text: a username, or `gatilho: <name>` for rule runs. */
    actor: text('actor').notNull(),
    /** The gatilho de envio that made this batch (null for a CRM click). */
    ruleId: integer('rule_id').references((): AnyPgColumn => triggerRules.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', tz).notNull().defaultNow(),
    /** The report filter (src/report/filter.ts) and the free-field values the batch was made with. */
    filter: jsonb('filter').notNull(),
    freeValues: jsonb('free_values').notNull(),
    /**
     * What every row of the batch shares, snapshotted at enqueue: WhatsApp `{channelId, templateId}`; null for
     * e-mail and SMS. The drain sends `template || row.payload`.
     */
    template: jsonb('template'),
    /** Higher drains first: 0 rotina, 5 urgente. */
    priority: smallint('priority').notNull().default(0),
    /** Sent by the client with a confirmed send; a repeat of the same key returns the first batch. */
    idempotencyKey: text('idempotency_key'),
    /** Logins the filter matched, distinct recipients, rows queued, recipients skipped (by reason in `skipCounts`). */
    matched: integer('matched').notNull(),
    enqueued: integer('enqueued').notNull(),
    skipped: integer('skipped').notNull(),
    skipCounts: jsonb('skip_counts').notNull(),
    cancelledAt: timestamp('cancelled_at', tz),
    cancelledBy: text('cancelled_by'),
    /**
     * Why the operator sent again to contacts the recent-notice guard would have skipped (null: the guard applied).
     * Also in the audit trail.
     */
    repeatReason: text('repeat_reason'),
    /** The incident (src/incidents) whose notice this batch is, and which phase: start, update, restored. */
    incidentId: integer('incident_id'),
    incidentPhase: text('incident_phase'),
    /** The manutenção programada (maintenance_windows) whose reminder or cancellation this batch is. */
    maintenanceId: integer('maintenance_id'),
  },
  (t) => [
    uniqueIndex('send_batches_idempotency_uq').on(t.idempotencyKey),
    index('send_batches_created_idx').on(t.createdAt),
    /** A gatilho's cooldown looks at the rule's recent batches. */
    index('send_batches_rule_idx').on(t.ruleId, t.createdAt).where(sql`${t.ruleId} is not null`),
    index('send_batches_incident_idx').on(t.incidentId, t.incidentPhase).where(sql`${t.incidentId} is not null`),
    index('send_batches_maintenance_idx').on(t.maintenanceId).where(sql`${t.maintenanceId} is not null`),
    check('send_batches_channel_chk', sql`${t.channel} in ('whatsapp','email','sms')`),
  ],
);

export const queueItems = pgTable(
  'queue_items',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    /** The batch (checked per statement by a trigger, not a per-row foreign key: see migration 0008). */
    batchId: integer('batch_id').notNull(),
    channel: text('channel').notNull(),
    messageId: integer('message_id'),
    integrationId: integer('integration_id').notNull(),
    clientId: integer('client_id').notNull(),
    loginId: integer('login_id'),
    login: text('login'),
    /** E.164 (`+5548999123456`) or an e-mail address, as sent. */
    contact: text('contact').notNull(),
    /** What dedupe compares: the E.164, or the lower-cased address. */
    contactKey: text('contact_key').notNull(),
    /**
     * The message rendered for this recipient: WhatsApp `{variables}` (the batch's `template` holds the channel and
     * template), e-mail `{subject, text, html}`, SMS `{text}`.
     */
    payload: jsonb('payload').notNull(),
    status: text('status').notNull().default('pending'),
    priority: smallint('priority').notNull().default(0),
    attempts: integer('attempts').notNull().default(0),
    /** Not before (retry backoff). */
    runAfter: timestamp('run_after', tz).notNull().defaultNow(),
    /**
     * While `claimed` or `sending`: the claim's owner and its lease; past the lease a claimed row is pending again
     * and a sending one `uncertain`.
     */
    lockedBy: text('locked_by'),
    leaseUntil: timestamp('lease_until', tz),
    providerMessageId: text('provider_message_id'),
    /**
     * What the provider reported after the send (receipts, src/receipts): `delivered`, `read`, or `failed` (after
     * it was accepted), never downgraded by a late or repeated receipt; null: nothing reported yet.
     */
    deliveryStatus: text('delivery_status'),
    /** When the current delivery status happened (the provider's time). */
    deliveryAt: timestamp('delivery_at', tz),
    /** A `failed` receipt's error (src/shared/notice.ts; Meta's code and title as its detail). */
    deliveryError: jsonb('delivery_error').$type<Notice>(),
    /** The row whose recipient this one reaches on another channel instead (src/queue/fallback.ts). */
    fallbackOf: bigint('fallback_of', { mode: 'number' }),
    /** Why the row waits, failed or was cancelled (src/shared/notice.ts). */
    lastError: jsonb('last_error').$type<Notice>(),
    /** Why the row is waiting or failed: a provider failure kind, `quota`, `halted`… */
    lastErrorKind: text('last_error_kind'),
    createdAt: timestamp('created_at', tz).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', tz).notNull().defaultNow(),
    finishedAt: timestamp('finished_at', tz),
  },
  (t) => [
    /**
     * A login's notices: what an incident told each affected login (probed login by login, whatever the planner
     * believes about a fresh incident's size) and a subscriber's history.
     */
    index('queue_items_login_idx').on(t.loginId),
    uniqueIndex('queue_items_pending_contact_uq')
      .on(t.messageId, t.contactKey)
      .where(sql`${t.status} in ('pending','claimed','sending')`),
    index('queue_items_claim_idx')
      .on(t.integrationId, t.priority.desc(), t.id)
      .where(sql`${t.status} = 'pending'`),
    index('queue_items_batch_status_idx').on(t.batchId, t.status),
    index('queue_items_lease_idx').on(t.leaseUntil).where(sql`${t.status} in ('claimed','sending')`),
    /** The recent-notice guard: who got a message (or one of its purpose) since a time. */
    index('queue_items_recent_idx')
      .on(t.messageId, t.finishedAt)
      .where(sql`${t.status} in ('sent','uncertain')`),
    check('queue_items_status_chk', sql`${t.status} in ('pending','claimed','sending','sent','failed','cancelled','uncertain')`),
    /** One fallback per original row, never two. */
    uniqueIndex('queue_items_fallback_of_uq').on(t.fallbackOf).where(sql`${t.fallbackOf} is not null`),
    /**
     * The fallback pass (src/queue/fallback.ts), at every scheduler tick of every process: the rows that are or may
     * become due (a failure reported, or sent with no receipt yet), not every send of the last 48 hours.
     */
    index('queue_items_fallback_idx')
      .on(t.messageId, t.finishedAt)
      .where(sql`${t.deliveryStatus} = 'failed' or (${t.status} = 'sent' and ${t.deliveryStatus} is null)`),
    /** Receipts find their row by the provider's message id. */
    index('queue_items_provider_message_idx').on(t.providerMessageId).where(sql`${t.providerMessageId} is not null`),
    check('queue_items_delivery_status_chk', sql`${t.deliveryStatus} in ('delivered','read','failed')`),
  ],
);

/**
 * Delivery receipts as they came (WhatsApp status webhooks, SMS status callbacks): one row per message and status,
 * whatever the order or how often the provider repeats it — the timeline a log line shows.
 */
export const deliveryEvents = pgTable(
  'delivery_events',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    /** `cloudapi`, `zenvia`… */
    provider: text('provider').notNull(),
    providerMessageId: text('provider_message_id').notNull(),
    /** `sent`, `delivered`, `read`, `failed`. */
    status: text('status').notNull(),
    /** The provider's time of the status. */
    at: timestamp('at', tz).notNull(),
    errorCode: text('error_code'),
    errorTitle: text('error_title'),
    receivedAt: timestamp('received_at', tz).notNull().defaultNow(),
    /**
     * The queue row it was applied to; null until then (a receipt may come before the drain has written the
     * provider's id: it is applied by a later pass).
     */
    queueItemId: bigint('queue_item_id', { mode: 'number' }),
  },
  (t) => [
    uniqueIndex('delivery_events_message_status_uq').on(t.provider, t.providerMessageId, t.status),
    index('delivery_events_item_idx').on(t.queueItemId),
    index('delivery_events_unapplied_idx').on(t.receivedAt).where(sql`${t.queueItemId} is null`),
    check('delivery_events_status_chk', sql`${t.status} in ('sent','delivered','read','failed')`),
  ],
);

export const sendSkips = pgTable(
  'send_skips',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    /** The batch (checked per statement by a trigger, not a per-row foreign key: see migration 0008). */
    batchId: integer('batch_id').notNull(),
    clientId: integer('client_id').notNull(),
    loginId: integer('login_id'),
    login: text('login'),
    /** What the client had on file (phone field or e-mail), for the operator to fix. */
    contact: text('contact'),
    /** no_mobile, invalid_phone, landline, no_email, invalid_email, opted_out, duplicate_in_batch, already_pending. */
    reason: text('reason').notNull(),
  },
  (t) => [index('send_skips_batch_idx').on(t.batchId, t.reason), index('send_skips_login_idx').on(t.loginId)],
);

export const deliveryLogs = pgTable(
  'delivery_logs',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    /** Data envio. */
    at: timestamp('at', tz).notNull().defaultNow(),
    channel: text('channel').notNull(),
    clientId: integer('client_id').notNull(),
    contact: text('contact').notNull(),
    success: boolean('success').notNull(),
    /** What the attempt came to (src/shared/notice.ts): `sent` or the failure, the provider's words as its detail. */
    message: jsonb('message').$type<Notice>().notNull(),
    providerMessageId: text('provider_message_id'),
    /** Failure kind (retryable, permanent, config, quota). */
    kind: text('kind'),
    httpStatus: integer('http_status'),
    attempt: integer('attempt').notNull(),
    durationMs: integer('duration_ms'),
    batchId: integer('batch_id'),
    queueItemId: bigint('queue_item_id', { mode: 'number' }),
    integrationId: integer('integration_id'),
  },
  (t) => [
    index('delivery_logs_channel_at_idx').on(t.channel, t.at.desc(), t.id.desc()),
    index('delivery_logs_client_idx').on(t.clientId, t.at.desc()),
    index('delivery_logs_contact_idx').on(t.contact),
    index('delivery_logs_batch_idx').on(t.batchId),
    index('delivery_logs_item_idx').on(t.queueItemId),
    /** Mensagem contains: the provider's words (codes are matched by their texts, src/shared/notice-text.ts). */
    index('delivery_logs_detail_trgm_idx').using('gin', sql`(${t.message}->>'detail') gin_trgm_ops`),
  ],
);

/**
 * How sends behave for the whole installation (one row, once an admin saves them; the defaults till then): the recent-notice guard skips a
 * contact that got the same message — or, with scope `purpose`, any message of the same purpose — within
 * `recent_hours` (0: off). Admins change it in Configurações › Envio.
 */
export const sendSettings = pgTable(
  'send_settings',
  {
    id: smallint('id').primaryKey().default(1),
    recentHours: integer('recent_hours').notNull().default(6),
    recentScope: text('recent_scope').notNull().default('message'),
    /** Quiet hours (installation time, `HH:MM`): non-urgent rows wait in the fila between start and end; equal = off. */
    quietStart: text('quiet_start').notNull().default('21:00'),
    quietEnd: text('quiet_end').notNull().default('08:00'),
    /** Words that, answered alone, opt a subscriber out (folded: accents and case ignored). */
    optOutWords: jsonb('opt_out_words').$type<string[]>().notNull().default(sql`'["SAIR","PARAR","PARE","STOP"]'::jsonb`),
    /** The reply confirming an opt-out (a free-form text, within WhatsApp's 24 h window opened by their message). */
    optOutReply: text('opt_out_reply').notNull().default('Pronto: você não receberá mais avisos por aqui. Para voltar a receber, fale com o nosso atendimento.'),
    /** Meta's price per template message by category, and its currency: only the send dialog's estimate reads them. */
    whatsappPriceUtility: doublePrecision('whatsapp_price_utility').notNull().default(DEFAULT_WHATSAPP_PRICES.whatsappPriceUtility),
    whatsappPriceMarketing: doublePrecision('whatsapp_price_marketing').notNull().default(DEFAULT_WHATSAPP_PRICES.whatsappPriceMarketing),
    whatsappPriceAuthentication: doublePrecision('whatsapp_price_authentication')
      .notNull()
      .default(DEFAULT_WHATSAPP_PRICES.whatsappPriceAuthentication),
    whatsappCurrency: text('whatsapp_currency').notNull().default(DEFAULT_WHATSAPP_PRICES.whatsappCurrency),
    updatedAt: timestamp('updated_at', tz).notNull().defaultNow(),
    updatedBy: text('updated_by'),
  },
  (t) => [
    check('send_settings_one_row_chk', sql`${t.id} = 1`),
    check('send_settings_recent_hours_chk', sql`${t.recentHours} between 0 and 168`),
    check('send_settings_recent_scope_chk', sql`${t.recentScope} in ('message','purpose')`),
    check(
      'send_settings_whatsapp_prices_chk',
      sql`${t.whatsappPriceUtility} >= 0 and ${t.whatsappPriceMarketing} >= 0 and ${t.whatsappPriceAuthentication} >= 0`,
    ),
    check('send_settings_whatsapp_currency_chk', sql`${t.whatsappCurrency} ~ '^[A-Z]{3}$'`),
  ],
);
