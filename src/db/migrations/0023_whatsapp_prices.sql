ALTER TABLE "send_settings" ADD COLUMN "whatsapp_price_utility" double precision DEFAULT 0.0068 NOT NULL;--> statement-breakpoint
ALTER TABLE "send_settings" ADD COLUMN "whatsapp_price_marketing" double precision DEFAULT 0.0625 NOT NULL;--> statement-breakpoint
ALTER TABLE "send_settings" ADD COLUMN "whatsapp_price_authentication" double precision DEFAULT 0.0068 NOT NULL;--> statement-breakpoint
ALTER TABLE "send_settings" ADD COLUMN "whatsapp_currency" text DEFAULT 'USD' NOT NULL;--> statement-breakpoint
ALTER TABLE "send_settings" ADD CONSTRAINT "send_settings_whatsapp_prices_chk" CHECK ("send_settings"."whatsapp_price_utility" >= 0 and "send_settings"."whatsapp_price_marketing" >= 0 and "send_settings"."whatsapp_price_authentication" >= 0);--> statement-breakpoint
ALTER TABLE "send_settings" ADD CONSTRAINT "send_settings_whatsapp_currency_chk" CHECK ("send_settings"."whatsapp_currency" ~ '^[A-Z]{3}$');