CREATE TABLE "bot_positions" (
	"bot_id" text NOT NULL,
	"token_id" text NOT NULL,
	"condition_id" text NOT NULL,
	"outcome" text NOT NULL,
	"shares_micros" bigint DEFAULT 0 NOT NULL,
	"cost_basis_micros" bigint DEFAULT 0 NOT NULL,
	"realized_pnl_micros" bigint DEFAULT 0 NOT NULL,
	"mark_price_micros" bigint,
	"settled_at" timestamp with time zone,
	"settlement_price_micros" bigint,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "bot_positions_bot_id_token_id_pk" PRIMARY KEY("bot_id","token_id")
);
--> statement-breakpoint
CREATE TABLE "bot_decisions" (
	"id" text PRIMARY KEY NOT NULL,
	"bot_id" text NOT NULL,
	"user_id" text NOT NULL,
	"tick_key" text NOT NULL,
	"condition_id" text NOT NULL,
	"strategy_kind" text NOT NULL,
	"kind" text NOT NULL,
	"hold_code" text,
	"side" text,
	"token_id" text,
	"amount_micros" bigint,
	"shares_micros" bigint,
	"limit_price_micros" bigint,
	"reasoning" text NOT NULL,
	"confidence_per_mille" integer,
	"input_tokens" integer,
	"output_tokens" integer,
	"cost_micros" bigint,
	"trade_log_id" text,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "bot_tick_runs" (
	"bot_id" text NOT NULL,
	"tick_key" text NOT NULL,
	"outcome" text NOT NULL,
	"trades" integer DEFAULT 0 NOT NULL,
	"rejections" integer DEFAULT 0 NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"finished_at" timestamp with time zone NOT NULL,
	CONSTRAINT "bot_tick_runs_bot_id_tick_key_pk" PRIMARY KEY("bot_id","tick_key")
);
--> statement-breakpoint
CREATE TABLE "bot_pnl_snapshots" (
	"id" text PRIMARY KEY NOT NULL,
	"bot_id" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"balance_micros" bigint NOT NULL,
	"positions_value_micros" bigint NOT NULL,
	"equity_micros" bigint NOT NULL,
	"realized_pnl_micros" bigint NOT NULL,
	"unrealized_pnl_micros" bigint NOT NULL
);
--> statement-breakpoint
ALTER TABLE "bots" ADD COLUMN "watched_markets" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "bots" ADD COLUMN "strategy_kind" text DEFAULT 'mean-reversion' NOT NULL;--> statement-breakpoint
ALTER TABLE "bots" ADD COLUMN "strategy_params" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "bots" ADD COLUMN "interval_secs" integer DEFAULT 60 NOT NULL;--> statement-breakpoint
ALTER TABLE "bots" ADD COLUMN "starting_balance_micros" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "bots" ADD COLUMN "paper_balance_micros" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "bots" ADD COLUMN "max_trade_size_micros" bigint;--> statement-breakpoint
ALTER TABLE "bots" ADD COLUMN "max_position_per_market_micros" bigint;--> statement-breakpoint
ALTER TABLE "bots" ADD COLUMN "daily_loss_limit_micros" bigint;--> statement-breakpoint
ALTER TABLE "bots" ADD COLUMN "max_slippage_bps" integer;--> statement-breakpoint
ALTER TABLE "bots" ADD COLUMN "max_price_movement_bps" integer DEFAULT 100 NOT NULL;--> statement-breakpoint
ALTER TABLE "bots" ADD COLUMN "max_market_impact_bps" integer DEFAULT 1000 NOT NULL;--> statement-breakpoint
ALTER TABLE "bots" ADD COLUMN "fee_model" text DEFAULT 'flat' NOT NULL;--> statement-breakpoint
ALTER TABLE "bots" ADD COLUMN "flat_fee_bps" integer DEFAULT 200 NOT NULL;--> statement-breakpoint
ALTER TABLE "bots" ADD COLUMN "realism_enabled" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "bots" ADD COLUMN "artificial_delay_ms" integer DEFAULT 200 NOT NULL;--> statement-breakpoint
ALTER TABLE "bots" ADD COLUMN "stale_book_ms" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "bots" ADD COLUMN "midpoint_history" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "bots" ADD COLUMN "pnl_day" date;--> statement-breakpoint
ALTER TABLE "bots" ADD COLUMN "day_start_equity_micros" bigint;--> statement-breakpoint
ALTER TABLE "bots" ADD COLUMN "first_paper_trade_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "bots" ADD COLUMN "last_tick_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "bots" ADD COLUMN "deleted_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "trade_logs" ADD COLUMN "kind" text DEFAULT 'trade' NOT NULL;--> statement-breakpoint
ALTER TABLE "trade_logs" ADD COLUMN "tick_key" text;--> statement-breakpoint
ALTER TABLE "trade_logs" ADD COLUMN "decision_id" text;--> statement-breakpoint
ALTER TABLE "trade_logs" ADD COLUMN "market_impact_bps" integer;--> statement-breakpoint
ALTER TABLE "trade_logs" ADD COLUMN "fee_model" text;--> statement-breakpoint
ALTER TABLE "trade_logs" ADD COLUMN "latency_ms" integer;--> statement-breakpoint
ALTER TABLE "trade_logs" ADD COLUMN "book_age_ms" integer;--> statement-breakpoint
ALTER TABLE "trade_logs" ADD COLUMN "realized_pnl_micros" bigint;--> statement-breakpoint
ALTER TABLE "bot_positions" ADD CONSTRAINT "bot_positions_bot_id_bots_id_fk" FOREIGN KEY ("bot_id") REFERENCES "public"."bots"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bot_decisions" ADD CONSTRAINT "bot_decisions_bot_id_bots_id_fk" FOREIGN KEY ("bot_id") REFERENCES "public"."bots"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bot_decisions" ADD CONSTRAINT "bot_decisions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bot_tick_runs" ADD CONSTRAINT "bot_tick_runs_bot_id_bots_id_fk" FOREIGN KEY ("bot_id") REFERENCES "public"."bots"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bot_pnl_snapshots" ADD CONSTRAINT "bot_pnl_snapshots_bot_id_bots_id_fk" FOREIGN KEY ("bot_id") REFERENCES "public"."bots"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "bot_positions_condition_idx" ON "bot_positions" USING btree ("condition_id");--> statement-breakpoint
CREATE INDEX "bot_decisions_bot_created_idx" ON "bot_decisions" USING btree ("bot_id","created_at");--> statement-breakpoint
CREATE INDEX "bot_pnl_snapshots_bot_at_idx" ON "bot_pnl_snapshots" USING btree ("bot_id","at");--> statement-breakpoint
CREATE UNIQUE INDEX "trade_logs_bot_tick_market_uq" ON "trade_logs" USING btree ("bot_id","tick_key","market_id");