/**
 * The fila's screens: batches with their rows counted by state, the rows of a batch, and the operator's actions —
 * Cancelar (rows not sent yet: pending, and claimed by a drain but not started — the drain then skips them) and
 * Reenviar (failed or uncertain rows back to pending, unless the same message is already pending for that contact
 * from another batch).
 */
import { desc, eq, type SQL, sql } from 'drizzle-orm';
import { type Db, inTransaction, queryRows } from '../db/database.js';
import { sendBatches } from '../db/schema/queue.js';
import { containsPattern, literals, noticeContains } from '../db/sql.js';
import { notice } from '../shared/notice.js';
import { AppError } from '../shared/errors.js';
import { type QueueState, queueStates } from '../shared/vocabulary.js';
import { lockMessage } from './enqueue.js';
import { OPEN_STATES, UNSTARTED_STATES } from './states.js';
import {
  type Batch,
  type BatchListQuery,
  batchListSchema,
  type ItemListQuery,
  itemListSchema,
  type QueueItem,
} from './schemas.js';

export type { Batch, BatchListQuery, ItemListQuery, QueueItem };

const emptyStates = (): Record<QueueState, number> => Object.fromEntries(queueStates.map((s) => [s, 0])) as Record<QueueState, number>;

const stateCounts = sql<Record<string, number> | null>`(select jsonb_object_agg(s.status, s.n) from (
    select q.status, count(*)::int as n from queue_items q where q.batch_id = send_batches.id group by q.status) s)`;

/** Receipts of the batch's sent rows: how many were delivered, read, or failed after sending. */
const deliveryCounts = sql<Record<string, number> | null>`(select jsonb_object_agg(d.delivery_status, d.n) from (
    select q.delivery_status, count(*)::int as n from queue_items q
    where q.batch_id = send_batches.id and q.delivery_status is not null group by q.delivery_status) d)`;

type BatchRow = typeof sendBatches.$inferSelect & { states: Record<string, number> | null; delivery: Record<string, number> | null };

function toBatch(row: BatchRow): Batch {
  const { idempotencyKey: _key, createdBy: _by, template: _template, states, delivery, ...rest } = row;
  return {
    ...rest,
    channel: rest.channel as Batch['channel'],
    freeValues: rest.freeValues as Record<string, string>,
    skipCounts: rest.skipCounts as Batch['skipCounts'],
    states: { ...emptyStates(), ...(states ?? {}) },
    delivery: { delivered: delivery?.delivered ?? 0, read: delivery?.read ?? 0, failed: delivery?.failed ?? 0 },
  };
}

export async function listBatches(db: Db, input: BatchListQuery = {}): Promise<{ total: number; batches: Batch[] }> {
  const q = batchListSchema.parse(input);
  const where = q.channel ? eq(sendBatches.channel, q.channel) : undefined;
  const rows = await db
    .select({ row: sendBatches, states: stateCounts, delivery: deliveryCounts })
    .from(sendBatches)
    .where(where)
    .orderBy(desc(sendBatches.id))
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize);
  const [count] = await db.select({ n: sql<number>`count(*)::int` }).from(sendBatches).where(where);
  return { total: count!.n, batches: rows.map((r) => toBatch({ ...r.row, states: r.states, delivery: r.delivery })) };
}

export async function getBatch(db: Db, id: number): Promise<Batch> {
  const [row] = await db.select({ row: sendBatches, states: stateCounts, delivery: deliveryCounts }).from(sendBatches).where(eq(sendBatches.id, id));
  if (!row) throw new AppError('NOT_FOUND', `No send batch ${id}`);
  return toBatch({ ...row.row, states: row.states, delivery: row.delivery });
}

export async function cancelBatch(db: Db, id: number, actor: string): Promise<{ cancelled: number; batch: Batch }> {
  await getBatch(db, id);
  const rows = await queryRows<{ id: number }>(
    db,
    sql`update queue_items set status = 'cancelled', finished_at = now(), updated_at = now(), locked_by = null, lease_until = null,
          last_error = ${JSON.stringify(notice('cancelled_by', { user: actor }))}::jsonb, last_error_kind = 'cancelled'
        where batch_id = ${id} and status in ${literals(UNSTARTED_STATES)} returning id`,
  );
  await db
    .update(sendBatches)
    .set({ cancelledAt: sql`coalesce(${sendBatches.cancelledAt}, now())`, cancelledBy: sql`coalesce(${sendBatches.cancelledBy}, ${actor})` })
    .where(eq(sendBatches.id, id));
  return { cancelled: rows.length, batch: await getBatch(db, id) };
}

/**
 * Failed or uncertain rows back to pending with a fresh attempt count. A row whose contact already has a pending
 * row for the same message (another batch) stays as it is and is counted in `kept`.
 */
export async function requeue(db: Db, id: number, from: 'failed' | 'uncertain'): Promise<{ requeued: number; kept: number; batch: Batch }> {
  const batch = await getBatch(db, id);
  const [row] = await inTransaction(db, async (t) => {
    if (batch.messageId !== null) await lockMessage(t, batch.messageId);
    return queryRows<{ requeued: number; kept: number }>(
      t,
      sql`with candidates as (
          select q.id, exists (select 1 from queue_items o where o.message_id = q.message_id and o.contact_key = q.contact_key
            and o.status in ${literals(OPEN_STATES)})
            -- reached by its fallback already: sending it again would tell them twice
            or exists (select 1 from queue_items f where f.fallback_of = q.id) as busy
          from queue_items q where q.batch_id = ${id} and q.status = ${from}
        ),
        moved as (
          update queue_items q set status = 'pending', attempts = 0, run_after = now(), lease_until = null, locked_by = null,
            finished_at = null, delivery_status = null, delivery_at = null, delivery_error = null, updated_at = now()
          from candidates c where c.id = q.id and not c.busy returning 1
        )
        select (select count(*) from moved)::int as requeued, (select count(*) from candidates where busy)::int as kept`,
    );
  });
  return { ...row!, batch: await getBatch(db, id) };
}

export async function listItems(db: Db, batchId: number, input: ItemListQuery = {}): Promise<{ total: number; items: QueueItem[] }> {
  const q = itemListSchema.parse(input);
  await getBatch(db, batchId);
  const conditions: SQL[] = [sql`batch_id = ${batchId}`];
  if (q.status) conditions.push(sql`status = ${q.status}`);
  if (q.q) {
    const like = containsPattern(q.q.toLowerCase());
    conditions.push(sql`(lower(contact) like ${like} or lower(coalesce(login, '')) like ${like} or ${noticeContains(sql`last_error`, q.q)})`);
  }
  const where = sql.join(conditions, sql` and `);
  const items = await queryRows<QueueItem>(
    db,
    sql`select id, client_id as "clientId", login_id as "loginId", login, contact, status, attempts, run_after as "runAfter",
          provider_message_id as "providerMessageId", last_error as "lastError", last_error_kind as "lastErrorKind",
          updated_at as "updatedAt", finished_at as "finishedAt", payload
        from queue_items where ${where} order by id limit ${q.pageSize} offset ${(q.page - 1) * q.pageSize}`,
  );
  const [count] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from queue_items where ${where}`);
  // raw rows carry timestamps as the driver gives them (a string on some): one type for the API
  const date = (v: Date | string | null) => (v === null ? null : new Date(v));
  return {
    total: count!.n,
    items: items.map((i) => ({ ...i, runAfter: date(i.runAfter)!, updatedAt: date(i.updatedAt)!, finishedAt: date(i.finishedAt) })),
  };
}
