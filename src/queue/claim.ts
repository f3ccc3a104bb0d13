/**
 * Claiming queue rows for sending, in the spirit of graphile-worker: one statement picks the next pending rows
 * of an integration (priority first, then oldest) with `FOR UPDATE SKIP LOCKED`, so parallel workers never take
 * the same row, and marks them `sending` under a lease in the same transaction. A row whose lease runs out while
 * still `sending` is one a dead process may or may not have delivered: `sweepExpiredLeases` makes it `uncertain`
 * for a person to decide, never re-sent by itself.
 */
import { type SQL, sql } from 'drizzle-orm';
import { type Db, queryRows } from '../db/database.js';
import type { Outbound } from '../providers/types.js';

export interface ClaimedRow {
  id: number;
  batchId: number;
  clientId: number;
  channel: Outbound['channel'];
  contact: string;
  /** The batch's `template` (what all its rows share) with the row's own payload over it. */
  payload: Record<string, unknown>;
  /** Including this one. */
  attempts: number;
}

/**
 * The next due pending rows of an integration, locked. The order is exactly queue_items_claim_idx's (`desc nulls
 * last` included), so a claim reads `limit` index entries whatever the queue's size instead of sorting every
 * pending row.
 */
export function pickSql(integrationId: number, limit: number): SQL {
  return sql`select id from queue_items
    where integration_id = ${integrationId} and status = 'pending' and run_after <= now()
    order by priority desc nulls last, id
    limit ${limit}
    for update skip locked`;
}

export async function claimRows(
  db: Db,
  options: { integrationId: number; limit: number; owner: string; leaseSeconds: number },
): Promise<ClaimedRow[]> {
  return queryRows<ClaimedRow>(
    db,
    sql`with picked as (${pickSql(options.integrationId, options.limit)})
        update queue_items q set status = 'sending', locked_by = ${options.owner}, attempts = q.attempts + 1,
          lease_until = now() + make_interval(secs => ${options.leaseSeconds}), updated_at = now()
        from picked, send_batches b where q.id = picked.id and b.id = q.batch_id
        returning q.id, q.batch_id as "batchId", q.client_id as "clientId", q.channel, q.contact,
          coalesce(b.template, '{}'::jsonb) || q.payload as payload, q.attempts`,
  );
}

/** Pushes the lease of this owner's rows still `sending` forward (called while a slow batch is in flight). */
export async function renewLeases(db: Db, owner: string, leaseSeconds: number): Promise<void> {
  await db.execute(
    sql`update queue_items set lease_until = now() + make_interval(secs => ${leaseSeconds})
        where status = 'sending' and locked_by = ${owner}`,
  );
}

/** Rows left `sending` past their lease (their process died mid-send) become `uncertain`. Returns how many. */
export async function sweepExpiredLeases(db: Db): Promise<number> {
  const rows = await queryRows<{ id: number }>(
    db,
    sql`update queue_items set status = 'uncertain', finished_at = now(), updated_at = now(), last_error_kind = 'uncertain',
          last_error = 'O envio foi interrompido (processo parado) e não se sabe se chegou ao cliente; confira e use Reenviar se preciso'
        where status = 'sending' and lease_until < now() returning id`,
  );
  return rows.length;
}

/** The row as the provider's `Outbound` (its payload was rendered at enqueue time). */
export function toOutbound(row: ClaimedRow): Outbound {
  const ref = String(row.id);
  if (row.channel === 'whatsapp') {
    const p = row.payload as { channelId: string; templateId: string; variables: string[] };
    return { channel: 'whatsapp', ref, to: row.contact, channelId: p.channelId, templateId: p.templateId, variables: p.variables };
  }
  if (row.channel === 'email') {
    const p = row.payload as { subject: string; text: string; html?: string };
    return { channel: 'email', ref, to: row.contact, subject: p.subject, text: p.text, ...(p.html ? { html: p.html } : {}) };
  }
  return { channel: 'sms', ref, to: row.contact, text: (row.payload as { text: string }).text };
}
