CREATE TABLE "trigger_rules" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "trigger_rules_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"name" text NOT NULL,
	"saved_filter_id" integer,
	"message_ids" jsonb NOT NULL,
	"free_values" jsonb NOT NULL,
	"priority" smallint DEFAULT 0 NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"cooldown_minutes" integer DEFAULT 720 NOT NULL,
	"ceiling" integer DEFAULT 5000 NOT NULL,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "trigger_runs" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "trigger_runs_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"rule_id" integer NOT NULL,
	"task_run_id" bigint,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"status" text NOT NULL,
	"matched" integer DEFAULT 0 NOT NULL,
	"enqueued" integer DEFAULT 0 NOT NULL,
	"skipped" integer DEFAULT 0 NOT NULL,
	"skip_counts" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"batch_ids" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"error" text,
	"decided_by" text,
	"decided_at" timestamp with time zone,
	CONSTRAINT "trigger_runs_status_chk" CHECK ("trigger_runs"."status" in ('enqueued','held','confirmed','discarded','failed'))
);
--> statement-breakpoint
ALTER TABLE "send_batches" ADD COLUMN "rule_id" integer;--> statement-breakpoint
ALTER TABLE "trigger_rules" ADD CONSTRAINT "trigger_rules_saved_filter_id_saved_filters_id_fk" FOREIGN KEY ("saved_filter_id") REFERENCES "public"."saved_filters"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "trigger_rules" ADD CONSTRAINT "trigger_rules_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "trigger_runs" ADD CONSTRAINT "trigger_runs_rule_id_trigger_rules_id_fk" FOREIGN KEY ("rule_id") REFERENCES "public"."trigger_rules"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "trigger_rules_name_uq" ON "trigger_rules" USING btree (lower("name"));--> statement-breakpoint
CREATE INDEX "trigger_runs_rule_idx" ON "trigger_runs" USING btree ("rule_id","at" DESC NULLS LAST);--> statement-breakpoint
ALTER TABLE "send_batches" ADD CONSTRAINT "send_batches_rule_id_trigger_rules_id_fk" FOREIGN KEY ("rule_id") REFERENCES "public"."trigger_rules"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "queue_items_contact_idx" ON "queue_items" USING btree ("contact_key","created_at");