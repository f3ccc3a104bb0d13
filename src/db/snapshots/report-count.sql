-- report-count: src/report/login-query.ts countSql: the exact total and the table size
-- Regenerate after a deliberate change: UPDATE_SQL_SNAPSHOTS=1 npx vitest run src/db/snapshots

select count(*)::int as total, (select greatest(reltuples, 0)::float8 from pg_class where oid = 'logins'::regclass) as logins
          from logins l where l.effective_neighbourhood_search like $1 and l.contract_status = $2 and l.online = $3 and l.online = 'N' and l.session_ended_at <= $4::timestamptz and l.nas_id = any($5::int4[]);

-- $1 = "%centro%"
-- $2 = "A"
-- $3 = "N"
-- $4 = "2026-03-02T13:15:00.000Z"
-- $5 = [3,4]
