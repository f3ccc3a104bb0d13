-- Import row errors and failure reasons as notices (a code and params), rendered in the reader's language; rows made before keep only their English text.
ALTER TABLE "import_job_errors" ADD COLUMN "notice" jsonb;--> statement-breakpoint
ALTER TABLE "import_jobs" ADD COLUMN "error_notice" jsonb;