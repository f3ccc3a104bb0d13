/**
 * Fallback: a recipient a message could not reach on its channel gets the message's fallback (another channel,
 * usually SMS) instead — once. A row is due when the provider refused the recipient for good (not on WhatsApp,
 * 131026, the marketing caps…) or reported the message failed after accepting it, or — for a message with
 * `fallback_after_minutes` — when no receipt came in that time (src/report/filter-sql.ts `fallbackDue`). Never
 * both: the fallback is queued only once the first channel is known to have failed, and each fallback row names
 * the row it replaces (`fallback_of`, unique), so a row is never replaced twice and a replaced row is not sent
 * again by Reenviar.
 *
 * The pass runs at every scheduler tick: one query finds the batches with due rows, then each gets one send of
 * the fallback message to exactly those recipients (the report filter `fallbackOf`), with the batch's free values,
 * linked row by row in the same breath.
 */
import { sql } from 'drizzle-orm';
import { type Db, inTransaction, queryRows } from '../db/database.js';
import { getMessage } from '../messages/messages.js';
import { fallbackDue } from '../report/filter-sql.js';
import type { SchedulerChore } from '../tasks/scheduler.js';
import { enqueueSend } from './enqueue.js';

/** First key of the advisory lock a batch's fallback pass holds ("FBCK"). */
const LOCK_CLASS = 0x4642434b;

/** Rows finished longer ago than this are not looked at any more. */
const LOOKBACK_HOURS = 48;

export interface FallbackRun {
  batchId: number;
  fallbackMessageId: number;
  fallbackBatchId?: number;
  enqueued: number;
  error?: string;
}

/**
 * The batches with due rows, and their message's fallback. It reads the rows that are or may become due through
 * their partial index (queue_items_fallback_idx: a failure reported, or sent with no receipt yet), not every send of
 * the last 48 hours: on 1,000,000 sends of a message with a fallback, 1.5 % of them never receipted, 126 ms → 24–49 ms.
 */
export const dueBatchesSql = sql`select q.batch_id, m.fallback_message_id as fallback_id, b.free_values, b.priority
      from messages m
      join queue_items q on q.message_id = m.id
      join send_batches b on b.id = q.batch_id
      where m.fallback_message_id is not null and q.status in ('sent', 'failed')
        and q.finished_at > now() - make_interval(hours => ${LOOKBACK_HOURS}) and ${fallbackDue}
      group by 1, 2, 3, 4 order by 1`;

export async function queueFallbacks(db: Db, options: { timezone: string; now?: Date }): Promise<FallbackRun[]> {
  // Every process runs this at every tick. Without a message that has a fallback there is nothing to find: with 4
  // workers draining 100,000 sends the search took ~300 ms a call before its index, a core of PostgreSQL's time
  // between them (scale bench, pg_stat_statements).
  const [configured] = await queryRows<{ any: boolean }>(db, sql`select exists (select 1 from messages where fallback_message_id is not null) as any`);
  if (!configured?.any) return [];
  const due = await queryRows<{ batch_id: number; fallback_id: number; free_values: Record<string, string>; priority: number }>(db, dueBatchesSql);
  const runs: FallbackRun[] = [];
  for (const row of due) {
    const run: FallbackRun = { batchId: row.batch_id, fallbackMessageId: row.fallback_id, enqueued: 0 };
    runs.push(run);
    try {
      const fallback = await getMessage(db, row.fallback_id);
      if (!fallback.active) throw new Error(`the fallback message "${fallback.description}" is inactive`);
      const keys = new Set(fallback.content.freeFields.map((f) => f.key));
      const free = Object.fromEntries(Object.entries(row.free_values ?? {}).filter(([key]) => keys.has(key)));
      const actor = `fallback do lote ${row.batch_id}`;
      // One pass per batch at a time (every process's scheduler runs it): enqueue and link in one transaction under
      // the batch's lock, after checking again that something is still due — a pass that waited finds it linked.
      await inTransaction(db, async (t) => {
        await t.execute(sql`select pg_advisory_xact_lock(${LOCK_CLASS}, ${row.batch_id})`);
        const [still] = await queryRows<{ n: number }>(
          t,
          sql`select count(*)::int as n from queue_items q join messages m on m.id = q.message_id where q.batch_id = ${row.batch_id} and ${fallbackDue}`,
        );
        if (!still?.n) return;
        const result = await enqueueSend(
          t,
          { messageId: fallback.id, filter: { fallbackOf: { batchId: row.batch_id } }, free, priority: row.priority, repeatRecent: true, repeatReason: actor },
          { userId: null, actor },
          options,
        );
        run.fallbackBatchId = result.batchId;
        run.enqueued = result.enqueued;
        await linkFallbacks(t, row.batch_id, result.batchId);
      });
    } catch (err) {
      run.error = err instanceof Error ? err.message : String(err);
    }
  }
  return runs.filter((r) => r.error !== undefined || r.fallbackBatchId !== undefined);
}

/** Each new row names the due row of the original batch it replaces (same contact). */
async function linkFallbacks(db: Db, batchId: number, fallbackBatchId: number): Promise<void> {
  await db.execute(sql`update queue_items f set fallback_of = q.id
    from queue_items q join messages m on m.id = q.message_id
    where f.batch_id = ${fallbackBatchId} and f.fallback_of is null and q.batch_id = ${batchId}
      and q.contact_key = f.contact_key and ${fallbackDue}`);
}

/** At every scheduler tick: the fallbacks that became due. */
export function fallbackChore(timezone: string): SchedulerChore {
  return async (db, logger) => {
    for (const run of await queueFallbacks(db, { timezone })) {
      if (run.error) logger.warn({ batchId: run.batchId, error: run.error }, 'fallback could not be queued');
      else if (run.enqueued > 0) logger.info({ batchId: run.batchId, fallbackBatchId: run.fallbackBatchId, count: run.enqueued }, 'fallback queued');
    }
  };
}
