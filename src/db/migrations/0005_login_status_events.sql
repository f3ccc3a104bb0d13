CREATE TABLE "login_status_events" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "login_status_events_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"login_id" integer NOT NULL,
	"nas_id" integer,
	"online" boolean NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"cause" text,
	"source" text NOT NULL,
	"session_id" text
);
--> statement-breakpoint
CREATE INDEX "login_status_events_nas_offline_idx" ON "login_status_events" USING btree ("nas_id","at") WHERE not "login_status_events"."online";--> statement-breakpoint
CREATE INDEX "login_status_events_login_idx" ON "login_status_events" USING btree ("login_id","at");