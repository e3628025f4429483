CREATE TABLE "bot_tick_schedules" (
	"bot_id" text PRIMARY KEY NOT NULL,
	"user_id" text NOT NULL,
	"lane" text NOT NULL,
	"interval_secs" integer NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"lease_owner" text,
	"lease_expires_at" timestamp with time zone,
	"attempts" integer DEFAULT 0 NOT NULL,
	"missed_slots" bigint DEFAULT 0 NOT NULL,
	"late_ticks" bigint DEFAULT 0 NOT NULL,
	"failed_ticks" bigint DEFAULT 0 NOT NULL,
	"last_lateness_ms" integer,
	"last_tick_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "bot_tick_schedules" ADD CONSTRAINT "bot_tick_schedules_bot_id_bots_id_fk" FOREIGN KEY ("bot_id") REFERENCES "public"."bots"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "bot_tick_schedules_lane_due_idx" ON "bot_tick_schedules" USING btree ("lane","due_at");