CREATE TABLE "suppressions" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "suppressions_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"channel" text NOT NULL,
	"contact_key" text NOT NULL,
	"source" text NOT NULL,
	"note" text,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"removed_at" timestamp with time zone,
	"removed_by" text,
	CONSTRAINT "suppressions_channel_chk" CHECK ("suppressions"."channel" in ('whatsapp','email','sms')),
	CONSTRAINT "suppressions_source_chk" CHECK ("suppressions"."source" in ('keyword','button','admin','import'))
);
--> statement-breakpoint
ALTER TABLE "send_settings" ADD COLUMN "quiet_start" text DEFAULT '21:00' NOT NULL;--> statement-breakpoint
ALTER TABLE "send_settings" ADD COLUMN "quiet_end" text DEFAULT '08:00' NOT NULL;--> statement-breakpoint
ALTER TABLE "send_settings" ADD COLUMN "opt_out_words" jsonb DEFAULT '["SAIR","PARAR","PARE","STOP"]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "send_settings" ADD COLUMN "opt_out_reply" text DEFAULT 'Pronto: você não receberá mais avisos por aqui. Para voltar a receber, fale com o nosso atendimento.' NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "suppressions_active_uq" ON "suppressions" USING btree ("channel","contact_key") WHERE "suppressions"."removed_at" is null;--> statement-breakpoint
CREATE INDEX "suppressions_created_idx" ON "suppressions" USING btree ("created_at");