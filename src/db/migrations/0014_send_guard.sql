-- Send safety (issue 16): a message's purpose (outage, maintenance, restored, other); the installation's send
-- settings (the recent-notice guard's window and scope: one row once an admin saves them, the defaults till then);
-- the reason an operator gave for sending again to recently notified contacts; and the index the guard reads (who
-- got a message since a time).
CREATE TABLE "send_settings" (
	"id" smallint PRIMARY KEY DEFAULT 1 NOT NULL,
	"recent_hours" integer DEFAULT 6 NOT NULL,
	"recent_scope" text DEFAULT 'message' NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" text,
	CONSTRAINT "send_settings_one_row_chk" CHECK ("send_settings"."id" = 1),
	CONSTRAINT "send_settings_recent_hours_chk" CHECK ("send_settings"."recent_hours" between 0 and 168),
	CONSTRAINT "send_settings_recent_scope_chk" CHECK ("send_settings"."recent_scope" in ('message','purpose'))
);
--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "purpose" text DEFAULT 'other' NOT NULL;--> statement-breakpoint
ALTER TABLE "send_batches" ADD COLUMN "repeat_reason" text;--> statement-breakpoint
CREATE INDEX "queue_items_recent_idx" ON "queue_items" USING btree ("message_id","finished_at") WHERE "queue_items"."status" in ('sent','uncertain');--> statement-breakpoint
ALTER TABLE "messages" ADD CONSTRAINT "messages_purpose_chk" CHECK ("messages"."purpose" in ('outage','maintenance','restored','other'));