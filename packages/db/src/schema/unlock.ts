/**
 * The unlock path (issue 19): identity verification, the risk quiz, the typed acknowledgment, each
 * bot's unlock state, go-live activations, paid tiers and the provider webhooks we accepted.
 * Times are timestamptz; countries ISO 3166-1 alpha-2.
 */
import { boolean, index, integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { bots } from './bots.ts';
import { users } from './users.ts';

const tz = { withTimezone: true, mode: 'date' } as const;

/** One identity verification per user: the provider's applicant and its latest review. `users.kyc_status` is the verdict. */
export const kycVerifications = pgTable('kyc_verifications', {
  userId: text('user_id').primaryKey().references(() => users.id, { onDelete: 'cascade' }),
  /** `sumsub` or `sandbox` (a demo: never an identity check). */
  provider: text('provider').notNull(),
  applicantId: text('applicant_id').notNull().unique(),
  reviewAnswer: text('review_answer'),
  rejectType: text('reject_type'),
  rejectLabels: jsonb('reject_labels').$type<readonly string[]>().notNull().default([]),
  /** The provider's user-facing reason (never its internal comment). */
  reason: text('reason'),
  /** Country of the verified identity document. */
  country: text('country'),
  /** Provider time of the latest review event applied; older events are stale. */
  lastEventAt: timestamp('last_event_at', tz),
  createdAt: timestamp('created_at', tz).notNull(),
  updatedAt: timestamp('updated_at', tz).notNull(),
});

/** Every verified provider webhook, keyed by the SHA-256 of its raw body: a replay is recognised and ignored. */
export const kycWebhookEvents = pgTable('kyc_webhook_events', {
  digest: text('digest').primaryKey(),
  provider: text('provider').notNull(),
  applicantId: text('applicant_id'),
  eventType: text('event_type').notNull(),
  /** `applied`, `stale`, `unknown_applicant`, `ignored`. */
  outcome: text('outcome').notNull(),
  occurredAt: timestamp('occurred_at', tz),
  receivedAt: timestamp('received_at', tz).notNull(),
});

export const riskQuizAttempts = pgTable(
  'risk_quiz_attempts',
  {
    id: text('id').primaryKey(),
    userId: text('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
    quizVersion: text('quiz_version').notNull(),
    answers: jsonb('answers').$type<Readonly<Record<string, string>>>().notNull(),
    score: integer('score').notNull(),
    passMark: integer('pass_mark').notNull(),
    passed: boolean('passed').notNull(),
    createdAt: timestamp('created_at', tz).notNull(),
  },
  (t) => [index('risk_quiz_attempts_user_created_idx').on(t.userId, t.createdAt)],
);

/** The user's one-time unlock steps and the country their requests were last seen from. */
export const userUnlockSteps = pgTable('user_unlock_steps', {
  userId: text('user_id').primaryKey().references(() => users.id, { onDelete: 'cascade' }),
  quizPassedAt: timestamp('quiz_passed_at', tz),
  acknowledgedAt: timestamp('acknowledged_at', tz),
  acknowledgmentText: text('acknowledgment_text'),
  requestCountry: text('request_country'),
  /** `header`, `geoip`, `local` or `unknown`. */
  requestCountrySource: text('request_country_source'),
  requestCountrySeenAt: timestamp('request_country_seen_at', tz),
  updatedAt: timestamp('updated_at', tz).notNull(),
});

/** Each bot's place in the unlock state machine (`bots.is_unlocked_for_live`/`unlocked_at` mirror it). */
export const botUnlocks = pgTable(
  'bot_unlocks',
  {
    botId: text('bot_id').primaryKey().references(() => bots.id, { onDelete: 'cascade' }),
    userId: text('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
    /** `locked`, `cooling_off`, `unlocked`. */
    state: text('state').notNull(),
    coolingOffStartedAt: timestamp('cooling_off_started_at', tz),
    unlockedAt: timestamp('unlocked_at', tz),
    /** Compare-and-set counter: a transition applies once however many evaluations race. */
    version: integer('version').notNull().default(0),
    updatedAt: timestamp('updated_at', tz).notNull(),
  },
  (t) => [index('bot_unlocks_user_idx').on(t.userId)],
);

/** Go-live: the live bot created from an unlocked paper bot. */
export const liveActivations = pgTable(
  'live_activations',
  {
    id: text('id').primaryKey(),
    userId: text('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
    paperBotId: text('paper_bot_id').notNull().references(() => bots.id, { onDelete: 'cascade' }),
    liveBotId: text('live_bot_id').notNull().unique().references(() => bots.id, { onDelete: 'cascade' }),
    activatedAt: timestamp('activated_at', tz).notNull(),
  },
  (t) => [index('live_activations_paper_bot_idx').on(t.paperBotId)],
);

/** Where a user's paid tier comes from: an operator's grant or a RevenueCat subscription. `users.tier` is the effective tier. */
export const tierGrants = pgTable('tier_grants', {
  userId: text('user_id').primaryKey().references(() => users.id, { onDelete: 'cascade' }),
  /** `operator` or `revenuecat`. */
  source: text('source').notNull(),
  tier: text('tier').notNull(),
  productId: text('product_id'),
  entitlementId: text('entitlement_id'),
  store: text('store'),
  environment: text('environment'),
  expiresAt: timestamp('expires_at', tz),
  /** False after a CANCELLATION: access continues until `expires_at`. */
  willRenew: boolean('will_renew'),
  /** Time of the latest billing event applied; older events are stale. */
  lastEventAt: timestamp('last_event_at', tz),
  updatedAt: timestamp('updated_at', tz).notNull(),
});

/** Every billing webhook event accepted, by the provider's event id (RevenueCat retries deliver the same id). */
export const billingEvents = pgTable('billing_events', {
  id: text('id').primaryKey(),
  provider: text('provider').notNull(),
  eventType: text('event_type').notNull(),
  appUserId: text('app_user_id'),
  userId: text('user_id'),
  /** `applied`, `stale`, `unknown_user`, `ignored`, `sandbox_ignored`. */
  outcome: text('outcome').notNull(),
  eventAt: timestamp('event_at', tz),
  receivedAt: timestamp('received_at', tz).notNull(),
});
