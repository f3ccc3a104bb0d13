CREATE TABLE "saved_filters" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "saved_filters_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"name" text NOT NULL,
	"filter" jsonb NOT NULL,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
DROP INDEX "clients_cpf_cnpj_idx";--> statement-breakpoint
DROP INDEX "logins_login_idx";--> statement-breakpoint
ALTER TABLE "ftth_boxes" ADD COLUMN "name_search" text;--> statement-breakpoint
ALTER TABLE "clients" ADD COLUMN "mobile_e164" text;--> statement-breakpoint
ALTER TABLE "clients" ADD COLUMN "mobile_problem" text;--> statement-breakpoint
ALTER TABLE "clients" ADD COLUMN "email_valid" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "logins" ADD COLUMN "neighbourhood_search" text;--> statement-breakpoint
ALTER TABLE "logins" ADD COLUMN "effective_city_id" integer;--> statement-breakpoint
ALTER TABLE "logins" ADD COLUMN "effective_neighbourhood" text;--> statement-breakpoint
ALTER TABLE "logins" ADD COLUMN "effective_neighbourhood_search" text;--> statement-breakpoint
ALTER TABLE "logins" ADD COLUMN "contract_status" text;--> statement-breakpoint
ALTER TABLE "logins" ADD COLUMN "contract_access_status" text;--> statement-breakpoint
ALTER TABLE "logins" ADD COLUMN "contract_plan_id" integer;--> statement-breakpoint
ALTER TABLE "saved_filters" ADD CONSTRAINT "saved_filters_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "saved_filters_name_uq" ON "saved_filters" USING btree (lower("name"));--> statement-breakpoint
CREATE INDEX "clients_name_trgm_idx" ON "clients" USING gin ("name_search" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "clients_cpf_cnpj_digits_idx" ON "clients" USING btree (regexp_replace("cpf_cnpj", '[^0-9]', '', 'g'));--> statement-breakpoint
CREATE INDEX "clients_contacts_pending_idx" ON "clients" USING btree ("id") WHERE "clients"."mobile_e164" is null and "clients"."mobile_problem" is null;--> statement-breakpoint
CREATE INDEX "logins_login_sort_idx" ON "logins" USING btree ("login" collate "C","id");--> statement-breakpoint
CREATE INDEX "logins_login_trgm_idx" ON "logins" USING gin ("login" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "logins_city_online_idx" ON "logins" USING btree ("effective_city_id","online","session_ended_at");--> statement-breakpoint
ALTER TABLE "clients" ADD CONSTRAINT "clients_mobile_problem_chk" CHECK ("clients"."mobile_problem" in ('missing','invalid','landline'));