-- Statement-level triggers that read transition tables now plan each statement for its own rows (EXECUTE).
-- PL/pgSQL caches the plan of a statement without parameters the first time it runs in a connection, with the
-- row count of the transition tables as they were then. After a one-row update (a RADIUS packet), a connection's
-- triggers kept a nested loop over old × new rows: a 5,000-row update then spent 5.7 s in them instead of
-- milliseconds (measured: an import that flipped `online` on 100,000 logins ran at 1,032 rows/s). The other way
-- round, a plan made for a large change (a hash join over a seq scan of logins) would serve a one-row change.
-- Planning costs well under a millisecond per statement; the bodies are unchanged otherwise.
CREATE OR REPLACE FUNCTION avisa_login_status_history() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE $sql$
  INSERT INTO login_status_events (login_id, nas_id, online, at, cause, source)
  SELECT n.id, n.nas_id, n.online = 'S',
    CASE WHEN n.online = 'S' THEN coalesce(n.session_started_at, now()) ELSE coalesce(n.session_ended_at, now()) END,
    CASE WHEN n.online = 'S' THEN NULL ELSE n.disconnect_reason END,
    coalesce(nullif(current_setting('avisa.status_source', true), ''), 'sync')
  FROM avisa_new_logins n JOIN avisa_old_logins o ON o.id = n.id
  WHERE (o.online = 'S') IS DISTINCT FROM (n.online = 'S')
  $sql$;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION avisa_element_counts_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE $sql$
  INSERT INTO element_counts AS e (kind, element_id, total, online, offline, never)
  SELECT v.kind, v.id, sum(v.sign), coalesce(sum(v.sign) FILTER (WHERE v.state = 'S'), 0),
         coalesce(sum(v.sign) FILTER (WHERE v.state = 'N'), 0), coalesce(sum(v.sign) FILTER (WHERE v.state NOT IN ('S', 'N')), 0)
    FROM avisa_new_logins n
    JOIN avisa_old_logins o ON o.id = n.id
    CROSS JOIN LATERAL (VALUES
      ('all', 0, 1, n.online), ('all', 0, -1, o.online),
      ('nas', n.nas_id, 1, n.online), ('pop', n.pop_id, 1, n.online), ('box', n.ftth_box_id, 1, n.online),
      ('nas', o.nas_id, -1, o.online), ('pop', o.pop_id, -1, o.online), ('box', o.ftth_box_id, -1, o.online)
    ) v(kind, id, sign, state)
   WHERE v.id IS NOT NULL
     AND (n.online, n.nas_id, n.pop_id, n.ftth_box_id) IS DISTINCT FROM (o.online, o.nas_id, o.pop_id, o.ftth_box_id)
   GROUP BY v.kind, v.id
   ORDER BY v.kind, v.id
  ON CONFLICT (kind, element_id) DO UPDATE
    SET total = e.total + excluded.total, online = e.online + excluded.online,
        offline = e.offline + excluded.offline, never = e.never + excluded.never
  $sql$;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION clients_copy_report_columns() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE $sql$
  UPDATE logins l
     SET effective_city_id = c.city_id,
         effective_neighbourhood = c.neighbourhood,
         effective_neighbourhood_search = c.neighbourhood_search
    FROM changed_clients c
   WHERE l.client_id = c.id
     AND l.uses_client_address
     AND (l.effective_city_id, l.effective_neighbourhood, l.effective_neighbourhood_search)
         IS DISTINCT FROM (c.city_id, c.neighbourhood, c.neighbourhood_search)
  $sql$;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION contracts_copy_report_columns() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE $sql$
  UPDATE logins l
     SET contract_status = k.status,
         contract_access_status = k.access_status,
         contract_plan_id = k.plan_id
    FROM changed_contracts k
   WHERE l.contract_id = k.id
     AND (l.contract_status, l.contract_access_status, l.contract_plan_id)
         IS DISTINCT FROM (k.status, k.access_status, k.plan_id)
  $sql$;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION avisa_delete_batch_rows() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE 'DELETE FROM queue_items WHERE batch_id IN (SELECT id FROM avisa_old_batches)';
  EXECUTE 'DELETE FROM send_skips WHERE batch_id IN (SELECT id FROM avisa_old_batches)';
  RETURN NULL;
END $$;
--> statement-breakpoint
-- The same rule for every function that reads a transition table, so src/db/trigger-plans.test.ts can hold it.
CREATE OR REPLACE FUNCTION avisa_element_counts_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE $sql$
  INSERT INTO element_counts AS e (kind, element_id, total, online, offline, never)
  SELECT v.kind, v.id, count(*), count(*) FILTER (WHERE n.online = 'S'), count(*) FILTER (WHERE n.online = 'N'),
         count(*) FILTER (WHERE n.online NOT IN ('S', 'N'))
    FROM avisa_new_logins n
    CROSS JOIN LATERAL (VALUES ('all', 0), ('nas', n.nas_id), ('pop', n.pop_id), ('box', n.ftth_box_id)) v(kind, id)
   WHERE v.id IS NOT NULL
   GROUP BY v.kind, v.id
   ORDER BY v.kind, v.id
  ON CONFLICT (kind, element_id) DO UPDATE
    SET total = e.total + excluded.total, online = e.online + excluded.online,
        offline = e.offline + excluded.offline, never = e.never + excluded.never
  $sql$;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION avisa_element_counts_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE $sql$
  UPDATE element_counts e
     SET total = e.total - d.total, online = e.online - d.online, offline = e.offline - d.offline, never = e.never - d.never
    FROM (SELECT v.kind, v.id, count(*) AS total, count(*) FILTER (WHERE o.online = 'S') AS online,
                 count(*) FILTER (WHERE o.online = 'N') AS offline, count(*) FILTER (WHERE o.online NOT IN ('S', 'N')) AS never
            FROM avisa_old_logins o
            CROSS JOIN LATERAL (VALUES ('all', 0), ('nas', o.nas_id), ('pop', o.pop_id), ('box', o.ftth_box_id)) v(kind, id)
           WHERE v.id IS NOT NULL
           GROUP BY v.kind, v.id) d
   WHERE e.kind = d.kind AND e.element_id = d.id
  $sql$;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION avisa_check_batch_refs() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  missing integer;
BEGIN
  EXECUTE 'SELECT 1 FROM send_batches b WHERE b.id IN (SELECT DISTINCT n.batch_id FROM avisa_new_rows n) FOR KEY SHARE';
  -- batch_id is NOT NULL on both tables: a row found has a batch id.
  EXECUTE 'SELECT n.batch_id FROM avisa_new_rows n WHERE NOT EXISTS (SELECT 1 FROM send_batches b WHERE b.id = n.batch_id) LIMIT 1'
    INTO missing;
  IF missing IS NOT NULL THEN
    RAISE foreign_key_violation USING MESSAGE = format('%s.batch_id %s: there is no such send batch', TG_TABLE_NAME, missing);
  END IF;
  RETURN NULL;
END $$;
