-- Incidentes (issue 17): per-element live counts, detection rules, incidents with their affected logins and
-- timeline, the messages of each phase, maintenance windows, and the incident a send batch belongs to.
CREATE TABLE "element_counts" (
	"kind" text NOT NULL,
	"element_id" integer NOT NULL,
	"total" integer DEFAULT 0 NOT NULL,
	"online" integer DEFAULT 0 NOT NULL,
	"offline" integer DEFAULT 0 NOT NULL,
	"never" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "element_counts_kind_element_id_pk" PRIMARY KEY("kind","element_id"),
	CONSTRAINT "element_counts_kind_chk" CHECK ("element_counts"."kind" in ('all','nas','pop','box'))
);
--> statement-breakpoint
CREATE TABLE "incident_events" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "incident_events_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"incident_id" integer NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"kind" text NOT NULL,
	"actor" text NOT NULL,
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "incident_logins" (
	"incident_id" integer NOT NULL,
	"login_id" integer NOT NULL,
	"client_id" integer,
	"went_offline_at" timestamp with time zone,
	"back_at" timestamp with time zone,
	"restored_notice_at" timestamp with time zone,
	CONSTRAINT "incident_logins_incident_id_login_id_pk" PRIMARY KEY("incident_id","login_id")
);
--> statement-breakpoint
CREATE TABLE "incident_messages" (
	"kind" text NOT NULL,
	"phase" text NOT NULL,
	"message_id" integer NOT NULL,
	CONSTRAINT "incident_messages_kind_phase_message_id_pk" PRIMARY KEY("kind","phase","message_id"),
	CONSTRAINT "incident_messages_phase_chk" CHECK ("incident_messages"."phase" in ('start','update','restored'))
);
--> statement-breakpoint
CREATE TABLE "incident_rules" (
	"kind" text PRIMARY KEY NOT NULL,
	"min_share" integer NOT NULL,
	"min_count" integer NOT NULL,
	"window_seconds" integer NOT NULL,
	"hold_down_seconds" integer NOT NULL,
	"auto_confirm_seconds" integer,
	"restore_share" integer NOT NULL,
	"restore_seconds" integer NOT NULL,
	"close_after_seconds" integer NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" text,
	CONSTRAINT "incident_rules_kind_chk" CHECK ("incident_rules"."kind" in ('nas','pop','box')),
	CONSTRAINT "incident_rules_share_chk" CHECK ("incident_rules"."min_share" between 1 and 100 and "incident_rules"."restore_share" between 1 and 100)
);
--> statement-breakpoint
CREATE TABLE "incidents" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "incidents_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"kind" text NOT NULL,
	"element_id" integer,
	"element_name" text NOT NULL,
	"parent_id" integer,
	"state" text NOT NULL,
	"cause" text NOT NULL,
	"external_ref" text,
	"started_at" timestamp with time zone NOT NULL,
	"detected_at" timestamp with time zone DEFAULT now() NOT NULL,
	"confirmed_at" timestamp with time zone,
	"confirmed_by" text,
	"restoring_since" timestamp with time zone,
	"restored_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"closed_by" text,
	"eta" timestamp with time zone,
	"note" text,
	"first_notice_at" timestamp with time zone,
	CONSTRAINT "incidents_kind_chk" CHECK ("incidents"."kind" in ('nas','pop','box','manual')),
	CONSTRAINT "incidents_state_chk" CHECK ("incidents"."state" in ('suspected','confirmed','restored','closed','discarded','merged')),
	CONSTRAINT "incidents_cause_chk" CHECK ("incidents"."cause" in ('nas_reset','mass_drop','monitoring','manual'))
);
--> statement-breakpoint
CREATE TABLE "maintenance_windows" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "maintenance_windows_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"title" text NOT NULL,
	"elements" jsonb NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"margin_minutes" integer DEFAULT 30 NOT NULL,
	"message_id" integer,
	"reminders" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"sent" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"cancelled_at" timestamp with time zone,
	CONSTRAINT "maintenance_windows_time_chk" CHECK ("maintenance_windows"."ends_at" > "maintenance_windows"."starts_at")
);
--> statement-breakpoint
ALTER TABLE "send_batches" ADD COLUMN "incident_id" integer;--> statement-breakpoint
ALTER TABLE "send_batches" ADD COLUMN "incident_phase" text;--> statement-breakpoint
ALTER TABLE "incident_events" ADD CONSTRAINT "incident_events_incident_id_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incidents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incident_logins" ADD CONSTRAINT "incident_logins_incident_id_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incidents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incident_messages" ADD CONSTRAINT "incident_messages_message_id_messages_id_fk" FOREIGN KEY ("message_id") REFERENCES "public"."messages"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "maintenance_windows" ADD CONSTRAINT "maintenance_windows_message_id_messages_id_fk" FOREIGN KEY ("message_id") REFERENCES "public"."messages"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "element_counts_offline_idx" ON "element_counts" USING btree ("kind","offline");--> statement-breakpoint
CREATE INDEX "incident_events_incident_idx" ON "incident_events" USING btree ("incident_id","at");--> statement-breakpoint
CREATE INDEX "incident_logins_login_idx" ON "incident_logins" USING btree ("login_id");--> statement-breakpoint
CREATE INDEX "incident_logins_client_idx" ON "incident_logins" USING btree ("client_id");--> statement-breakpoint
CREATE INDEX "incident_logins_restore_due_idx" ON "incident_logins" USING btree ("incident_id") WHERE "incident_logins"."back_at" is not null and "incident_logins"."restored_notice_at" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "incidents_open_element_uq" ON "incidents" USING btree ("kind","element_id") WHERE "incidents"."state" in ('suspected','confirmed') and "incidents"."element_id" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "incidents_external_ref_uq" ON "incidents" USING btree ("external_ref") WHERE "incidents"."external_ref" is not null;--> statement-breakpoint
CREATE INDEX "incidents_open_idx" ON "incidents" USING btree ("state") WHERE "incidents"."state" in ('suspected','confirmed','restored');--> statement-breakpoint
CREATE INDEX "incidents_started_idx" ON "incidents" USING btree ("started_at");--> statement-breakpoint
CREATE INDEX "maintenance_windows_time_idx" ON "maintenance_windows" USING btree ("ends_at","starts_at");--> statement-breakpoint
CREATE INDEX "send_batches_incident_idx" ON "send_batches" USING btree ("incident_id","incident_phase") WHERE "send_batches"."incident_id" is not null;--> statement-breakpoint
CREATE INDEX "clients_mobile_e164_idx" ON "clients" USING btree ("mobile_e164");
--> statement-breakpoint
-- element_counts: logins per element (NAS, POP, FTTH box; kind 'all' id 0 for every login) and live state, kept by statement-level triggers with
-- transition tables (a NAS reset of 50,000 logins is one grouped upsert, not 50,000 row triggers). Every write
-- path (RADIUS receiver, radacct, IXC sync, import, demo, `avisa db copy`) goes through them. Rows are upserted in
-- (kind, element_id) order so concurrent writers lock them in the same order.
CREATE OR REPLACE FUNCTION avisa_element_counts_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO element_counts AS e (kind, element_id, total, online, offline, never)
  SELECT v.kind, v.id, count(*), count(*) FILTER (WHERE n.online = 'S'), count(*) FILTER (WHERE n.online = 'N'),
         count(*) FILTER (WHERE n.online NOT IN ('S', 'N'))
    FROM avisa_new_logins n
    CROSS JOIN LATERAL (VALUES ('all', 0), ('nas', n.nas_id), ('pop', n.pop_id), ('box', n.ftth_box_id)) v(kind, id)
   WHERE v.id IS NOT NULL
   GROUP BY v.kind, v.id
   ORDER BY v.kind, v.id
  ON CONFLICT (kind, element_id) DO UPDATE
    SET total = e.total + excluded.total, online = e.online + excluded.online,
        offline = e.offline + excluded.offline, never = e.never + excluded.never;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION avisa_element_counts_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE element_counts e
     SET total = e.total - d.total, online = e.online - d.online, offline = e.offline - d.offline, never = e.never - d.never
    FROM (SELECT v.kind, v.id, count(*) AS total, count(*) FILTER (WHERE o.online = 'S') AS online,
                 count(*) FILTER (WHERE o.online = 'N') AS offline, count(*) FILTER (WHERE o.online NOT IN ('S', 'N')) AS never
            FROM avisa_old_logins o
            CROSS JOIN LATERAL (VALUES ('all', 0), ('nas', o.nas_id), ('pop', o.pop_id), ('box', o.ftth_box_id)) v(kind, id)
           WHERE v.id IS NOT NULL
           GROUP BY v.kind, v.id) d
   WHERE e.kind = d.kind AND e.element_id = d.id;
  RETURN NULL;
END $$;
--> statement-breakpoint
-- An update counts only rows whose state or elements changed: the old values leave, the new ones arrive.
CREATE OR REPLACE FUNCTION avisa_element_counts_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO element_counts AS e (kind, element_id, total, online, offline, never)
  SELECT v.kind, v.id, sum(v.sign), coalesce(sum(v.sign) FILTER (WHERE v.state = 'S'), 0),
         coalesce(sum(v.sign) FILTER (WHERE v.state = 'N'), 0), coalesce(sum(v.sign) FILTER (WHERE v.state NOT IN ('S', 'N')), 0)
    FROM avisa_new_logins n
    JOIN avisa_old_logins o ON o.id = n.id
    CROSS JOIN LATERAL (VALUES
      ('all', 0, 1, n.online), ('all', 0, -1, o.online),
      ('nas', n.nas_id, 1, n.online), ('pop', n.pop_id, 1, n.online), ('box', n.ftth_box_id, 1, n.online),
      ('nas', o.nas_id, -1, o.online), ('pop', o.pop_id, -1, o.online), ('box', o.ftth_box_id, -1, o.online)
    ) v(kind, id, sign, state)
   WHERE v.id IS NOT NULL
     AND (n.online, n.nas_id, n.pop_id, n.ftth_box_id) IS DISTINCT FROM (o.online, o.nas_id, o.pop_id, o.ftth_box_id)
   GROUP BY v.kind, v.id
   ORDER BY v.kind, v.id
  ON CONFLICT (kind, element_id) DO UPDATE
    SET total = e.total + excluded.total, online = e.online + excluded.online,
        offline = e.offline + excluded.offline, never = e.never + excluded.never;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER logins_element_counts_insert AFTER INSERT ON logins
  REFERENCING NEW TABLE AS avisa_new_logins FOR EACH STATEMENT EXECUTE FUNCTION avisa_element_counts_insert();
--> statement-breakpoint
CREATE TRIGGER logins_element_counts_delete AFTER DELETE ON logins
  REFERENCING OLD TABLE AS avisa_old_logins FOR EACH STATEMENT EXECUTE FUNCTION avisa_element_counts_delete();
--> statement-breakpoint
CREATE TRIGGER logins_element_counts_update AFTER UPDATE ON logins
  REFERENCING OLD TABLE AS avisa_old_logins NEW TABLE AS avisa_new_logins
  FOR EACH STATEMENT EXECUTE FUNCTION avisa_element_counts_update();
--> statement-breakpoint
INSERT INTO element_counts (kind, element_id, total, online, offline, never)
SELECT v.kind, v.id, count(*), count(*) FILTER (WHERE l.online = 'S'), count(*) FILTER (WHERE l.online = 'N'),
       count(*) FILTER (WHERE l.online NOT IN ('S', 'N'))
  FROM logins l
  CROSS JOIN LATERAL (VALUES ('all', 0), ('nas', l.nas_id), ('pop', l.pop_id), ('box', l.ftth_box_id)) v(kind, id)
 WHERE v.id IS NOT NULL
 GROUP BY v.kind, v.id;
