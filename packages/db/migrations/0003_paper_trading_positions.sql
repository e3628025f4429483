DROP INDEX "trade_logs_bot_tick_market_uq";--> statement-breakpoint
ALTER TABLE "bots" ADD COLUMN "day_realized_pnl_micros" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "bot_positions" ADD COLUMN "fees_paid_micros" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "trade_logs_bot_tick_token_uq" ON "trade_logs" USING btree ("bot_id","tick_key","market_id","token_id");