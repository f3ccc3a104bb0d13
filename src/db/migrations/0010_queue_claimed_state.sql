-- Only rows whose send had started are uncertain after a crash (issue: SIGKILL at 150 msg/s left 145 rows
-- uncertain, 110 of them never sent). A drain now claims rows ahead as `claimed` (attempt not counted) and marks
-- them `sending` (attempt counted) in one write per event-loop turn, committed before their requests leave. Past
-- the lease a `claimed` row goes back to pending and only a `sending` one becomes uncertain; a claimed row still
-- holds its contact for the one-open-row-per-contact index. Rows left `sending` by an older version keep the old
-- meaning (claimed or started) and become uncertain as before.
ALTER TABLE "queue_items" DROP CONSTRAINT "queue_items_status_chk";--> statement-breakpoint
DROP INDEX "queue_items_pending_contact_uq";--> statement-breakpoint
DROP INDEX "queue_items_lease_idx";--> statement-breakpoint
CREATE UNIQUE INDEX "queue_items_pending_contact_uq" ON "queue_items" USING btree ("message_id","contact_key") WHERE "queue_items"."status" in ('pending','claimed','sending');--> statement-breakpoint
CREATE INDEX "queue_items_lease_idx" ON "queue_items" USING btree ("lease_until") WHERE "queue_items"."status" in ('claimed','sending');--> statement-breakpoint
ALTER TABLE "queue_items" ADD CONSTRAINT "queue_items_status_chk" CHECK ("queue_items"."status" in ('pending','claimed','sending','sent','failed','cancelled','uncertain'));