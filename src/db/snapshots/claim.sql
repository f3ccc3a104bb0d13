-- claim: src/queue/claim.ts claimSql: the next 40 rows of an integration, under a 60 s lease
-- Regenerate after a deliberate change: UPDATE_SQL_SNAPSHOTS=1 npx vitest run src/db/snapshots

with picked as (select id from queue_items
    where integration_id = $1 and status = 'pending' and run_after <= now()
    order by priority desc nulls last, id
    limit $2
    for update skip locked)
        update queue_items q set status = 'claimed', locked_by = $3,
          lease_until = now() + make_interval(secs => $4), updated_at = now()
        from picked, send_batches b where q.id = picked.id and b.id = q.batch_id
        returning q.id, q.batch_id as "batchId", q.client_id as "clientId", q.channel, q.contact,
          coalesce(b.template, '{}'::jsonb) || q.payload as payload, q.attempts + 1 as attempts;

-- $1 = 2
-- $2 = 40
-- $3 = "host:123:abcdef"
-- $4 = 60
