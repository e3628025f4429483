/**
 * The ports the unlock service talks to the world through. `@polymancer/db` implements the stores,
 * `@polymancer/kyc` the KYC providers, `@polymancer/billing` turns RevenueCat webhooks into
 * `BillingEvent`s; the app wires the paper record (bots service), credentials (the credential
 * vault), notifications (the outbox) and the audit log.
 */
import type { AccountTier, KycReview, KycStatus, PaperRecordSummary, RequestCountry, UnlockState } from '@polymancer/core';

// ---------------------------------------------------------------- shared services

/** A dotted-verb audit event (structurally `@polymancer/audit`'s `AuditEventInput`). */
export interface UnlockAuditEvent {
  readonly actorId: string | null;
  readonly actorType: 'user' | 'operator' | 'system';
  readonly action: string;
  readonly subjectType?: string | null;
  readonly subjectId?: string | null;
  readonly ip?: string | null;
  readonly userAgent?: string | null;
  readonly details?: Readonly<Record<string, unknown>>;
}

export interface AuditPort {
  record(event: UnlockAuditEvent): Promise<unknown>;
}

/** "The user is told": every state change of the unlock path notifies (the notification outbox). */
export interface Notifier {
  notify(userId: string, kind: string, data: Readonly<Record<string, unknown>>): Promise<void>;
}

/** The bot's own paper record, judged by the bots service's unlock rule. */
export interface PaperRecordPort {
  paperRecord(userId: string, botId: string): Promise<PaperRecordSummary>;
}

/** Requirement 7: whether the user has valid exchange credentials (the credential vault). */
export interface CredentialsPort {
  credentialStatus(userId: string): Promise<{ readonly valid: boolean; readonly reason: string | null }>;
}

/** Who is asking, for the audit trail. */
export interface RequestMeta {
  readonly ip: string | null;
  readonly userAgent: string | null;
}

// ---------------------------------------------------------------- facts and bot unlock state

export interface UserUnlockFacts {
  readonly userId: string;
  readonly tier: AccountTier;
  readonly tierExpiresAt: Date | null;
  readonly tierWillRenew: boolean | null;
  readonly kycStatus: KycStatus;
  readonly kycVerifiedAt: Date | null;
  readonly kycProvider: string | null;
  readonly kycCountry: string | null;
  readonly kycReason: string | null;
  readonly quizPassedAt: Date | null;
  readonly quizFailedAt: readonly Date[];
  readonly acknowledgedAt: Date | null;
  readonly requestCountry: RequestCountry | null;
}

export interface BotRef {
  readonly id: string;
  readonly userId: string;
  readonly name: string;
  readonly type: 'paper' | 'live';
  readonly status: 'active' | 'paused' | 'stopped';
  /** For a live bot: the paper bot whose record and unlock it went live on. */
  readonly sourceBotId: string | null;
}

export interface StoredUnlockState extends UnlockState {
  /** Compare-and-set counter (0 when the bot has no row yet). */
  readonly version: number;
}

export interface UnlockStore {
  userFacts(userId: string): Promise<UserUnlockFacts | undefined>;
  /** The user's bot (not deleted); undefined for another user's or a missing bot. */
  bot(userId: string, botId: string): Promise<BotRef | undefined>;
  listBots(userId: string): Promise<BotRef[]>;
  unlockState(botId: string): Promise<StoredUnlockState>;
  /**
   * Writes `next` only if the stored version is still `expectedVersion` (compare-and-set), and
   * mirrors it on `bots.is_unlocked_for_live` / `unlocked_at` / `kyc_verified`. False if another
   * evaluation moved the bot first.
   */
  saveUnlockState(bot: BotRef, expectedVersion: number, next: UnlockState, at: Date): Promise<boolean>;
  /** Remembers where the user's requests come from (written only when it changed). */
  recordRequestCountry(userId: string, country: RequestCountry, at: Date): Promise<void>;
  /** Bots the sweep must look at: in cooling-off or unlocked, or of users with the quiz passed and the acknowledgment typed. */
  botsToObserve(): Promise<ReadonlyArray<{ readonly userId: string; readonly botId: string }>>;
}

// ---------------------------------------------------------------- quiz and acknowledgment

export interface QuizAttemptRecord {
  readonly id: string;
  readonly userId: string;
  readonly quizVersion: string;
  readonly answers: Readonly<Record<string, string>>;
  readonly score: number;
  readonly passMark: number;
  readonly passed: boolean;
  readonly createdAt: Date;
}

export interface QuizHistory {
  readonly failedAt: readonly Date[];
  readonly passedAt: Date | null;
}

export interface StepsStore {
  /**
   * Under a per-user lock: reads the history, asks `decide` whether and what to record, and records
   * it (a pass also stamps `quiz_passed_at`) — so concurrent submissions cannot exceed the limits.
   */
  recordQuizAttempt<T>(userId: string, decide: (history: QuizHistory) => { readonly record: QuizAttemptRecord | null; readonly result: T }): Promise<T>;
  /** Stamps the acknowledgment once; returns the time it holds (the first one). */
  acknowledge(userId: string, text: string, at: Date): Promise<Date>;
}

// ---------------------------------------------------------------- KYC

/** What a provider's webhook said, after its signature was verified. */
export interface KycWebhookEvent {
  /** SHA-256 (hex) of the raw body: the replay key. */
  readonly digest: string;
  readonly applicantId: string;
  readonly externalUserId: string | null;
  /** `applicantReviewed` → reviewed; `applicantPending`/`applicantOnHold`/`applicantReset` → pending; others ignored. */
  readonly kind: 'reviewed' | 'pending' | 'other';
  readonly eventType: string;
  readonly review: KycReview | null;
  /** The provider's time of the event (orders events; older than the last applied = stale). */
  readonly occurredAt: Date;
}

export interface KycSession {
  readonly applicantId: string;
  /** For the provider's mobile SDK. */
  readonly accessToken: string;
  readonly expiresAt: Date | null;
  readonly levelName: string | null;
}

export type WebhookRefusal = { readonly code: 'missing_signature' | 'bad_signature' | 'unsupported_algorithm' | 'malformed_payload' | 'not_configured' };

export interface KycProvider {
  readonly name: 'sumsub' | 'sandbox';
  /** The sandbox is a demo: it verifies nobody. */
  readonly sandbox: boolean;
  /** Creates (or finds) the user's applicant and issues an SDK access token. */
  startVerification(user: { readonly userId: string; readonly email: string }, now: Date): Promise<KycSession>;
  /** Verifies the webhook's signature over the raw body and parses it. */
  verifyWebhook(rawBody: Uint8Array, headers: Headers): { readonly ok: true; readonly value: KycWebhookEvent } | { readonly ok: false; readonly error: WebhookRefusal };
  /** ISO alpha-2 country of the applicant's verified identity document, if the provider knows it. */
  applicantCountry(applicantId: string): Promise<string | null>;
}

export interface KycRecord {
  readonly userId: string;
  readonly provider: string;
  readonly applicantId: string;
  readonly status: KycStatus;
  readonly country: string | null;
  readonly reason: string | null;
  readonly lastEventAt: Date | null;
}

export interface KycReviewUpdate {
  readonly status: KycStatus;
  readonly reason: string | null;
  readonly review: KycReview | null;
  /** Set only when known (a GREEN review); null keeps the stored country. */
  readonly country: string | null;
  readonly eventAt: Date;
}

export interface KycStore {
  findByUser(userId: string): Promise<KycRecord | undefined>;
  findByApplicant(applicantId: string): Promise<KycRecord | undefined>;
  /** Records the applicant (first one wins) and moves `unverified` to `pending`. */
  saveApplicant(userId: string, provider: string, applicantId: string, at: Date): Promise<KycRecord>;
  webhookSeen(digest: string): Promise<boolean>;
  recordWebhook(event: { readonly digest: string; readonly provider: string; readonly applicantId: string | null; readonly eventType: string; readonly outcome: string; readonly occurredAt: Date | null }, at: Date): Promise<void>;
  /**
   * In one transaction: unless `update.eventAt` is older than the stored last event (stale),
   * sets `users.kyc_status` (and `kyc_verified_at` on verified, null otherwise) and the review.
   */
  applyReview(userId: string, update: KycReviewUpdate, at: Date): Promise<{ readonly outcome: 'applied'; readonly from: KycStatus } | { readonly outcome: 'stale' }>;
}

// ---------------------------------------------------------------- tiers and billing

/** A RevenueCat event in our terms (`@polymancer/billing` parses the wire format). */
export interface BillingEvent {
  readonly id: string;
  readonly type: string;
  /** `app_user_id`, `original_app_user_id` and aliases, in that order: one of them is our user id. */
  readonly appUserIds: readonly string[];
  readonly entitlementIds: readonly string[];
  readonly productId: string | null;
  readonly store: string | null;
  readonly environment: 'SANDBOX' | 'PRODUCTION' | null;
  readonly expiresAt: Date | null;
  readonly eventAt: Date;
}

export interface TierGrant {
  readonly userId: string;
  readonly source: 'operator' | 'revenuecat';
  readonly tier: AccountTier;
  readonly expiresAt: Date | null;
  readonly willRenew: boolean | null;
  readonly lastEventAt: Date | null;
}

export interface TierChange {
  readonly tier: AccountTier;
  readonly source: 'operator' | 'revenuecat';
  readonly productId?: string | null;
  readonly entitlementId?: string | null;
  readonly store?: string | null;
  readonly environment?: string | null;
  readonly expiresAt: Date | null;
  readonly willRenew: boolean | null;
  /** The billing event's time; a change older than the stored one is stale. Null for operator changes. */
  readonly eventAt: Date | null;
}

export interface TierStore {
  /** The first of `candidates` that is one of our users. */
  resolveUser(candidates: readonly string[]): Promise<string | undefined>;
  userExists(userId: string): Promise<boolean>;
  grant(userId: string): Promise<TierGrant | undefined>;
  /** In one transaction (user row locked): stale check, `users.tier`, the grant row. `from` is the tier before. */
  applyTier(userId: string, change: TierChange, at: Date): Promise<{ readonly outcome: 'applied'; readonly from: AccountTier } | { readonly outcome: 'stale' }>;
  billingEventSeen(id: string): Promise<boolean>;
  recordBillingEvent(event: { readonly id: string; readonly provider: string; readonly eventType: string; readonly appUserId: string | null; readonly userId: string | null; readonly outcome: string; readonly eventAt: Date | null }, at: Date): Promise<void>;
  /** RevenueCat grants whose expiry passed before `before` and that are still paid (the EXPIRATION webhook never came). */
  expiredGrants(before: Date): Promise<readonly string[]>;
}

// ---------------------------------------------------------------- go-live and live bots

export type LiveCopyOutcome =
  | { readonly outcome: 'created'; readonly liveBotId: string }
  | { readonly outcome: 'already_live'; readonly liveBotId: string }
  | { readonly outcome: 'not_found' };

export interface LiveBotStore {
  /**
   * In one transaction, the paper bot's row locked: unless it already has a live bot that is not
   * deleted, inserts a live bot with the paper bot's settings (name `name`, fee model Polymarket's,
   * paper realism off, no balance, status active), its `bot_unlocks` row (unlocked), and the activation.
   */
  createLiveCopy(input: { readonly userId: string; readonly paperBotId: string; readonly liveBotId: string; readonly activationId: string; readonly name: string; readonly unlock: UnlockState; readonly at: Date }): Promise<LiveCopyOutcome>;
  /**
   * Shadow trading on or off for the user's live bot `botId` (not deleted); `not_found` when there
   * is no such bot, `not_live` when it is a paper bot, else whether the value changed.
   */
  setShadowMode(input: { readonly userId: string; readonly botId: string; readonly enabled: boolean; readonly at: Date }): Promise<{ readonly outcome: 'not_found' } | { readonly outcome: 'not_live' } | { readonly outcome: 'set'; readonly changed: boolean }>;
  /** Pauses the user's active live bots (or just `botId`); returns the ids it paused. */
  pauseLiveBots(userId: string, at: Date, botId?: string): Promise<readonly string[]>;
}
