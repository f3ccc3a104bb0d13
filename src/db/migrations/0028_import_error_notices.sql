-- Import row errors as notices (a code and params), rendered in the reader's language; rows made before keep only their English message.
ALTER TABLE "import_job_errors" ADD COLUMN "notice" jsonb;