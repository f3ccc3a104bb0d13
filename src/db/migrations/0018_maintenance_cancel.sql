ALTER TABLE "maintenance_messages" DROP CONSTRAINT "maintenance_messages_phase_chk";--> statement-breakpoint
ALTER TABLE "send_batches" ADD COLUMN "maintenance_id" integer;--> statement-breakpoint
CREATE INDEX "send_batches_maintenance_idx" ON "send_batches" USING btree ("maintenance_id") WHERE "send_batches"."maintenance_id" is not null;--> statement-breakpoint
ALTER TABLE "maintenance_messages" ADD CONSTRAINT "maintenance_messages_phase_chk" CHECK ("maintenance_messages"."phase" in ('notice','end','cancel'));