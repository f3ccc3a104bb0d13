CREATE TABLE "maintenance_messages" (
	"window_id" integer NOT NULL,
	"phase" text NOT NULL,
	"message_id" integer NOT NULL,
	CONSTRAINT "maintenance_messages_window_id_phase_message_id_pk" PRIMARY KEY("window_id","phase","message_id"),
	CONSTRAINT "maintenance_messages_phase_chk" CHECK ("maintenance_messages"."phase" in ('notice','end'))
);
--> statement-breakpoint
ALTER TABLE "maintenance_windows" DROP CONSTRAINT "maintenance_windows_message_id_messages_id_fk";
--> statement-breakpoint
ALTER TABLE "maintenance_windows" ADD COLUMN "cancelled_by" text;--> statement-breakpoint
ALTER TABLE "maintenance_messages" ADD CONSTRAINT "maintenance_messages_window_id_maintenance_windows_id_fk" FOREIGN KEY ("window_id") REFERENCES "public"."maintenance_windows"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "maintenance_messages" ADD CONSTRAINT "maintenance_messages_message_id_messages_id_fk" FOREIGN KEY ("message_id") REFERENCES "public"."messages"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "maintenance_windows" DROP COLUMN "message_id";