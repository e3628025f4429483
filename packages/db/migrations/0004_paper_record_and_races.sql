ALTER TABLE "bots" ADD COLUMN "version" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "trade_logs" ADD COLUMN "counts_for_unlock" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "trade_logs" ADD COLUMN "unlock_exclusions" jsonb;