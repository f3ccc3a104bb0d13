-- report-page: src/report/login-query.ts pageSql: page 2 of 50, default sort, filtered first
-- Regenerate after a deliberate change: UPDATE_SQL_SNAPSHOTS=1 npx vitest run src/db/snapshots

select l.id, l.login, l.active, l.client_id, c.name as client_name, c.active as client_active,
         l.contract_id, l.contract_status, l.contract_access_status as access_status, kp.name as plan_name,
         l.online, l.session_started_at, l.session_ended_at, l.disconnect_reason,
         l.nas_id, n.name as nas_name, l.pop_id, o.name as pop_name,
         l.ftth_box_id, b.name as ftth_box_name, l.ftth_port,
         ci.name as city_name, ci.state, l.effective_neighbourhood as neighbourhood,
         l.ip_address, l.mac_address, c.email, c.mobile_e164, c.mobile_problem, s.sort_key
    from (with m as materialized (select l.id, l.login as k, (l.login)::text as sort_key from logins l where l.effective_neighbourhood_search like $1 and l.contract_status = $2 and l.online = $3 and l.online = 'N' and l.session_ended_at <= $4::timestamptz and l.nas_id = any($5::int4[])) select id, k, sort_key from m order by m.k collate "C" asc nulls last, m.id asc limit $6 offset $7) s
    join logins l on l.id = s.id
    join clients c on c.id = l.client_id
    left join plans kp on kp.id = l.contract_plan_id
    left join nas n on n.id = l.nas_id
    left join pops o on o.id = l.pop_id
    left join ftth_boxes b on b.id = l.ftth_box_id
    left join cities ci on ci.id = l.effective_city_id
   order by s.k collate "C" asc nulls last, s.id asc;

-- $1 = "%centro%"
-- $2 = "A"
-- $3 = "N"
-- $4 = "2026-03-02T13:15:00.000Z"
-- $5 = [3,4]
-- $6 = 50
-- $7 = 50
