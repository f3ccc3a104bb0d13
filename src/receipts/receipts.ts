/**
 * Delivery receipts (WhatsApp status webhooks, SMS status callbacks) into the queue rows they speak of. Every
 * receipt is kept once per message and status (`delivery_events`, the timeline); the row's `delivery_status` is the
 * strongest status seen, so the order they come in does not matter:
 *   delivered < failed < read
 * — a late `delivered` never downgrades `read`, a `failed` after `sent`/`delivered` is a failure, and a `read`
 * proves delivery whatever failure came with it. `sent` only enters the timeline (the drain already marked the
 * row sent when the provider accepted it).
 *
 * Two statements per batch of receipts, whatever its size: one insert of the new events, then one pass that
 * applies every event not yet applied to its row. A receipt that comes before the drain has written the provider's
 * id (the provider answered, the webhook raced the drain's write) stays unapplied until a later pass finds the row.
 */
import { sql } from 'drizzle-orm';
import { type Db, queryRows } from '../db/database.js';
import type { ReceiptStatus } from '../shared/vocabulary.js';

export interface Receipt {
  /** `cloudapi`, `zenvia`, `opa`. */
  provider: string;
  providerMessageId: string;
  status: ReceiptStatus;
  /** The provider's time of the status. */
  at: Date;
  errorCode?: string;
  errorTitle?: string;
}

const arr = (values: unknown[], type: string) => sql`${sql.param(values)}::${sql.raw(type)}[]`;

/** How strong a status is: the row keeps the strongest it has seen. */
const rankSql = (column: string) => sql.raw(`case ${column} when 'delivered' then 1 when 'failed' then 2 when 'read' then 3 else 0 end`);

/** Stores `receipts` (a repeat of a stored one is ignored); returns how many were new. */
export async function storeReceipts(db: Db, receipts: readonly Receipt[]): Promise<number> {
  if (receipts.length === 0) return 0;
  const pick = <T>(f: (r: Receipt) => T) => receipts.map(f);
  const rows = await queryRows<{ n: number }>(
    db,
    sql`with v as (
      select * from unnest(${arr(pick((r) => r.provider), 'text')}, ${arr(pick((r) => r.providerMessageId), 'text')},
        ${arr(pick((r) => r.status), 'text')}, ${arr(pick((r) => r.at.toISOString()), 'timestamptz')},
        ${arr(pick((r) => r.errorCode ?? null), 'text')}, ${arr(pick((r) => r.errorTitle ?? null), 'text')})
        as v(provider, pmid, status, at, code, title)
    ), ins as (
      insert into delivery_events (provider, provider_message_id, status, at, error_code, error_title)
      select distinct on (provider, pmid, status) provider, pmid, status, at, code, title from v
      order by provider, pmid, status, at
      on conflict do nothing
      returning 1
    )
    select count(*)::int as n from ins`,
  );
  return rows[0]?.n ?? 0;
}

/**
 * Applies the events not yet applied (received within `withinHours`) to their rows; returns how many rows
 * changed status. Events whose row is not there yet wait for the next pass.
 */
export async function applyReceipts(db: Db, withinHours = 24): Promise<number> {
  const rows = await queryRows<{ n: number }>(
    db,
    sql`with e as materialized (
      select e.id, e.status, e.at, e.error_code, e.error_title, q.id as qid
      from delivery_events e join queue_items q on q.provider_message_id = e.provider_message_id
      where e.queue_item_id is null and e.received_at > now() - make_interval(hours => ${withinHours})
    ), marked as (
      update delivery_events d set queue_item_id = e.qid from e where d.id = e.id
    ), best as (
      select distinct on (qid) qid, status, at, error_code, error_title, ${rankSql('status')} as rank
      from e order by qid, ${rankSql('status')} desc, at desc
    ), upd as (
      update queue_items q set delivery_status = b.status, delivery_at = b.at,
        delivery_error = case when b.status = 'failed' then jsonb_strip_nulls(jsonb_build_object('code', 'provider_said',
          'detail', nullif(concat_ws(' — ', b.error_code, b.error_title), ''))) end
      from best b
      where q.id = b.qid and b.rank > 0 and ${rankSql('q.delivery_status')} < b.rank
      returning 1
    )
    select count(*)::int as n from upd`,
  );
  return rows[0]?.n ?? 0;
}

/**
 * Receipts that name our queue row (a provider that echoes the send's metadata, not its own id: Opa! Suite) as
 * receipts by the row's provider message id; rows without one (not sent yet, or unknown) are dropped.
 */
export async function receiptsOfRows(
  db: Db,
  provider: string,
  byRow: readonly (Omit<Receipt, 'provider' | 'providerMessageId'> & { ref: number })[],
): Promise<Receipt[]> {
  if (byRow.length === 0) return [];
  const rows = await queryRows<{ id: string; pmid: string }>(
    db,
    sql`select id::text as id, provider_message_id as pmid from queue_items
         where id = any(${arr([...new Set(byRow.map((r) => String(r.ref)))], 'bigint')}) and provider_message_id is not null`,
  );
  const pmids = new Map(rows.map((r) => [Number(r.id), r.pmid]));
  return byRow.flatMap(({ ref, ...r }) => {
    const pmid = pmids.get(ref);
    return pmid ? [{ ...r, provider, providerMessageId: pmid }] : [];
  });
}
