CREATE TABLE "billing_events" (
	"id" text PRIMARY KEY NOT NULL,
	"provider" text NOT NULL,
	"event_type" text NOT NULL,
	"app_user_id" text,
	"user_id" text,
	"outcome" text NOT NULL,
	"event_at" timestamp with time zone,
	"received_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "bot_unlocks" (
	"bot_id" text PRIMARY KEY NOT NULL,
	"user_id" text NOT NULL,
	"state" text NOT NULL,
	"cooling_off_started_at" timestamp with time zone,
	"unlocked_at" timestamp with time zone,
	"version" integer DEFAULT 0 NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "kyc_verifications" (
	"user_id" text PRIMARY KEY NOT NULL,
	"provider" text NOT NULL,
	"applicant_id" text NOT NULL,
	"review_answer" text,
	"reject_type" text,
	"reject_labels" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"reason" text,
	"country" text,
	"last_event_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "kyc_verifications_applicant_id_unique" UNIQUE("applicant_id")
);
--> statement-breakpoint
CREATE TABLE "kyc_webhook_events" (
	"digest" text PRIMARY KEY NOT NULL,
	"provider" text NOT NULL,
	"applicant_id" text,
	"event_type" text NOT NULL,
	"outcome" text NOT NULL,
	"occurred_at" timestamp with time zone,
	"received_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "live_activations" (
	"id" text PRIMARY KEY NOT NULL,
	"user_id" text NOT NULL,
	"paper_bot_id" text NOT NULL,
	"live_bot_id" text NOT NULL,
	"activated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "live_activations_live_bot_id_unique" UNIQUE("live_bot_id")
);
--> statement-breakpoint
CREATE TABLE "risk_quiz_attempts" (
	"id" text PRIMARY KEY NOT NULL,
	"user_id" text NOT NULL,
	"quiz_version" text NOT NULL,
	"answers" jsonb NOT NULL,
	"score" integer NOT NULL,
	"pass_mark" integer NOT NULL,
	"passed" boolean NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "tier_grants" (
	"user_id" text PRIMARY KEY NOT NULL,
	"source" text NOT NULL,
	"tier" text NOT NULL,
	"product_id" text,
	"entitlement_id" text,
	"store" text,
	"environment" text,
	"expires_at" timestamp with time zone,
	"will_renew" boolean,
	"last_event_at" timestamp with time zone,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "user_unlock_steps" (
	"user_id" text PRIMARY KEY NOT NULL,
	"quiz_passed_at" timestamp with time zone,
	"acknowledged_at" timestamp with time zone,
	"acknowledgment_text" text,
	"request_country" text,
	"request_country_source" text,
	"request_country_seen_at" timestamp with time zone,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "bot_unlocks" ADD CONSTRAINT "bot_unlocks_bot_id_bots_id_fk" FOREIGN KEY ("bot_id") REFERENCES "public"."bots"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bot_unlocks" ADD CONSTRAINT "bot_unlocks_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kyc_verifications" ADD CONSTRAINT "kyc_verifications_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "live_activations" ADD CONSTRAINT "live_activations_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "live_activations" ADD CONSTRAINT "live_activations_paper_bot_id_bots_id_fk" FOREIGN KEY ("paper_bot_id") REFERENCES "public"."bots"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "live_activations" ADD CONSTRAINT "live_activations_live_bot_id_bots_id_fk" FOREIGN KEY ("live_bot_id") REFERENCES "public"."bots"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risk_quiz_attempts" ADD CONSTRAINT "risk_quiz_attempts_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tier_grants" ADD CONSTRAINT "tier_grants_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "user_unlock_steps" ADD CONSTRAINT "user_unlock_steps_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "bot_unlocks_user_idx" ON "bot_unlocks" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "live_activations_paper_bot_idx" ON "live_activations" USING btree ("paper_bot_id");--> statement-breakpoint
CREATE INDEX "risk_quiz_attempts_user_created_idx" ON "risk_quiz_attempts" USING btree ("user_id","created_at");