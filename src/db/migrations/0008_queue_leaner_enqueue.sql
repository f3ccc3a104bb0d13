-- A leaner enqueue of ~100,000 rows in one statement (issue 5):
--  * WhatsApp rows carry only their variables; the channel and template every row of a batch shares live once on
--    the batch (send_batches.template), and the drain sends template || payload.
--  * queue_items keeps the indexes its readers use: the per-batch contact index (the statement dedupes) and the
--    contact/time index (a gatilho's cooldown now reads its own recent batches) go.
--  * queue_items.batch_id and send_skips.batch_id lose their declared foreign keys: PostgreSQL checks those with
--    one query per inserted row, a quarter of the enqueue. The same rule is kept set-based — one check per
--    statement over its new rows (which also key-share locks their batches, as a foreign key does), batch_id
--    cannot change, and deleting a batch deletes its rows.
ALTER TABLE "queue_items" DROP CONSTRAINT "queue_items_batch_id_send_batches_id_fk";
--> statement-breakpoint
ALTER TABLE "send_skips" DROP CONSTRAINT "send_skips_batch_id_send_batches_id_fk";
--> statement-breakpoint
DROP INDEX "queue_items_batch_contact_uq";--> statement-breakpoint
DROP INDEX "queue_items_contact_idx";--> statement-breakpoint
ALTER TABLE "send_batches" ADD COLUMN "template" jsonb;--> statement-breakpoint
CREATE INDEX "send_batches_rule_idx" ON "send_batches" USING btree ("rule_id","created_at") WHERE "send_batches"."rule_id" is not null;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION avisa_check_batch_refs() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  missing integer;
BEGIN
  PERFORM 1 FROM send_batches b WHERE b.id IN (SELECT DISTINCT n.batch_id FROM avisa_new_rows n) FOR KEY SHARE;
  SELECT n.batch_id INTO missing FROM avisa_new_rows n
    WHERE NOT EXISTS (SELECT 1 FROM send_batches b WHERE b.id = n.batch_id) LIMIT 1;
  IF FOUND THEN
    RAISE foreign_key_violation USING MESSAGE = format('%s.batch_id %s: there is no such send batch', TG_TABLE_NAME, missing);
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER queue_items_batch_ref AFTER INSERT ON queue_items
  REFERENCING NEW TABLE AS avisa_new_rows FOR EACH STATEMENT EXECUTE FUNCTION avisa_check_batch_refs();
--> statement-breakpoint
CREATE TRIGGER send_skips_batch_ref AFTER INSERT ON send_skips
  REFERENCING NEW TABLE AS avisa_new_rows FOR EACH STATEMENT EXECUTE FUNCTION avisa_check_batch_refs();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION avisa_batch_id_fixed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.batch_id IS DISTINCT FROM OLD.batch_id THEN
    RAISE foreign_key_violation USING MESSAGE = format('%s.batch_id cannot change (row %s)', TG_TABLE_NAME, OLD.id);
  END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER queue_items_batch_fixed BEFORE UPDATE OF batch_id ON queue_items FOR EACH ROW EXECUTE FUNCTION avisa_batch_id_fixed();
--> statement-breakpoint
CREATE TRIGGER send_skips_batch_fixed BEFORE UPDATE OF batch_id ON send_skips FOR EACH ROW EXECUTE FUNCTION avisa_batch_id_fixed();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION avisa_delete_batch_rows() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM queue_items WHERE batch_id IN (SELECT id FROM avisa_old_batches);
  DELETE FROM send_skips WHERE batch_id IN (SELECT id FROM avisa_old_batches);
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER send_batches_delete_rows AFTER DELETE ON send_batches
  REFERENCING OLD TABLE AS avisa_old_batches FOR EACH STATEMENT EXECUTE FUNCTION avisa_delete_batch_rows();
