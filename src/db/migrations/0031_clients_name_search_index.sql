-- The report's `client name contains` and order by client name read clients' folded names from this index alone
-- (src/db/schema/subscribers.ts): a pattern the trigram index cannot narrow filters every name.
CREATE INDEX IF NOT EXISTS "clients_name_search_idx" ON "clients" USING btree ("name_search","id");
