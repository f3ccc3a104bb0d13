CREATE TABLE "api_tokens" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "api_tokens_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"user_id" integer NOT NULL,
	"name" text NOT NULL,
	"token_hash" text NOT NULL,
	"prefix" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_used_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "api_tokens_token_hash_unique" UNIQUE("token_hash")
);
--> statement-breakpoint
CREATE TABLE "audit_log" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "audit_log_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"user_id" integer,
	"actor" text NOT NULL,
	"action" text NOT NULL,
	"entity" text,
	"entity_id" text,
	"details" jsonb,
	"ip" text
);
--> statement-breakpoint
CREATE TABLE "sessions" (
	"id" text PRIMARY KEY NOT NULL,
	"user_id" integer NOT NULL,
	"csrf_token" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"ip" text,
	"user_agent" text
);
--> statement-breakpoint
CREATE TABLE "settings" (
	"key" text PRIMARY KEY NOT NULL,
	"value" jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "users_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"username" text NOT NULL,
	"name" text NOT NULL,
	"email" text,
	"password_hash" text NOT NULL,
	"role" text NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_login_at" timestamp with time zone,
	CONSTRAINT "users_role_chk" CHECK ("users"."role" in ('admin','operator','viewer'))
);
--> statement-breakpoint
CREATE TABLE "branches" (
	"id" integer PRIMARY KEY NOT NULL,
	"name" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "cities" (
	"id" integer PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"state" text,
	"name_search" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "condominiums" (
	"id" integer PRIMARY KEY NOT NULL,
	"name" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ftth_boxes" (
	"id" integer PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"pop_id" integer
);
--> statement-breakpoint
CREATE TABLE "nas" (
	"id" integer PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"ip_address" text
);
--> statement-breakpoint
CREATE TABLE "plans" (
	"id" integer PRIMARY KEY NOT NULL,
	"name" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "pops" (
	"id" integer PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"city_id" integer
);
--> statement-breakpoint
CREATE TABLE "radius_groups" (
	"id" integer PRIMARY KEY NOT NULL,
	"name" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "clients" (
	"id" integer PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"fantasy_name" text,
	"person_type" text,
	"cpf_cnpj" text,
	"email" text,
	"phone" text,
	"phone_commercial" text,
	"mobile" text,
	"whatsapp" text,
	"address" text,
	"address_number" text,
	"complement" text,
	"neighbourhood" text,
	"city_id" integer,
	"postal_code" text,
	"condominium_id" integer,
	"branch_id" integer,
	"active" boolean DEFAULT true NOT NULL,
	"opt_out_email" boolean DEFAULT false NOT NULL,
	"opt_out_sms" boolean DEFAULT false NOT NULL,
	"opt_out_whatsapp" boolean DEFAULT false NOT NULL,
	"name_search" text NOT NULL,
	"neighbourhood_search" text,
	"source_updated_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "clients_person_type_chk" CHECK ("clients"."person_type" in ('F','J','E'))
);
--> statement-breakpoint
CREATE TABLE "contracts" (
	"id" integer PRIMARY KEY NOT NULL,
	"client_id" integer NOT NULL,
	"plan_id" integer,
	"description" text,
	"status" text NOT NULL,
	"access_status" text,
	"branch_id" integer,
	"activated_on" date,
	"cancelled_on" date,
	"uses_client_address" boolean DEFAULT true NOT NULL,
	"address" text,
	"address_number" text,
	"neighbourhood" text,
	"city_id" integer,
	"postal_code" text,
	"source_updated_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "contracts_status_chk" CHECK ("contracts"."status" in ('A','I','P','N','D')),
	CONSTRAINT "contracts_access_status_chk" CHECK ("contracts"."access_status" in ('A','D','CM','CA','FA','AA','CE'))
);
--> statement-breakpoint
CREATE TABLE "logins" (
	"id" integer PRIMARY KEY NOT NULL,
	"login" text NOT NULL,
	"client_id" integer NOT NULL,
	"contract_id" integer,
	"active" boolean DEFAULT true NOT NULL,
	"online" text DEFAULT 'SS' NOT NULL,
	"session_started_at" timestamp with time zone,
	"session_ended_at" timestamp with time zone,
	"disconnect_reason" text,
	"disconnect_count" integer,
	"ip_address" text,
	"mac_address" text,
	"onu_mac" text,
	"nas_id" integer,
	"pop_id" integer,
	"ftth_box_id" integer,
	"ftth_port" text,
	"radius_group_id" integer,
	"auth_type" text,
	"connection_type" text,
	"branch_id" integer,
	"uses_client_address" boolean DEFAULT true NOT NULL,
	"address" text,
	"address_number" text,
	"neighbourhood" text,
	"city_id" integer,
	"postal_code" text,
	"latitude" double precision,
	"longitude" double precision,
	"source_updated_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "logins_online_chk" CHECK ("logins"."online" in ('S','N','SS','I')),
	CONSTRAINT "logins_auth_type_chk" CHECK ("logins"."auth_type" in ('L','H','M','V','D','I','E'))
);
--> statement-breakpoint
ALTER TABLE "api_tokens" ADD CONSTRAINT "api_tokens_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audit_log" ADD CONSTRAINT "audit_log_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contracts" ADD CONSTRAINT "contracts_client_id_clients_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."clients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "logins" ADD CONSTRAINT "logins_client_id_clients_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."clients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "logins" ADD CONSTRAINT "logins_contract_id_contracts_id_fk" FOREIGN KEY ("contract_id") REFERENCES "public"."contracts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "api_tokens_user_idx" ON "api_tokens" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "audit_log_at_idx" ON "audit_log" USING btree ("at");--> statement-breakpoint
CREATE INDEX "audit_log_entity_idx" ON "audit_log" USING btree ("entity","entity_id");--> statement-breakpoint
CREATE INDEX "sessions_user_idx" ON "sessions" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "sessions_expires_idx" ON "sessions" USING btree ("expires_at");--> statement-breakpoint
CREATE UNIQUE INDEX "users_username_uq" ON "users" USING btree (lower("username"));--> statement-breakpoint
CREATE INDEX "cities_name_search_idx" ON "cities" USING btree ("name_search");--> statement-breakpoint
CREATE INDEX "clients_city_idx" ON "clients" USING btree ("city_id");--> statement-breakpoint
CREATE INDEX "clients_neighbourhood_idx" ON "clients" USING btree ("neighbourhood_search");--> statement-breakpoint
CREATE INDEX "clients_branch_idx" ON "clients" USING btree ("branch_id");--> statement-breakpoint
CREATE INDEX "clients_cpf_cnpj_idx" ON "clients" USING btree ("cpf_cnpj");--> statement-breakpoint
CREATE INDEX "contracts_client_idx" ON "contracts" USING btree ("client_id");--> statement-breakpoint
CREATE INDEX "contracts_status_idx" ON "contracts" USING btree ("status","access_status");--> statement-breakpoint
CREATE INDEX "logins_login_idx" ON "logins" USING btree ("login");--> statement-breakpoint
CREATE INDEX "logins_client_idx" ON "logins" USING btree ("client_id");--> statement-breakpoint
CREATE INDEX "logins_contract_idx" ON "logins" USING btree ("contract_id");--> statement-breakpoint
CREATE INDEX "logins_nas_online_idx" ON "logins" USING btree ("nas_id","online","session_ended_at");--> statement-breakpoint
CREATE INDEX "logins_online_ended_idx" ON "logins" USING btree ("online","session_ended_at");--> statement-breakpoint
CREATE INDEX "logins_pop_idx" ON "logins" USING btree ("pop_id","online");--> statement-breakpoint
CREATE INDEX "logins_ftth_box_idx" ON "logins" USING btree ("ftth_box_id","online");