-- enqueue: src/queue/enqueue.ts enqueueSql: a WhatsApp message to a report filter, one gatilho cooldown, the recent-notice guard by purpose (6 h)
-- Regenerate after a deliberate change: UPDATE_SQL_SNAPSHOTS=1 npx vitest run src/db/snapshots

with matched as (
      select l.id as login_id, l.login, l.client_id, c.mobile_e164 as contact, c.mobile_e164 as contact_key,
        coalesce(nullif(btrim(c.whatsapp), ''), nullif(btrim(c.mobile), ''), nullif(btrim(c.phone), '')) as raw_contact, case when c.opt_out_whatsapp or (c.mobile_e164 is not null and exists (select 1 from suppressions s where s.channel = $1 and s.contact_key = c.mobile_e164 and s.removed_at is null)) then 'opted_out'
      when c.mobile_e164 is not null then null
      when c.mobile_problem = 'landline' then 'landline'
      when c.mobile_problem = 'invalid' then 'invalid_phone' else 'no_mobile' end as problem, case when case when c.opt_out_whatsapp or (c.mobile_e164 is not null and exists (select 1 from suppressions s where s.channel = $2 and s.contact_key = c.mobile_e164 and s.removed_at is null)) then 'opted_out'
      when c.mobile_e164 is not null then null
      when c.mobile_problem = 'landline' then 'landline'
      when c.mobile_problem = 'invalid' then 'invalid_phone' else 'no_mobile' end is null then jsonb_build_object('variables', to_jsonb(array[btrim(replace(replace(replace(translate(coalesce(initcap(split_part(btrim(translate(c.name, $3::text, '   ')), ' ', 1)), ''), $4::text, '    '), ' ', $5::text), $6::text, ''), $7::text, '')), btrim(replace(replace(replace(translate(coalesce(l.effective_neighbourhood, ''), $8::text, '    '), ' ', $9::text), $10::text, ''), $11::text, '')), btrim(replace(replace(replace(translate($12::text, $13::text, '    '), ' ', $14::text), $15::text, ''), $16::text, ''))]::text[])) end as payload,
        row_number() over (partition by c.mobile_e164 collate "C" order by case when c.opt_out_whatsapp or (c.mobile_e164 is not null and exists (select 1 from suppressions s where s.channel = $17 and s.contact_key = c.mobile_e164 and s.removed_at is null)) then 'opted_out'
      when c.mobile_e164 is not null then null
      when c.mobile_problem = 'landline' then 'landline'
      when c.mobile_problem = 'invalid' then 'invalid_phone' else 'no_mobile' end is null desc, l.id) as rn
      from logins l join clients c on c.id = l.client_id where l.effective_neighbourhood_search like $18 and l.contract_status = $19 and l.online = $20 and l.online = 'N' and l.session_ended_at <= $21::timestamptz and l.nas_id = any($22::int4[])
    ),
        busy as materialized (
    select contact_key from queue_items where message_id = $23 and status in ('pending', 'claimed', 'sending')
  ),
  recent as materialized (
    select contact_key from queue_items where message_id in (select id from messages where purpose = (select purpose from messages where id = $24)) and status in ('sent', 'uncertain')
      and finished_at > now() - make_interval(hours => $25::int)
    union all select contact_key from queue_items where message_id in (select id from messages where purpose = (select purpose from messages where id = $26)) and message_id <> $27
      and status in ('pending', 'claimed', 'sending')
  ),
  pending as (
    select m.*, case
      when m.contact_key in (select contact_key from busy) then 'already_pending'
      when m.contact_key in (
        select q.contact_key from send_batches b join queue_items q on q.batch_id = b.id
        where b.rule_id = $28 and b.created_at > now() - make_interval(mins => $29)
          and q.status <> 'cancelled'
      ) then 'cooldown'
      when m.contact_key in (select contact_key from recent) then 'recently_notified'
    end as held
    from matched m where m.problem is null and m.rn = 1
  ),
        ins as (
          insert into queue_items (batch_id, channel, message_id, integration_id, client_id, login_id, login, contact,
            contact_key, payload, priority)
          select $30::int, $31::text, $32::int, $33::int, r.client_id,
            r.login_id, r.login, r.contact, r.contact_key, r.payload, $34::smallint
          from pending r
          where r.held is null
          returning 1
        ),
        skipped as (
          insert into send_skips (batch_id, client_id, login_id, login, contact, reason)
          select $35::int, client_id, login_id, login, raw_contact, problem from matched where problem is not null
    union all select $36::int, client_id, login_id, login, contact, 'duplicate_in_batch' from matched where problem is null and rn > 1
    union all select $37::int, client_id, login_id, login, contact, held from pending where held is not null
          returning reason
        )
        select (select count(*) from matched)::int as matched, (select count(*) from ins)::int as enqueued,
          (select coalesce(jsonb_object_agg(reason, n), '{}'::jsonb) from (select reason, count(*)::int as n from (select reason from skipped) x group by reason) s) as skip_counts;

-- $1 = "whatsapp"
-- $2 = "whatsapp"
-- $3 = "\t\r\n"
-- $4 = "\r\n\t\u0001"
-- $5 = " \u0001"
-- $6 = "\u0001 "
-- $7 = "\u0001"
-- $8 = "\r\n\t\u0001"
-- $9 = " \u0001"
-- $10 = "\u0001 "
-- $11 = "\u0001"
-- $12 = "18h"
-- $13 = "\r\n\t\u0001"
-- $14 = " \u0001"
-- $15 = "\u0001 "
-- $16 = "\u0001"
-- $17 = "whatsapp"
-- $18 = "%centro%"
-- $19 = "A"
-- $20 = "N"
-- $21 = "2026-03-02T13:15:00.000Z"
-- $22 = [3,4]
-- $23 = 7
-- $24 = 7
-- $25 = 6
-- $26 = 7
-- $27 = 7
-- $28 = 3
-- $29 = 360
-- $30 = 41
-- $31 = "whatsapp"
-- $32 = 7
-- $33 = 2
-- $34 = 5
-- $35 = 41
-- $36 = 41
-- $37 = 41
