CREATE TABLE "delivery_events" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "delivery_events_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"provider" text NOT NULL,
	"provider_message_id" text NOT NULL,
	"status" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"error_code" text,
	"error_title" text,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"queue_item_id" bigint,
	CONSTRAINT "delivery_events_status_chk" CHECK ("delivery_events"."status" in ('sent','delivered','read','failed'))
);
--> statement-breakpoint
ALTER TABLE "integrations" DROP CONSTRAINT "integrations_kind_chk";--> statement-breakpoint
ALTER TABLE "integrations" ADD COLUMN "webhook_secret" text;--> statement-breakpoint
ALTER TABLE "queue_items" ADD COLUMN "delivery_status" text;--> statement-breakpoint
ALTER TABLE "queue_items" ADD COLUMN "delivery_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "queue_items" ADD COLUMN "delivery_error" jsonb;--> statement-breakpoint
CREATE UNIQUE INDEX "delivery_events_message_status_uq" ON "delivery_events" USING btree ("provider","provider_message_id","status");--> statement-breakpoint
CREATE INDEX "delivery_events_item_idx" ON "delivery_events" USING btree ("queue_item_id");--> statement-breakpoint
CREATE INDEX "delivery_events_unapplied_idx" ON "delivery_events" USING btree ("received_at") WHERE "delivery_events"."queue_item_id" is null;--> statement-breakpoint
CREATE INDEX "queue_items_provider_message_idx" ON "queue_items" USING btree ("provider_message_id") WHERE "queue_items"."provider_message_id" is not null;--> statement-breakpoint
ALTER TABLE "integrations" ADD CONSTRAINT "integrations_kind_chk" CHECK ("integrations"."kind" in ('opa','smtp','zenvia','smsdev','cloudapi'));--> statement-breakpoint
ALTER TABLE "queue_items" ADD CONSTRAINT "queue_items_delivery_status_chk" CHECK ("queue_items"."delivery_status" in ('delivered','read','failed'));