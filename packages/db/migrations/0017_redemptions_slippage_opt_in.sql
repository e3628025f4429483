CREATE TABLE "redemptions" (
	"id" text PRIMARY KEY NOT NULL,
	"user_id" text NOT NULL,
	"credential_id" text NOT NULL,
	"wallet_type" integer NOT NULL,
	"wallet_address" text NOT NULL,
	"condition_id" text NOT NULL,
	"adapter" text NOT NULL,
	"status" text NOT NULL,
	"signed_payload" jsonb,
	"tx_hash" varchar(66),
	"proceeds_micros" bigint,
	"credited_micros" bigint,
	"attempts" integer DEFAULT 0 NOT NULL,
	"error_code" text,
	"error_message" text,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"redeemed_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "bots" ADD COLUMN "auto_tighten_slippage" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "bots" ADD COLUMN "slippage_tightened_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "redemptions" ADD CONSTRAINT "redemptions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "redemptions_user_wallet_condition_uq" ON "redemptions" USING btree ("user_id","wallet_address","condition_id");--> statement-breakpoint
CREATE INDEX "redemptions_open_idx" ON "redemptions" USING btree ("updated_at") WHERE status in ('claimed', 'signed', 'submitted');