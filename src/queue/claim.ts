/**
 * Claiming queue rows for sending, in the spirit of graphile-worker: one statement picks the next pending rows
 * of an integration (priority first, then oldest) with `FOR UPDATE SKIP LOCKED`, so parallel workers never take
 * the same row, and marks them `claimed` under a lease in the same transaction — taken ahead of sending, attempt
 * not counted yet. Just before its request leaves, a row becomes `sending` (./ledger.ts). When a lease runs out
 * (its process died), `sweepExpiredLeases` puts a claimed row back to pending, and makes a sending row — one a dead
 * process may or may not have delivered — `uncertain` for a person to decide, never re-sent by itself.
 */
import { type SQL, sql } from 'drizzle-orm';
import { type Db, queryRows } from '../db/database.js';
import { literals } from '../db/sql.js';
import { notice } from '../shared/notice.js';
import type { Channel } from '../shared/vocabulary.js';
import { claimedPayloadSql } from './payload.js';
import { LEASED_STATES } from './states.js';

export interface ClaimedRow {
  id: number;
  batchId: number;
  clientId: number;
  channel: Channel;
  contact: string;
  /** The batch's template with the row's own payload over it; read it with `readOutbound` (./payload.ts). */
  payload: unknown;
  /** The attempt this send will be (the row's count so far, plus this one). */
  attempts: number;
}

/**
 * The next due pending rows of an integration, locked. The order is exactly queue_items_claim_idx's (`desc nulls
 * last` included), so a claim reads `limit` index entries whatever the queue's size instead of sorting every
 * pending row.
 */
export function pickSql(integrationId: number, limit: number, minPriority?: number): SQL {
  const urgentOnly = minPriority === undefined ? sql`` : sql` and priority >= ${minPriority}`;
  return sql`select id from queue_items
    where integration_id = ${integrationId} and status = 'pending' and run_after <= now()${urgentOnly}
    order by priority desc nulls last, id
    limit ${limit}
    for update skip locked`;
}

export interface ClaimOptions {
  integrationId: number;
  limit: number;
  owner: string;
  leaseSeconds: number;
  /** Within quiet hours: only rows of at least this priority (src/queue/quiet-hours.ts). */
  minPriority?: number | undefined;
}

/** The claim as one statement: the picked rows marked `claimed` under a lease, returned with their payload. */
export function claimSql(options: ClaimOptions): SQL {
  return sql`with picked as (${pickSql(options.integrationId, options.limit, options.minPriority)})
        update queue_items q set status = 'claimed', locked_by = ${options.owner},
          lease_until = now() + make_interval(secs => ${options.leaseSeconds}), updated_at = now()
        from picked, send_batches b where q.id = picked.id and b.id = q.batch_id
        returning q.id, q.batch_id as "batchId", q.client_id as "clientId", q.channel, q.contact,
          ${claimedPayloadSql} as payload, q.attempts + 1 as attempts`;
}

export async function claimRows(db: Db, options: ClaimOptions): Promise<ClaimedRow[]> {
  return queryRows<ClaimedRow>(db, claimSql(options));
}

/*
 * The renewal and the sweep skip rows another statement holds (the drain writes its ticks back to back): they
 * then never wait on a lock, so they can never be half of a deadlock — a renewal that locked this owner's rows in
 * its own order deadlocked with the tick on PostgreSQL (crash test, 1 s leases). A skipped row is in a write that
 * settles it anyway, or is taken by the next renewal or sweep.
 */

/**
 * Pushes the lease of this owner's claimed and sending rows forward (called while a run goes on). Only leases
 * ending before the new end are pushed — all of this owner's — which makes it a range on the lease index, the
 * small one, rather than a scan of another partial index that a stale ANALYZE may also think small.
 */
export async function renewLeases(db: Db, owner: string, leaseSeconds: number): Promise<void> {
  await db.execute(
    sql`update queue_items set lease_until = now() + make_interval(secs => ${leaseSeconds})
        where id in (
          select id from queue_items
          where status in ${literals(LEASED_STATES)} and lease_until < now() + make_interval(secs => ${leaseSeconds}) and locked_by = ${owner}
          for update skip locked
        )`,
  );
}

export interface Swept {
  /** Claimed and never started: back to pending, attempt not counted. */
  requeued: number;
  /** Started and never answered (or the answer was never recorded): now `uncertain`. */
  uncertain: number;
}

/** Rows whose lease ran out (their process died): claimed ones are pending again, sending ones uncertain. */
export async function sweepExpiredLeases(db: Db): Promise<Swept> {
  const [swept] = await queryRows<Swept>(
    db,
    sql`with expired as (
          select id, status from queue_items where status in ${literals(LEASED_STATES)} and lease_until < now() for update skip locked
        ),
        requeued as (
          update queue_items q set status = 'pending', locked_by = null, lease_until = null, updated_at = now()
          from expired e where q.id = e.id and e.status = 'claimed' returning 1
        ),
        uncertain as (
          update queue_items q set status = 'uncertain', finished_at = now(), updated_at = now(), last_error_kind = 'uncertain',
            last_error = ${JSON.stringify(notice('send_interrupted'))}::jsonb
          from expired e where q.id = e.id and e.status = 'sending' returning 1
        )
        select (select count(*) from requeued)::int as requeued, (select count(*) from uncertain)::int as uncertain`,
  );
  return swept!;
}
