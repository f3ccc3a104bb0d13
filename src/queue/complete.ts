/**
 * Recording what happened to claimed rows, all of a batch in one statement: the row's new state and, for every
 * real attempt, its line in the delivery log (Logs Omnichannel / E-mail / SMS).
 * - `sent` → enviado, with the provider's message id;
 * - `retry` → back to pending after `delayMs` (the attempt counted);
 * - `failed` → falha, with the provider's reason verbatim;
 * - `hold` → back to pending, attempt not counted: the integration itself refused (auth/config) or its allowance
 *   ran out — the row waits for the next run instead of burning its attempts;
 * - `release` → back to pending untouched: claimed but never sent (the run stopped first); not logged.
 * Only rows this owner still holds are touched; a completion also settles a row the sweeper had already marked
 * `uncertain` (the outcome is known after all).
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../db/database.js';

export type Outcome =
  | { id: number; outcome: 'sent'; attempt: number; providerMessageId: string; message: string; durationMs: number }
  | { id: number; outcome: 'retry'; attempt: number; delayMs: number; message: string; kind: string; status?: number; durationMs: number }
  | { id: number; outcome: 'failed'; attempt: number; message: string; kind: string; status?: number; durationMs: number }
  | { id: number; outcome: 'hold'; attempt: number; message: string; kind: string; status?: number; durationMs: number }
  | { id: number; outcome: 'release'; message?: string };

const arr = (values: unknown[], type: string) => sql`${sql.param(values)}::${sql.raw(type)}[]`;

export async function completeRows(db: Db, owner: string, outcomes: readonly Outcome[]): Promise<void> {
  if (outcomes.length === 0) return;
  const pick = <T>(f: (o: Outcome) => T) => outcomes.map(f);
  await db.execute(sql`with r as (
      select * from unnest(
        ${arr(pick((o) => o.id), 'int8')}, ${arr(pick((o) => o.outcome), 'text')},
        ${arr(pick((o) => (o.outcome === 'sent' ? o.providerMessageId : null)), 'text')},
        ${arr(pick((o) => o.message ?? null), 'text')},
        ${arr(pick((o) => ('kind' in o ? o.kind : null)), 'text')},
        ${arr(pick((o) => (o.outcome === 'retry' ? o.delayMs : 0)), 'int4')},
        ${arr(pick((o) => ('status' in o ? (o.status ?? null) : null)), 'int4')},
        ${arr(pick((o) => ('durationMs' in o ? o.durationMs : null)), 'int4')},
        ${arr(pick((o) => ('attempt' in o ? o.attempt : 0)), 'int4')}
      ) as r(id, outcome, pmid, message, kind, delay_ms, http, duration_ms, attempt)
    ),
    upd as (
      update queue_items q set
        status = case r.outcome when 'sent' then 'sent' when 'failed' then 'failed' else 'pending' end,
        attempts = case when r.outcome in ('hold', 'release') then greatest(q.attempts - 1, 0) else q.attempts end,
        run_after = case when r.outcome = 'retry' then now() + make_interval(secs => r.delay_ms / 1000.0) else q.run_after end,
        provider_message_id = coalesce(r.pmid, q.provider_message_id),
        last_error = case when r.outcome = 'sent' then null else coalesce(r.message, q.last_error) end,
        last_error_kind = case when r.outcome = 'sent' then null else coalesce(r.kind, q.last_error_kind) end,
        finished_at = case when r.outcome in ('sent', 'failed') then now() end,
        lease_until = null, locked_by = null, updated_at = now()
      from r
      where q.id = r.id and q.locked_by = ${owner} and q.status in ('sending', 'uncertain')
      returning q.id as item_id, q.batch_id, q.client_id, q.channel, q.contact, q.integration_id,
        r.outcome, r.pmid, r.message, r.kind, r.http, r.duration_ms, r.attempt
    )
    insert into delivery_logs (channel, client_id, contact, success, message, provider_message_id, kind, http_status, attempt,
      duration_ms, batch_id, queue_item_id, integration_id)
    select channel, client_id, contact, outcome = 'sent', coalesce(message, ''), pmid, kind, http, attempt, duration_ms,
      batch_id, item_id, integration_id
    from upd where outcome <> 'release'`);
}
