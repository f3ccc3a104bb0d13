/**
 * Integrações (Configurações › Integrações) and Mensagens (Sistema › CRM › Mensagens): where messages go out
 * and what they say. Provider settings live in `config` (validated per kind by src/providers/integration-config.ts);
 * the one secret per integration (token, password, key) is sealed (src/shared/secret-box.ts) and never returned.
 */
import { sql } from 'drizzle-orm';
import { type AnyPgColumn, boolean, check, index, integer, jsonb, pgTable, real, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import type { Notice } from '../../shared/notice.js';
import { users } from './access.js';

const tz = { withTimezone: true, mode: 'date' } as const;

export const integrations = pgTable(
  'integrations',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    /** `opa` Opa! Suite, `cloudapi` WhatsApp Cloud API, `smtp` e-mail, `zenvia` / `smsdev` SMS gateways. */
    kind: text('kind').notNull(),
    /** Follows from `kind`; stored so queue and messages can filter by it. */
    channel: text('channel').notNull(),
    description: text('description').notNull(),
    config: jsonb('config').notNull(),
    /** AES-256-GCM sealed token/password/key; null = none set. */
    secret: text('secret'),
    /** Last four characters of the secret, for a masked display. */
    secretHint: text('secret_hint'),
    /** Cloud API only: sealed JSON `{appSecret?, verifyToken?}` that verify Meta's webhooks. */
    webhookSecret: text('webhook_secret'),
    active: boolean('active').notNull().default(true),
    /** Drain limits (Agenda de tarefas): parallel requests and messages per second through this integration. */
    maxConcurrency: integer('max_concurrency').notNull().default(2),
    ratePerSecond: real('rate_per_second').notNull().default(5),
    lastCheckAt: timestamp('last_check_at', tz),
    lastCheckOk: boolean('last_check_ok'),
    /** What Testar conexão found, either way (src/shared/notice.ts). */
    lastCheckMessage: jsonb('last_check_message').$type<Notice>(),
    /**
     * Set by the drain when the provider refused the integration itself (401/403, unknown channel): sending
     * through it stops until an admin fixes it and tests it again.
     */
    haltedAt: timestamp('halted_at', tz),
    haltedReason: jsonb('halted_reason').$type<Notice>(),
    createdBy: integer('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', tz).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', tz).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('integrations_description_uq').on(sql`lower(${t.description})`),
    check('integrations_kind_chk', sql`${t.kind} in ('opa','smtp','zenvia','smsdev','cloudapi')`),
    check('integrations_channel_chk', sql`${t.channel} in ('whatsapp','email','sms')`),
    check('integrations_limits_chk', sql`${t.maxConcurrency} between 1 and 50 and ${t.ratePerSecond} > 0`),
  ],
);

export const messages = pgTable(
  'messages',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    /** Tipo comunicação: `whatsapp`, `email`, `sms`. */
    channel: text('channel').notNull(),
    description: text('description').notNull(),
    integrationId: integer('integration_id')
      .notNull()
      .references(() => integrations.id, { onDelete: 'restrict' }),
    /** Per channel (src/messages/schemas.ts): Opa channel + template + variable bindings, or subject/body, or text. */
    content: jsonb('content').notNull(),
    active: boolean('active').notNull().default(true),
    /** What it is for (outage, maintenance, restored, other): the recent-notice guard can compare by purpose. */
    purpose: text('purpose').notNull().default('other'),
    /**
     * Another channel's message (usually SMS) sent instead to a recipient this one cannot reach: WhatsApp refused
     * them for good (not on WhatsApp, marketing cap), a `failed` receipt came, or — with `fallbackAfterMinutes` —
     * no `delivered` came in time. Once per recipient (src/queue/fallback.ts).
     */
    fallbackMessageId: integer('fallback_message_id').references((): AnyPgColumn => messages.id, { onDelete: 'set null' }),
    fallbackAfterMinutes: integer('fallback_after_minutes'),
    createdBy: integer('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', tz).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', tz).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('messages_description_uq').on(sql`lower(${t.description})`),
    index('messages_integration_idx').on(t.integrationId),
    check('messages_channel_chk', sql`${t.channel} in ('whatsapp','email','sms')`),
    check('messages_purpose_chk', sql`${t.purpose} in ('outage','maintenance','restored','other','marketing')`),
    check('messages_fallback_after_chk', sql`${t.fallbackAfterMinutes} between 1 and 1440`),
  ],
);

/**
 * Descadastro (opt-out) per channel and contact: a subscriber who answered SAIR, or an entry an admin added or
 * imported. A send skips a suppressed contact as `opted_out` (besides the client's own opt-out flags). An entry is
 * never deleted: removing it sets `removed_at`, so who/when/why stays (LGPD).
 */
export const suppressions = pgTable(
  'suppressions',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    channel: text('channel').notNull(),
    /** E.164 (`+5548999123456`) or the lower-cased e-mail address, as queue rows' `contact_key`. */
    contactKey: text('contact_key').notNull(),
    /** `keyword` (answered SAIR…), `button` (a quick reply), `admin`, `import`. */
    source: text('source').notNull(),
    /** The words that did it (the subscriber's message), or the admin's note. */
    note: text('note'),
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at', tz).notNull().defaultNow(),
    removedAt: timestamp('removed_at', tz),
    removedBy: text('removed_by'),
  },
  (t) => [
    uniqueIndex('suppressions_active_uq').on(t.channel, t.contactKey).where(sql`${t.removedAt} is null`),
    index('suppressions_created_idx').on(t.createdAt),
    check('suppressions_channel_chk', sql`${t.channel} in ('whatsapp','email','sms')`),
    check('suppressions_source_chk', sql`${t.source} in ('keyword','button','admin','import')`),
  ],
);

/**
 * Consentimento: a contact who agreed to receive marketing on a channel (the contract's opt-in, a form, an import
 * from the CRM). Marketing messages go only to these; service notices need none. Revoking keeps the entry.
 */
export const consents = pgTable(
  'consents',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    channel: text('channel').notNull(),
    /** As `suppressions.contact_key`: E.164 or the lower-cased address. */
    contactKey: text('contact_key').notNull(),
    /** Where it was given (the admin's note: "contrato assinado em…", "formulário do site"). */
    note: text('note'),
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at', tz).notNull().defaultNow(),
    revokedAt: timestamp('revoked_at', tz),
    revokedBy: text('revoked_by'),
  },
  (t) => [
    uniqueIndex('consents_active_uq').on(t.channel, t.contactKey).where(sql`${t.revokedAt} is null`),
    check('consents_channel_chk', sql`${t.channel} in ('whatsapp','email','sms')`),
  ],
);
