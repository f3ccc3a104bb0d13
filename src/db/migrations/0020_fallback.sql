ALTER TABLE "messages" ADD COLUMN "fallback_message_id" integer;--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "fallback_after_minutes" integer;--> statement-breakpoint
ALTER TABLE "queue_items" ADD COLUMN "fallback_of" bigint;--> statement-breakpoint
ALTER TABLE "messages" ADD CONSTRAINT "messages_fallback_message_id_messages_id_fk" FOREIGN KEY ("fallback_message_id") REFERENCES "public"."messages"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "queue_items_fallback_of_uq" ON "queue_items" USING btree ("fallback_of") WHERE "queue_items"."fallback_of" is not null;--> statement-breakpoint
ALTER TABLE "messages" ADD CONSTRAINT "messages_fallback_after_chk" CHECK ("messages"."fallback_after_minutes" between 1 and 1440);