CREATE TABLE "integrations" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "integrations_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"kind" text NOT NULL,
	"channel" text NOT NULL,
	"description" text NOT NULL,
	"config" jsonb NOT NULL,
	"secret" text,
	"secret_hint" text,
	"active" boolean DEFAULT true NOT NULL,
	"max_concurrency" integer DEFAULT 2 NOT NULL,
	"rate_per_second" real DEFAULT 5 NOT NULL,
	"last_check_at" timestamp with time zone,
	"last_check_ok" boolean,
	"last_check_message" text,
	"halted_at" timestamp with time zone,
	"halted_reason" text,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "integrations_kind_chk" CHECK ("integrations"."kind" in ('opa','smtp','zenvia','smsdev')),
	CONSTRAINT "integrations_channel_chk" CHECK ("integrations"."channel" in ('whatsapp','email','sms')),
	CONSTRAINT "integrations_limits_chk" CHECK ("integrations"."max_concurrency" between 1 and 50 and "integrations"."rate_per_second" > 0)
);
--> statement-breakpoint
CREATE TABLE "messages" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "messages_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"channel" text NOT NULL,
	"description" text NOT NULL,
	"integration_id" integer NOT NULL,
	"content" jsonb NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "messages_channel_chk" CHECK ("messages"."channel" in ('whatsapp','email','sms'))
);
--> statement-breakpoint
CREATE TABLE "delivery_logs" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "delivery_logs_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"channel" text NOT NULL,
	"client_id" integer NOT NULL,
	"contact" text NOT NULL,
	"success" boolean NOT NULL,
	"message" text NOT NULL,
	"provider_message_id" text,
	"kind" text,
	"http_status" integer,
	"attempt" integer NOT NULL,
	"duration_ms" integer,
	"batch_id" integer,
	"queue_item_id" bigint,
	"integration_id" integer
);
--> statement-breakpoint
CREATE TABLE "queue_items" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "queue_items_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"batch_id" integer NOT NULL,
	"channel" text NOT NULL,
	"message_id" integer,
	"integration_id" integer NOT NULL,
	"client_id" integer NOT NULL,
	"login_id" integer,
	"login" text,
	"contact" text NOT NULL,
	"contact_key" text NOT NULL,
	"payload" jsonb NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"priority" smallint DEFAULT 0 NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"run_after" timestamp with time zone DEFAULT now() NOT NULL,
	"locked_by" text,
	"lease_until" timestamp with time zone,
	"provider_message_id" text,
	"last_error" text,
	"last_error_kind" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone,
	CONSTRAINT "queue_items_status_chk" CHECK ("queue_items"."status" in ('pending','sending','sent','failed','cancelled','uncertain'))
);
--> statement-breakpoint
CREATE TABLE "send_batches" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "send_batches_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"channel" text NOT NULL,
	"message_id" integer,
	"message_description" text NOT NULL,
	"integration_id" integer,
	"created_by" integer,
	"actor" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"filter" jsonb NOT NULL,
	"free_values" jsonb NOT NULL,
	"priority" smallint DEFAULT 0 NOT NULL,
	"idempotency_key" text,
	"matched" integer NOT NULL,
	"enqueued" integer NOT NULL,
	"skipped" integer NOT NULL,
	"skip_counts" jsonb NOT NULL,
	"cancelled_at" timestamp with time zone,
	"cancelled_by" text,
	CONSTRAINT "send_batches_channel_chk" CHECK ("send_batches"."channel" in ('whatsapp','email','sms'))
);
--> statement-breakpoint
CREATE TABLE "send_skips" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "send_skips_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"batch_id" integer NOT NULL,
	"client_id" integer NOT NULL,
	"login_id" integer,
	"login" text,
	"contact" text,
	"reason" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "scheduled_tasks" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "scheduled_tasks_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"type" text NOT NULL,
	"description" text NOT NULL,
	"minute" text NOT NULL,
	"hour" text NOT NULL,
	"day_of_month" text NOT NULL,
	"month" text NOT NULL,
	"day_of_week" text NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"options" jsonb NOT NULL,
	"next_run_at" timestamp with time zone,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "task_runs" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "task_runs_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"task_id" integer NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"manual" boolean DEFAULT false NOT NULL,
	"requested_by" text,
	"status" text DEFAULT 'running' NOT NULL,
	"owner" text,
	"heartbeat_at" timestamp with time zone,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone,
	"processed" integer DEFAULT 0 NOT NULL,
	"sent" integer DEFAULT 0 NOT NULL,
	"failed" integer DEFAULT 0 NOT NULL,
	"error" text,
	"details" jsonb,
	CONSTRAINT "task_runs_status_chk" CHECK ("task_runs"."status" in ('running','succeeded','failed','abandoned'))
);
--> statement-breakpoint
CREATE TABLE "status_sources" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "status_sources_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"kind" text NOT NULL,
	"description" text NOT NULL,
	"config" jsonb NOT NULL,
	"secret" text,
	"secret_hint" text,
	"active" boolean DEFAULT true NOT NULL,
	"cursor" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "status_sources_kind_chk" CHECK ("status_sources"."kind" in ('ixc','radius','radacct'))
);
--> statement-breakpoint
CREATE TABLE "sync_runs" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "sync_runs_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"source_id" integer NOT NULL,
	"mode" text NOT NULL,
	"status" text DEFAULT 'running' NOT NULL,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone,
	"counts" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"error" text,
	"cursor" jsonb,
	CONSTRAINT "sync_runs_status_chk" CHECK ("sync_runs"."status" in ('running','succeeded','failed'))
);
--> statement-breakpoint
ALTER TABLE "nas" ADD COLUMN "radius_secret" text;--> statement-breakpoint
ALTER TABLE "integrations" ADD CONSTRAINT "integrations_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "messages" ADD CONSTRAINT "messages_integration_id_integrations_id_fk" FOREIGN KEY ("integration_id") REFERENCES "public"."integrations"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "messages" ADD CONSTRAINT "messages_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "queue_items" ADD CONSTRAINT "queue_items_batch_id_send_batches_id_fk" FOREIGN KEY ("batch_id") REFERENCES "public"."send_batches"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "send_batches" ADD CONSTRAINT "send_batches_message_id_messages_id_fk" FOREIGN KEY ("message_id") REFERENCES "public"."messages"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "send_batches" ADD CONSTRAINT "send_batches_integration_id_integrations_id_fk" FOREIGN KEY ("integration_id") REFERENCES "public"."integrations"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "send_batches" ADD CONSTRAINT "send_batches_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "send_skips" ADD CONSTRAINT "send_skips_batch_id_send_batches_id_fk" FOREIGN KEY ("batch_id") REFERENCES "public"."send_batches"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "scheduled_tasks" ADD CONSTRAINT "scheduled_tasks_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "task_runs" ADD CONSTRAINT "task_runs_task_id_scheduled_tasks_id_fk" FOREIGN KEY ("task_id") REFERENCES "public"."scheduled_tasks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sync_runs" ADD CONSTRAINT "sync_runs_source_id_status_sources_id_fk" FOREIGN KEY ("source_id") REFERENCES "public"."status_sources"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "integrations_description_uq" ON "integrations" USING btree (lower("description"));--> statement-breakpoint
CREATE UNIQUE INDEX "messages_description_uq" ON "messages" USING btree (lower("description"));--> statement-breakpoint
CREATE INDEX "messages_integration_idx" ON "messages" USING btree ("integration_id");--> statement-breakpoint
CREATE INDEX "delivery_logs_channel_at_idx" ON "delivery_logs" USING btree ("channel","at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "delivery_logs_client_idx" ON "delivery_logs" USING btree ("client_id","at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "delivery_logs_contact_idx" ON "delivery_logs" USING btree ("contact");--> statement-breakpoint
CREATE INDEX "delivery_logs_batch_idx" ON "delivery_logs" USING btree ("batch_id");--> statement-breakpoint
CREATE INDEX "delivery_logs_item_idx" ON "delivery_logs" USING btree ("queue_item_id");--> statement-breakpoint
CREATE INDEX "delivery_logs_message_trgm_idx" ON "delivery_logs" USING gin ("message" gin_trgm_ops);--> statement-breakpoint
CREATE UNIQUE INDEX "queue_items_batch_contact_uq" ON "queue_items" USING btree ("batch_id","contact_key");--> statement-breakpoint
CREATE UNIQUE INDEX "queue_items_pending_contact_uq" ON "queue_items" USING btree ("message_id","contact_key") WHERE "queue_items"."status" in ('pending','sending');--> statement-breakpoint
CREATE INDEX "queue_items_claim_idx" ON "queue_items" USING btree ("integration_id","priority" DESC NULLS LAST,"id") WHERE "queue_items"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "queue_items_batch_status_idx" ON "queue_items" USING btree ("batch_id","status");--> statement-breakpoint
CREATE INDEX "queue_items_lease_idx" ON "queue_items" USING btree ("lease_until") WHERE "queue_items"."status" = 'sending';--> statement-breakpoint
CREATE UNIQUE INDEX "send_batches_idempotency_uq" ON "send_batches" USING btree ("idempotency_key");--> statement-breakpoint
CREATE INDEX "send_batches_created_idx" ON "send_batches" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "send_skips_batch_idx" ON "send_skips" USING btree ("batch_id","reason");--> statement-breakpoint
CREATE UNIQUE INDEX "scheduled_tasks_description_uq" ON "scheduled_tasks" USING btree (lower("description"));--> statement-breakpoint
CREATE INDEX "scheduled_tasks_due_idx" ON "scheduled_tasks" USING btree ("next_run_at") WHERE "scheduled_tasks"."enabled";--> statement-breakpoint
CREATE UNIQUE INDEX "task_runs_due_uq" ON "task_runs" USING btree ("task_id","due_at");--> statement-breakpoint
CREATE INDEX "task_runs_task_idx" ON "task_runs" USING btree ("task_id","started_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "task_runs_running_idx" ON "task_runs" USING btree ("heartbeat_at") WHERE "task_runs"."status" = 'running';--> statement-breakpoint
CREATE UNIQUE INDEX "status_sources_description_uq" ON "status_sources" USING btree (lower("description"));--> statement-breakpoint
CREATE INDEX "sync_runs_source_idx" ON "sync_runs" USING btree ("source_id","started_at" DESC NULLS LAST);