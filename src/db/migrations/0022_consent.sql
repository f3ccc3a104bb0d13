CREATE TABLE "consents" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "consents_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"channel" text NOT NULL,
	"contact_key" text NOT NULL,
	"note" text,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"revoked_at" timestamp with time zone,
	"revoked_by" text,
	CONSTRAINT "consents_channel_chk" CHECK ("consents"."channel" in ('whatsapp','email','sms'))
);
--> statement-breakpoint
ALTER TABLE "messages" DROP CONSTRAINT "messages_purpose_chk";--> statement-breakpoint
CREATE UNIQUE INDEX "consents_active_uq" ON "consents" USING btree ("channel","contact_key") WHERE "consents"."revoked_at" is null;--> statement-breakpoint
ALTER TABLE "messages" ADD CONSTRAINT "messages_purpose_chk" CHECK ("messages"."purpose" in ('outage','maintenance','restored','other','marketing'));