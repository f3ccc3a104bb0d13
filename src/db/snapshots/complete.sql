-- complete: src/queue/complete.ts tickSql: a drain's write — one outcome of each kind, and two rows starting
-- Regenerate after a deliberate change: UPDATE_SQL_SNAPSHOTS=1 npx vitest run src/db/snapshots

with r as (
      select * from unnest(
        $1::int8[], $2::text[],
        $3::text[],
        $4::jsonb[],
        $5::text[],
        $6::int4[],
        $7::int4[],
        $8::int4[],
        $9::int4[],
        $10::bool[]
      ) as r(id, outcome, pmid, message, kind, delay_ms, http, duration_ms, attempt, fallback)
    ), held as materialized (
      select id, status, locked_by from queue_items where id = any($11::int8[]) for update
    ), upd as (
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
      where q.id = r.id and h.locked_by = $12 and h.status in ('claimed', 'sending', 'uncertain')
      returning q.id as item_id, q.batch_id, q.client_id, q.channel, q.contact, q.integration_id,
        r.outcome, r.pmid, r.message, r.kind, r.http, r.duration_ms, r.attempt
    ), logged as (
      insert into delivery_logs (channel, client_id, contact, success, message, provider_message_id, kind, http_status, attempt,
        duration_ms, batch_id, queue_item_id, integration_id)
      select channel, client_id, contact, outcome = 'sent', message, pmid, kind, http, attempt, duration_ms,
        batch_id, item_id, integration_id
      from upd where outcome <> 'release'
    ), fetched as materialized (
      select id, status, locked_by from queue_items where id = any($13::int8[]) for update
    ), started as (
      update queue_items q set status = 'sending', attempts = q.attempts + 1, updated_at = now(),
        lease_until = now() + make_interval(secs => $14)
      from fetched f
      where q.id = f.id and f.status = 'claimed' and f.locked_by = $15
      returning q.id
    ) select id from started;

-- $1 = [100,101,102,103,104]
-- $2 = ["sent","retry","failed","hold","release"]
-- $3 = ["m-1",null,null,null,null]
-- $4 = ["{\"code\":\"sent\",\"detail\":\"ok\"}","{\"code\":\"timeout\",\"params\":{\"seconds\":20}}","{\"code\":\"provider_said\",\"detail\":\"invalid number\"}","{\"code\":\"daily_limit\",\"params\":{\"limit\":1000}}",null]
-- $5 = [null,"retryable","permanent","quota",null]
-- $6 = [0,30000,0,0,0]
-- $7 = [null,null,400,null,null]
-- $8 = [120,5000,80,60,null]
-- $9 = [1,1,2,1,0]
-- $10 = [false,false,false,false,false]
-- $11 = [100,101,102,103,104]
-- $12 = "host:123:abcdef"
-- $13 = [105,106]
-- $14 = 90
-- $15 = "host:123:abcdef"
