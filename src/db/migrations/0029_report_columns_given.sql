-- A bulk write that already carries a new login's report columns (effective_*, contract_*: the demo's, worked out
-- from the clients and contracts of its chunk, src/ingest/report-columns.ts) sets `avisa.report_columns` to
-- 'given' for its transaction, and the per-row trigger that looks them up is skipped: the two lookups per row cost
-- PostgreSQL about half of a login's insert (300,000 logins: 7.6 s with the trigger, 4.0 s without). Every other
-- write (imports, sync, RADIUS, `db copy`) leaves the setting unset and keeps the trigger.
DROP TRIGGER logins_copy_report_columns ON logins;
--> statement-breakpoint
CREATE TRIGGER logins_copy_report_columns
  BEFORE INSERT OR UPDATE OF uses_client_address, city_id, neighbourhood, neighbourhood_search, client_id, contract_id
  ON logins FOR EACH ROW
  WHEN (current_setting('avisa.report_columns', true) IS DISTINCT FROM 'given')
  EXECUTE FUNCTION logins_copy_report_columns();
