/**
 * The drain's one write per tick (./ledger.ts gathers it): what happened to the rows whose sends were answered and,
 * in the same statement, the claimed rows about to be sent marked `sending`.
 *
 * An outcome sets the row's new state and, for every real attempt, its line in the delivery log (Logs
 * Omnichannel / E-mail / SMS):
 * - `sent` → enviado, with the provider's message id;
 * - `retry` → back to pending after `delayMs` (the attempt counted);
 * - `failed` → falha, with its notice (the provider's words as its detail);
 * - `hold` → back to pending, attempt not counted: the integration itself refused (auth/config) or its allowance
 *   ran out — the row waits for the next run instead of burning its attempts;
 * - `release` → back to pending untouched: never sent (the run stopped first, or its start's write failed — a row
 *   that the write did mark `sending` gets its attempt back); not logged.
 * Only rows this owner still holds are touched; a completion also settles a row the sweeper had already marked
 * `uncertain` (the outcome is known after all).
 *
 * A start counts the attempt and renews the lease, only for rows still `claimed` by this owner: a row cancelled
 * meanwhile, or put back to pending after its lease ran out (and maybe claimed by another worker), is not returned
 * and must not be sent.
 */
import { type SQL, sql } from 'drizzle-orm';
import { type Db, queryRows } from '../db/database.js';
import { literals } from '../db/sql.js';
import type { Notice } from '../shared/notice.js';
import { SETTLEABLE_STATES } from './states.js';

/** `notice` becomes the row's last error (unless sent) and the log line's message. */
export type Outcome =
  | { id: number; outcome: 'sent'; attempt: number; providerMessageId: string; notice: Notice; durationMs: number }
  | { id: number; outcome: 'retry'; attempt: number; delayMs: number; notice: Notice; kind: string; status?: number; durationMs: number }
  | { id: number; outcome: 'failed'; attempt: number; notice: Notice; kind: string; status?: number; durationMs: number; fallback?: boolean }
  | { id: number; outcome: 'hold'; attempt: number; notice: Notice; kind: string; status?: number; durationMs: number }
  | { id: number; outcome: 'release'; notice?: Notice };

export interface Tick {
  owner: string;
  outcomes: readonly Outcome[];
  /** Claimed rows about to be sent. */
  start: readonly number[];
  /** The lease a started row gets (its request may take up to the provider's timeout). */
  leaseSeconds: number;
}

const arr = (values: unknown[], type: string) => sql`${sql.param(values)}::${sql.raw(type)}[]`;

/** Writes a tick; returns the ids of `start` that are now `sending` (only those may be sent). */
export async function writeTick(db: Db, tick: Tick): Promise<number[]> {
  const statement = tickSql(tick);
  return statement ? (await queryRows<{ id: number }>(db, statement)).map((r) => r.id) : [];
}

/** A tick as one statement (null when it holds nothing). */
export function tickSql({ owner, outcomes, start, leaseSeconds }: Tick): SQL | null {
  // One statement whatever the tick holds, but only the parts it needs: planning the whole of it costs PGlite
  // ~2 ms more than a bare start (3.4 vs 1.3 ms for 4 rows), and many ticks carry no outcome.
  const parts: SQL[] = [];
  if (outcomes.length > 0) parts.push(...completion(owner, outcomes));
  if (start.length > 0) {
    // The rows are found by id alone (then checked): with `status = 'claimed'` in the update's own WHERE the planner
    // may scan a partial index that ANALYZE saw empty — the one-open-row-per-contact index, 100,000 entries in the
    // middle of a drain: 10 ms a tick on PGlite (bench: 151 msg/s). PGlite never auto-analyzes.
    parts.push(sql`fetched as materialized (
      select id, status, locked_by from queue_items where id = any(${arr([...start], 'int8')}) for update
    )`);
    parts.push(sql`started as (
      update queue_items q set status = 'sending', attempts = q.attempts + 1, updated_at = now(),
        lease_until = now() + make_interval(secs => ${leaseSeconds})
      from fetched f
      where q.id = f.id and f.status = 'claimed' and f.locked_by = ${owner}
      returning q.id
    )`);
  }
  if (parts.length === 0) return null;
  const result = start.length > 0 ? sql`select id from started` : sql`select null::int8 as id where false`;
  return sql`with ${sql.join(parts, sql`, `)} ${result}`;
}

/** The outcomes' part of a tick: new states, and a log line for every real attempt. */
function completion(owner: string, outcomes: readonly Outcome[]): SQL[] {
  const pick = <T>(f: (o: Outcome) => T) => outcomes.map(f);
  return [
    sql`r as (
      select * from unnest(
        ${arr(pick((o) => o.id), 'int8')}, ${arr(pick((o) => o.outcome), 'text')},
        ${arr(pick((o) => (o.outcome === 'sent' ? o.providerMessageId : null)), 'text')},
        ${arr(pick((o) => (o.notice ? JSON.stringify(o.notice) : null)), 'jsonb')},
        ${arr(pick((o) => ('kind' in o ? o.kind : null)), 'text')},
        ${arr(pick((o) => (o.outcome === 'retry' ? o.delayMs : 0)), 'int4')},
        ${arr(pick((o) => ('status' in o ? (o.status ?? null) : null)), 'int4')},
        ${arr(pick((o) => ('durationMs' in o ? o.durationMs : null)), 'int4')},
        ${arr(pick((o) => ('attempt' in o ? o.attempt : 0)), 'int4')},
        ${arr(pick((o) => o.outcome === 'failed' && o.fallback === true), 'bool')}
      ) as r(id, outcome, pmid, message, kind, delay_ms, http, duration_ms, attempt, fallback)
    )`,
    // Found by id alone, as the starts are (see tickSql): on the bench's data the old join was planned as a scan of
    // queue_items_batch_status_idx for the three states, estimated at one row.
    sql`held as materialized (
      select id, status, locked_by from queue_items where id = any(${arr(pick((o) => o.id), 'int8')}) for update
    )`,
    sql`upd as (
      update queue_items q set
        status = case r.outcome when 'sent' then 'sent' when 'failed' then 'failed' else 'pending' end,
        attempts = case when r.outcome = 'hold' or (r.outcome = 'release' and q.status <> 'claimed') then greatest(q.attempts - 1, 0)
          else q.attempts end,
        run_after = case when r.outcome = 'retry' then now() + make_interval(secs => r.delay_ms / 1000.0) else q.run_after end,
        provider_message_id = coalesce(r.pmid, q.provider_message_id),
        -- refused for good on this channel (not on WhatsApp…): a message with a fallback reaches them by another
        delivery_status = case when r.fallback then 'failed' else q.delivery_status end,
        delivery_error = case when r.fallback then r.message else q.delivery_error end,
        last_error = case when r.outcome = 'sent' then null else coalesce(r.message, q.last_error) end,
        last_error_kind = case when r.outcome = 'sent' then null else coalesce(r.kind, q.last_error_kind) end,
        finished_at = case when r.outcome in ('sent', 'failed') then now() end,
        lease_until = null, locked_by = null, updated_at = now()
      from r join held h on h.id = r.id
      where q.id = r.id and h.locked_by = ${owner} and h.status in ${literals(SETTLEABLE_STATES)}
      returning q.id as item_id, q.batch_id, q.client_id, q.channel, q.contact, q.integration_id,
        r.outcome, r.pmid, r.message, r.kind, r.http, r.duration_ms, r.attempt
    )`,
    sql`logged as (
      insert into delivery_logs (channel, client_id, contact, success, message, provider_message_id, kind, http_status, attempt,
        duration_ms, batch_id, queue_item_id, integration_id)
      select channel, client_id, contact, outcome = 'sent', message, pmid, kind, http, attempt, duration_ms,
        batch_id, item_id, integration_id
      from upd where outcome <> 'release'
    )`,
  ];
}
