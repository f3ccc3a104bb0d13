/**
 * Outgoing webhooks: the URLs an admin registered for events, an outbox of events written beside the state change
 * that caused them, and one delivery per event and endpoint with its attempts (the delivery log). See
 * src/webhooks/.
 */
import { sql } from 'drizzle-orm';
import { bigint, boolean, check, index, integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import type { Notice } from '../../shared/notice.js';

const tz = { withTimezone: true, mode: 'date' } as const;

export const webhookEndpoints = pgTable(
  'webhook_endpoints',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    url: text('url').notNull(),
    description: text('description').notNull(),
    /** Event names subscribed (src/webhooks/schemas.ts); `webhook.ping` is always allowed. */
    events: text('events').array().notNull(),
    /** The signing secret, sealed (src/shared/secret-box.ts); shown once at creation, never returned. */
    secret: text('secret').notNull(),
    active: boolean('active').notNull().default(true),
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at', tz).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', tz).notNull().defaultNow(),
  },
  (t) => [index('webhook_endpoints_events_idx').using('gin', t.events)],
);

export const webhookEvents = pgTable(
  'webhook_events',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    event: text('event').notNull(),
    data: jsonb('data').notNull(),
    occurredAt: timestamp('occurred_at', tz).notNull().defaultNow(),
  },
  (t) => [index('webhook_events_occurred_idx').on(t.occurredAt)],
);

export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    eventId: bigint('event_id', { mode: 'number' })
      .notNull()
      .references(() => webhookEvents.id, { onDelete: 'cascade' }),
    endpointId: integer('endpoint_id')
      .notNull()
      .references(() => webhookEndpoints.id, { onDelete: 'cascade' }),
    /** pending → sending → succeeded | pending (retry) | failed (gave up). */
    status: text('status').notNull().default('pending'),
    /** Attempts made (the one under way included). */
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at', tz).notNull().defaultNow(),
    /** While `sending`: the dispatcher holding it and until when; past it the delivery is due again. */
    lockedBy: text('locked_by'),
    leaseUntil: timestamp('lease_until', tz),
    lastAttemptAt: timestamp('last_attempt_at', tz),
    httpStatus: integer('http_status'),
    durationMs: integer('duration_ms'),
    /** Why the last attempt failed (src/shared/notice.ts). */
    error: jsonb('error').$type<Notice>(),
    createdAt: timestamp('created_at', tz).notNull().defaultNow(),
    finishedAt: timestamp('finished_at', tz),
  },
  (t) => [
    index('webhook_deliveries_due_idx').on(t.nextAttemptAt).where(sql`${t.status} = 'pending'`),
    index('webhook_deliveries_lease_idx').on(t.leaseUntil).where(sql`${t.status} = 'sending'`),
    index('webhook_deliveries_endpoint_idx').on(t.endpointId, t.id.desc()),
    index('webhook_deliveries_event_idx').on(t.eventId),
    check('webhook_deliveries_status_chk', sql`${t.status} in ('pending','sending','succeeded','failed')`),
  ],
);

/**
 * Send batches already seen finished (no pending, claimed or sending row left), so `batch.finished` is emitted once
 * per batch by whichever dispatcher sees it first. The migration marks every batch that existed before webhooks.
 */
export const webhookBatchMarks = pgTable('webhook_batch_marks', {
  batchId: integer('batch_id').primaryKey(),
  markedAt: timestamp('marked_at', tz).notNull().defaultNow(),
});
