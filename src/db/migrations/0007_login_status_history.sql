-- Every online/offline change of a login, whichever path wrote it (RADIUS receiver, radacct reader, IXC sync,
-- import), lands in login_status_events: one statement-level trigger over the changed rows (set-based, no
-- per-row trigger cost). Writers name themselves with `set_config('avisa.status_source', 'radius', true)`.
CREATE OR REPLACE FUNCTION avisa_login_status_history() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO login_status_events (login_id, nas_id, online, at, cause, source)
  SELECT n.id, n.nas_id, n.online = 'S',
    CASE WHEN n.online = 'S' THEN coalesce(n.session_started_at, now()) ELSE coalesce(n.session_ended_at, now()) END,
    CASE WHEN n.online = 'S' THEN NULL ELSE n.disconnect_reason END,
    coalesce(nullif(current_setting('avisa.status_source', true), ''), 'sync')
  FROM avisa_new_logins n JOIN avisa_old_logins o ON o.id = n.id
  WHERE (o.online = 'S') IS DISTINCT FROM (n.online = 'S');
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER logins_status_history AFTER UPDATE ON logins
  REFERENCING OLD TABLE AS avisa_old_logins NEW TABLE AS avisa_new_logins
  FOR EACH STATEMENT EXECUTE FUNCTION avisa_login_status_history();
