DROP INDEX "queue_items_batch_contact_uq";--> statement-breakpoint
DROP INDEX "queue_items_contact_idx";--> statement-breakpoint
ALTER TABLE "send_batches" ADD COLUMN "template" jsonb;--> statement-breakpoint
CREATE INDEX "send_batches_rule_idx" ON "send_batches" USING btree ("rule_id","created_at") WHERE "send_batches"."rule_id" is not null;