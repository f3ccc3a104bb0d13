/**
 * Emitting an event is one INSERT into the outbox: the event, and a pending delivery for each active endpoint
 * subscribed to it, in one statement (nothing is written when no endpoint listens). It runs beside the state change
 * that caused it — on the caller's connection or transaction — and never calls out: the dispatcher delivers later.
 */
import { type SQL, sql } from 'drizzle-orm';
import { type Db, queryRows } from '../db/database.js';
import type { WebhookEvent } from './schemas.js';

type Emittable = Exclude<WebhookEvent, 'webhook.ping'>;

/** `rows` (a SELECT of `data jsonb` columns) as events named `event`, with their deliveries; their ids. */
function emitSql(event: Emittable, rows: SQL): SQL {
  return sql`with subscribers as (
      select id from webhook_endpoints where active and ${event} = any(events)),
    emitted as (
      insert into webhook_events (event, data)
      select ${event}, source.data from (${rows}) source where exists (select 1 from subscribers)
      returning id)
    insert into webhook_deliveries (event_id, endpoint_id)
    select emitted.id, subscribers.id from emitted cross join subscribers
    returning event_id as "eventId"`;
}

/** Emits `event` with `data`; the number of deliveries queued. */
export async function emitEvent(db: Db, event: Emittable, data: Record<string, unknown>): Promise<number> {
  const rows = await queryRows(db, emitSql(event, sql`select ${JSON.stringify(data)}::jsonb as data`));
  return rows.length;
}

/** `integration.halted`, with what the integration is now (called where the drain halts it). */
export async function emitIntegrationHalted(db: Db, integrationId: number): Promise<number> {
  const rows = await queryRows(
    db,
    emitSql(
      'integration.halted',
      sql`select jsonb_build_object('integrationId', i.id, 'description', i.description, 'kind', i.kind,
            'channel', i.channel, 'reason', i.halted_reason, 'haltedAt', i.halted_at) as data
          from integrations i where i.id = ${integrationId}`,
    ),
  );
  return rows.length;
}

/** How far back a batch is watched for its end; older ones are taken as announced. */
const WATCH_DAYS = 30;

/**
 * `batch.finished` for every batch that has no pending, claimed or sending row left and was not announced yet —
 * one statement: the batches are marked (a concurrent dispatcher waits on the mark and then skips them) and their
 * events emitted together, with the batch's counts by state. Cheap: only unmarked batches of the last 30 days are
 * looked at, each by queue_items_batch_status_idx; nothing is added to the queue's own hot paths.
 */
export async function emitFinishedBatches(db: Db): Promise<number> {
  const rows = await queryRows<{ n: number }>(
    db,
    sql`with finished as (
        insert into webhook_batch_marks (batch_id)
        select b.id from send_batches b
        where b.created_at > now() - make_interval(days => ${WATCH_DAYS})
          and not exists (select 1 from webhook_batch_marks m where m.batch_id = b.id)
          and not exists (select 1 from queue_items q where q.batch_id = b.id and q.status in ('pending','claimed','sending'))
        on conflict do nothing
        returning batch_id),
      subscribers as (select id from webhook_endpoints where active and 'batch.finished' = any(events)),
      emitted as (
        insert into webhook_events (event, data)
        select 'batch.finished', jsonb_build_object(
            'batchId', b.id, 'channel', b.channel, 'message', b.message_description, 'actor', b.actor,
            'ruleId', b.rule_id, 'createdAt', b.created_at, 'cancelledAt', b.cancelled_at,
            'matched', b.matched, 'enqueued', b.enqueued, 'skipped', b.skipped,
            'states', coalesce((select jsonb_object_agg(s.status, s.n) from (
              select q.status, count(*) as n from queue_items q where q.batch_id = b.id group by q.status) s), '{}'::jsonb))
        from finished join send_batches b on b.id = finished.batch_id
        where exists (select 1 from subscribers)
        returning id),
      queued as (
        insert into webhook_deliveries (event_id, endpoint_id)
        select emitted.id, subscribers.id from emitted cross join subscribers
        returning 1)
      select (select count(*) from finished)::int as n, (select count(*) from queued)::int as queued`,
  );
  return rows[0]?.n ?? 0;
}

/** A `webhook.ping` to one endpoint (Testar), whatever it subscribed: its delivery's id. */
export async function emitPing(db: Db, endpointId: number, actor: string): Promise<number> {
  const [row] = await queryRows<{ id: number }>(
    db,
    sql`with emitted as (
        insert into webhook_events (event, data)
        values ('webhook.ping', jsonb_build_object('endpointId', ${endpointId}::int, 'requestedBy', ${actor}::text))
        returning id)
      insert into webhook_deliveries (event_id, endpoint_id) select id, ${endpointId} from emitted
      returning id`,
  );
  return Number(row!.id);
}
