-- Incidentes (issue 17): the notices of a login, probed login by login by the incident audiences (who was told of
-- the início on a channel, who was dealt with); without it a fresh incident that the planner takes for a handful of
-- rows joins 50,000 logins to 50,000 notices by scanning (seconds to minutes).
CREATE INDEX "queue_items_login_idx" ON "queue_items" USING btree ("login_id");--> statement-breakpoint
CREATE INDEX "send_skips_login_idx" ON "send_skips" USING btree ("login_id");