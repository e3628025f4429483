CREATE TABLE "circuit_breakers" (
	"name" text PRIMARY KEY NOT NULL,
	"open" boolean DEFAULT false NOT NULL,
	"opened_at" timestamp with time zone,
	"reason" text,
	"details" jsonb,
	"resumed_at" timestamp with time zone,
	"resumed_by" text,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "live_health_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"ok" boolean NOT NULL,
	"status" integer,
	"bot_id" text,
	"code" text
);
--> statement-breakpoint
CREATE TABLE "live_risk_bot_days" (
	"bot_id" text NOT NULL,
	"utc_day" text NOT NULL,
	"loss_micros" bigint DEFAULT 0 NOT NULL,
	"in_flight_worst_micros" bigint DEFAULT 0 NOT NULL,
	"volume_micros" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "live_risk_bot_days_bot_id_utc_day_pk" PRIMARY KEY("bot_id","utc_day")
);
--> statement-breakpoint
CREATE TABLE "live_risk_reservations" (
	"id" text PRIMARY KEY NOT NULL,
	"bot_id" text NOT NULL,
	"user_id" text NOT NULL,
	"utc_day" text NOT NULL,
	"worst_loss_micros" bigint NOT NULL,
	"volume_micros" bigint NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"settled_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "live_risk_user_days" (
	"user_id" text NOT NULL,
	"utc_day" text NOT NULL,
	"volume_micros" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "live_risk_user_days_user_id_utc_day_pk" PRIMARY KEY("user_id","utc_day")
);
--> statement-breakpoint
ALTER TABLE "live_risk_bot_days" ADD CONSTRAINT "live_risk_bot_days_bot_id_bots_id_fk" FOREIGN KEY ("bot_id") REFERENCES "public"."bots"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "live_risk_reservations" ADD CONSTRAINT "live_risk_reservations_bot_id_bots_id_fk" FOREIGN KEY ("bot_id") REFERENCES "public"."bots"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "live_risk_user_days" ADD CONSTRAINT "live_risk_user_days_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "live_health_events_kind_at_idx" ON "live_health_events" USING btree ("kind","at");--> statement-breakpoint
CREATE INDEX "live_risk_reservations_open_idx" ON "live_risk_reservations" USING btree ("bot_id") WHERE settled_at is null;