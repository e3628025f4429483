CREATE TABLE "credential_export_requests" (
	"id" text PRIMARY KEY NOT NULL,
	"user_id" text NOT NULL,
	"credential_id" text NOT NULL,
	"status" text NOT NULL,
	"requested_at" timestamp with time zone NOT NULL,
	"completable_at" timestamp with time zone NOT NULL,
	"completed_at" timestamp with time zone,
	"cancelled_at" timestamp with time zone,
	"ip" text,
	"user_agent" text
);
--> statement-breakpoint
CREATE TABLE "exchange_credentials" (
	"id" text PRIMARY KEY NOT NULL,
	"user_id" text NOT NULL,
	"wallet_type" smallint NOT NULL,
	"signer_address" text NOT NULL,
	"funder_address" text NOT NULL,
	"lifecycle" text NOT NULL,
	"validation_status" text NOT NULL,
	"validation_reason" text,
	"key_id" text NOT NULL,
	"api_key_enc" text NOT NULL,
	"api_secret_enc" text NOT NULL,
	"api_passphrase_enc" text NOT NULL,
	"private_key_enc" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"validated_at" timestamp with time zone NOT NULL,
	"rotation_reminded_at" timestamp with time zone,
	"rotation_paused_at" timestamp with time zone,
	"deprecated_at" timestamp with time zone,
	"overlap_ends_at" timestamp with time zone,
	"replaced_by" text
);
--> statement-breakpoint
ALTER TABLE "credential_export_requests" ADD CONSTRAINT "credential_export_requests_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exchange_credentials" ADD CONSTRAINT "exchange_credentials_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "credential_export_requests_one_pending_idx" ON "credential_export_requests" USING btree ("user_id") WHERE "credential_export_requests"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "credential_export_requests_user_idx" ON "credential_export_requests" USING btree ("user_id","requested_at");--> statement-breakpoint
CREATE UNIQUE INDEX "exchange_credentials_one_active_idx" ON "exchange_credentials" USING btree ("user_id") WHERE "exchange_credentials"."lifecycle" = 'active';--> statement-breakpoint
CREATE INDEX "exchange_credentials_user_idx" ON "exchange_credentials" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "exchange_credentials_key_idx" ON "exchange_credentials" USING btree ("key_id");