CREATE TABLE "settlement_transactions" (
	"id" text PRIMARY KEY NOT NULL,
	"user_id" text NOT NULL,
	"bot_id" text,
	"kind" text NOT NULL,
	"live_order_id" text,
	"trade_log_id" text,
	"tx_hash" varchar(66) NOT NULL,
	"status" text NOT NULL,
	"confirmations" integer DEFAULT 0 NOT NULL,
	"block_number" bigint,
	"block_hash" varchar(66),
	"reorgs" integer DEFAULT 0 NOT NULL,
	"submitted_at" timestamp with time zone NOT NULL,
	"pending_since" timestamp with time zone NOT NULL,
	"alerted_at" timestamp with time zone,
	"last_checked_at" timestamp with time zone,
	"confirmed_at" timestamp with time zone,
	"finalized_at" timestamp with time zone,
	"failed_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "settlement_transactions" ADD CONSTRAINT "settlement_transactions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "settlement_transactions_tx_hash_uq" ON "settlement_transactions" USING btree ("tx_hash");--> statement-breakpoint
CREATE INDEX "settlement_transactions_open_idx" ON "settlement_transactions" USING btree ("last_checked_at") WHERE status in ('submitted', 'pending', 'confirmed');--> statement-breakpoint
CREATE INDEX "settlement_transactions_user_idx" ON "settlement_transactions" USING btree ("user_id","submitted_at");