/**
 * The delivery log and its state machine: pending → sending (claimed by one dispatcher with `FOR UPDATE SKIP
 * LOCKED`, under a lease) → succeeded, pending again with a later `next_attempt_at`, or failed after the last
 * attempt. A lease that runs out (its process died mid-request) makes the delivery due again; receivers dedupe by
 * the event id. Reenviar makes a new delivery of a failed one's event.
 */
import { and, desc, eq, type SQL, sql } from 'drizzle-orm';
import { type Db, queryRows } from '../db/database.js';
import { webhookDeliveries, webhookEndpoints, webhookEvents } from '../db/schema/webhooks.js';
import { AppError } from '../shared/errors.js';
import { type Notice, notice } from '../shared/notice.js';
import { type DeliveryQuery, deliveryQuerySchema, type WebhookDelivery, type WebhookEvent } from './schemas.js';

const columns = {
  id: webhookDeliveries.id,
  endpointId: webhookDeliveries.endpointId,
  endpointDescription: webhookEndpoints.description,
  eventId: webhookDeliveries.eventId,
  event: webhookEvents.event,
  occurredAt: webhookEvents.occurredAt,
  status: webhookDeliveries.status,
  attempts: webhookDeliveries.attempts,
  nextAttemptAt: webhookDeliveries.nextAttemptAt,
  lastAttemptAt: webhookDeliveries.lastAttemptAt,
  httpStatus: webhookDeliveries.httpStatus,
  durationMs: webhookDeliveries.durationMs,
  error: webhookDeliveries.error,
  createdAt: webhookDeliveries.createdAt,
  finishedAt: webhookDeliveries.finishedAt,
};

function selectDeliveries(db: Db, where: SQL | undefined) {
  return db
    .select(columns)
    .from(webhookDeliveries)
    .innerJoin(webhookEvents, eq(webhookEvents.id, webhookDeliveries.eventId))
    .innerJoin(webhookEndpoints, eq(webhookEndpoints.id, webhookDeliveries.endpointId))
    .where(where);
}

const toDelivery = (row: Awaited<ReturnType<typeof selectDeliveries>>[number]): WebhookDelivery => ({
  ...row,
  event: row.event as WebhookEvent,
  status: row.status as WebhookDelivery['status'],
});

export async function listDeliveries(db: Db, input: DeliveryQuery = {}): Promise<{ total: number; rows: WebhookDelivery[] }> {
  const q = deliveryQuerySchema.parse(input);
  const conditions: SQL[] = [];
  if (q.endpointId) conditions.push(eq(webhookDeliveries.endpointId, q.endpointId));
  if (q.status) conditions.push(eq(webhookDeliveries.status, q.status));
  if (q.event) conditions.push(eq(webhookEvents.event, q.event));
  const where = conditions.length > 0 ? and(...conditions) : undefined;
  const rows = await selectDeliveries(db, where)
    .orderBy(desc(webhookDeliveries.id))
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize);
  const [count] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(webhookDeliveries)
    .innerJoin(webhookEvents, eq(webhookEvents.id, webhookDeliveries.eventId))
    .where(where);
  return { total: count?.n ?? 0, rows: rows.map(toDelivery) };
}

export async function getDelivery(db: Db, id: number): Promise<WebhookDelivery> {
  const [row] = await selectDeliveries(db, eq(webhookDeliveries.id, id));
  if (!row) throw new AppError('NOT_FOUND', `Delivery ${id} not found`);
  return toDelivery(row);
}

/** Reenviar: a new delivery of a failed delivery's event to the same endpoint, due now (a full set of attempts). */
export async function retryDelivery(db: Db, id: number): Promise<WebhookDelivery> {
  const failed = await getDelivery(db, id);
  if (failed.status !== 'failed') {
    const why = notice('delivery_not_failed', { id, status: failed.status });
    throw new AppError('CONFLICT', `Delivery ${id} is ${failed.status}; only a failed delivery is sent again`, undefined, why);
  }
  const [row] = await db
    .insert(webhookDeliveries)
    .values({ eventId: failed.eventId, endpointId: failed.endpointId })
    .returning({ id: webhookDeliveries.id });
  return getDelivery(db, row!.id);
}

/** A delivery taken for sending: what to send, where, and which attempt this is. */
export interface ClaimedDelivery {
  id: number;
  attempt: number;
  eventId: number;
  event: WebhookEvent;
  occurredAt: Date;
  data: unknown;
  url: string;
  /** Sealed. */
  secret: string;
}

/**
 * The next due deliveries of active endpoints (or exactly `ids`, whatever their endpoint: Testar), taken by `owner`
 * under a lease of `leaseSeconds`, the attempt counted. `FOR UPDATE SKIP LOCKED`: dispatchers in other processes take other rows, never the same one.
 */
export async function claimDeliveries(
  db: Db,
  options: { owner: string; limit: number; leaseSeconds: number; ids?: readonly number[] },
): Promise<ClaimedDelivery[]> {
  const only = options.ids ? sql`and d.id in (${sql.join(options.ids.map((id) => sql`${id}`), sql`, `)})` : sql`and d.next_attempt_at <= now()`;
  const rows = await queryRows<Omit<ClaimedDelivery, 'occurredAt'> & { occurredAt: string | Date }>(
    db,
    sql`with picked as (
        select d.id from webhook_deliveries d
        where d.status = 'pending' ${only}
          ${options.ids ? sql`` : sql`and exists (select 1 from webhook_endpoints w where w.id = d.endpoint_id and w.active)`}
        order by d.next_attempt_at, d.id
        limit ${options.limit}
        for update of d skip locked),
      claimed as (
        update webhook_deliveries d set status = 'sending', attempts = d.attempts + 1, locked_by = ${options.owner},
          lease_until = now() + make_interval(secs => ${options.leaseSeconds}), last_attempt_at = now()
        from picked where d.id = picked.id
        returning d.id, d.attempts, d.event_id, d.endpoint_id)
      select c.id, c.attempts as attempt, e.id as "eventId", e.event, e.occurred_at as "occurredAt", e.data, w.url, w.secret
      from claimed c join webhook_events e on e.id = c.event_id join webhook_endpoints w on w.id = c.endpoint_id
      order by c.id`,
  );
  return rows.map((r) => ({ ...r, id: Number(r.id), eventId: Number(r.eventId), occurredAt: new Date(r.occurredAt) }));
}

export interface AttemptResult {
  ok: boolean;
  httpStatus: number | null;
  durationMs: number;
  error: Notice | null;
}

/**
 * Records an attempt of a delivery this owner holds: succeeded, failed (no attempts left, or `final`), or pending
 * again after `retryInMs`. False when the delivery was no longer this owner's (its lease ran out and another took it).
 */
export async function recordAttempt(
  db: Db,
  id: number,
  owner: string,
  result: AttemptResult & { retryInMs: number | null },
): Promise<boolean> {
  const status = result.ok ? 'succeeded' : result.retryInMs === null ? 'failed' : 'pending';
  const rows = await queryRows(
    db,
    sql`update webhook_deliveries set status = ${status}, http_status = ${result.httpStatus}, duration_ms = ${result.durationMs},
          error = ${result.error === null ? null : JSON.stringify(result.error)}::jsonb, locked_by = null, lease_until = null,
          next_attempt_at = case when ${status} = 'pending' then now() + make_interval(secs => ${(result.retryInMs ?? 0) / 1000}) else next_attempt_at end,
          finished_at = case when ${status} = 'pending' then null else now() end
        where id = ${id} and status = 'sending' and locked_by = ${owner}
        returning id`,
  );
  return rows.length > 0;
}

/** Deliveries whose dispatcher died mid-attempt (lease over) are due again now; the attempt stays counted. */
export async function releaseExpiredLeases(db: Db): Promise<number> {
  const rows = await queryRows(
    db,
    sql`update webhook_deliveries d set status = 'pending', locked_by = null, lease_until = null, next_attempt_at = now(),
          error = ${JSON.stringify(notice('dispatcher_stopped'))}::jsonb
        where d.id in (select id from webhook_deliveries where status = 'sending' and lease_until < now() for update skip locked)
        returning d.id`,
  );
  return rows.length;
}

/** Events (and their deliveries) older than `days` that have nothing left to deliver. */
export async function pruneEvents(db: Db, days: number): Promise<number> {
  const rows = await queryRows(
    db,
    sql`delete from webhook_events e where e.occurred_at < now() - make_interval(days => ${days})
          and not exists (select 1 from webhook_deliveries d where d.event_id = e.id and d.status in ('pending','sending'))
        returning e.id`,
  );
  await db.execute(sql`delete from webhook_batch_marks where marked_at < now() - make_interval(days => ${days + 31})`);
  return rows.length;
}
