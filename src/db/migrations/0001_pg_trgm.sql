-- Trigram indexes for the login report's "contains" searches. PGlite loads the extension at open
-- (src/db/database.ts); on PostgreSQL pg_trgm is a trusted extension (a database owner may create it).
create extension if not exists pg_trgm;
