ALTER TABLE "bots" ADD COLUMN "daily_loss_stopped_day" date;--> statement-breakpoint
ALTER TABLE "bots" ADD COLUMN "daily_loss_exits_allowed" boolean DEFAULT false NOT NULL;