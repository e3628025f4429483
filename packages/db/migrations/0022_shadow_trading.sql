CREATE TABLE "shadow_pairs" (
	"live_order_id" text PRIMARY KEY NOT NULL,
	"user_id" text NOT NULL,
	"bot_id" text NOT NULL,
	"decision_id" text NOT NULL,
	"tick_key" text NOT NULL,
	"condition_id" text NOT NULL,
	"token_id" text NOT NULL,
	"side" "order_side" NOT NULL,
	"paper_trade_id" text NOT NULL,
	"decided_at" timestamp with time zone NOT NULL,
	"signed_at" timestamp with time zone NOT NULL,
	"answered_at" timestamp with time zone,
	"best_price_micros" bigint,
	"paper_filled" boolean NOT NULL,
	"paper_rejection_code" text,
	"paper_shares_micros" bigint,
	"paper_notional_micros" bigint,
	"paper_price_micros" bigint,
	"paper_fee_micros" bigint,
	"paper_slippage_bps" integer,
	"live_predicted_price_micros" bigint NOT NULL,
	"live_predicted_slippage_bps" integer NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "bots" ADD COLUMN "shadow_mode" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "shadow_pairs" ADD CONSTRAINT "shadow_pairs_live_order_id_live_orders_id_fk" FOREIGN KEY ("live_order_id") REFERENCES "public"."live_orders"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "shadow_pairs" ADD CONSTRAINT "shadow_pairs_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "shadow_pairs" ADD CONSTRAINT "shadow_pairs_bot_id_bots_id_fk" FOREIGN KEY ("bot_id") REFERENCES "public"."bots"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "shadow_pairs_bot_decided_idx" ON "shadow_pairs" USING btree ("bot_id","decided_at");