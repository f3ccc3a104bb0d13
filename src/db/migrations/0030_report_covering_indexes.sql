-- The report's counts and summaries read a NAS's, a plan's and a client's logins from these indexes alone (src/db/schema/subscribers.ts).
-- IF EXISTS: a bulk load killed half-way has its indexes deferred (src/db/deferred-indexes.ts); its stored definition is then
-- skipped at the next start (CREATE INDEX IF NOT EXISTS), and the index built here stays.
DROP INDEX IF EXISTS "logins_client_idx";--> statement-breakpoint
DROP INDEX IF EXISTS "logins_nas_online_idx";--> statement-breakpoint
DROP INDEX IF EXISTS "logins_plan_online_idx";--> statement-breakpoint
CREATE INDEX "logins_client_idx" ON "logins" USING btree ("client_id","online","nas_id","pop_id","ftth_box_id");--> statement-breakpoint
CREATE INDEX "logins_nas_online_idx" ON "logins" USING btree ("nas_id","online","session_ended_at","pop_id","ftth_box_id","disconnect_reason");--> statement-breakpoint
CREATE INDEX "logins_plan_online_idx" ON "logins" USING btree ("contract_plan_id","online","nas_id","pop_id","ftth_box_id");