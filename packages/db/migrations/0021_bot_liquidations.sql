CREATE TABLE "bot_liquidations" (
	"id" text PRIMARY KEY NOT NULL,
	"bot_id" text NOT NULL,
	"user_id" text NOT NULL,
	"type" text NOT NULL,
	"requested_by_type" text NOT NULL,
	"requested_by" text NOT NULL,
	"reason" text NOT NULL,
	"status" text NOT NULL,
	"results" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"proceeds_micros" bigint DEFAULT 0 NOT NULL,
	"fees_micros" bigint DEFAULT 0 NOT NULL,
	"liquidation_pnl_micros" bigint DEFAULT 0 NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "live_orders" ADD COLUMN "purpose" text DEFAULT 'trade' NOT NULL;--> statement-breakpoint
ALTER TABLE "bot_liquidations" ADD CONSTRAINT "bot_liquidations_bot_id_bots_id_fk" FOREIGN KEY ("bot_id") REFERENCES "public"."bots"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bot_liquidations" ADD CONSTRAINT "bot_liquidations_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "bot_liquidations_bot_started_idx" ON "bot_liquidations" USING btree ("bot_id","started_at");