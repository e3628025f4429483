/**
 * Identity verification as a use case: start a verification with the configured provider, accept
 * its review webhooks (signature verified by the provider adapter, replays and stale events
 * ignored), and — with the sandbox provider only — let a user conclude their own demo review.
 *
 * Guarantees
 * - A webhook changes state only if its signature verifies; the same body twice (a replay, or the
 *   provider's retry) is applied once; an event older than the last applied is ignored, so an old
 *   GREEN replayed after a RED cannot verify anyone.
 * - `users.kyc_status` moves by core's `nextKycStatus`; `kyc_verified_at` is set on verified and
 *   cleared otherwise; the document's country is stored from the provider on GREEN.
 * - Every status change is audited and notified, and the user's bots are re-observed.
 */
import { type KycReview, type KycSignal, type KycStatus, nextKycStatus, NotFoundError, normaliseCountry } from '@polymancer/core';
import type { UnlockDeps } from '../deps.ts';
import type { Eligibility } from '../eligibility/eligibility.ts';
import { KycConcludedError, WebhookUnauthorizedError } from '../errors.ts';
import type { KycRecord, KycSession, RequestMeta } from '../ports.ts';

export interface KycStatusView {
  readonly status: KycStatus;
  readonly provider: string;
  readonly sandbox: boolean;
  readonly verifiedAt: Date | null;
  readonly country: string | null;
  readonly reason: string | null;
}

export type WebhookOutcome = 'applied' | 'unchanged' | 'duplicate' | 'stale' | 'unknown_applicant' | 'ignored';

const notice: Record<KycStatus, string> = { unverified: 'kyc.unverified', pending: 'kyc.pending', verified: 'kyc.verified', rejected: 'kyc.rejected' };

export function createKyc(deps: UnlockDeps, eligibility: Eligibility) {
  const provider = deps.kyc;

  async function apply(
    record: KycRecord,
    signal: KycSignal,
    eventAt: Date,
    source: { readonly actorType: 'system' | 'user'; readonly via: string; readonly statedCountry?: string | null },
  ): Promise<'applied' | 'unchanged' | 'stale'> {
    const next = nextKycStatus(record.status, signal);
    const review: KycReview | null = signal.kind === 'reviewed' ? signal.review : null;
    let country: string | null = null;
    if (next.status === 'verified') {
      // The sandbox has no document to read a country from: the demo user states it.
      country = normaliseCountry(record.provider === 'sandbox' ? (source.statedCountry ?? null) : await provider.applicantCountry(record.applicantId));
    }
    const outcome = await deps.kycStore.applyReview(record.userId, { status: next.status, reason: next.reason, review, country, eventAt }, deps.clock.now());
    if (outcome.outcome === 'stale') return 'stale';
    if (outcome.from === next.status && next.reason === record.reason) return 'unchanged';
    await deps.audit.record({
      actorId: source.actorType === 'user' ? record.userId : null,
      actorType: source.actorType,
      action: 'kyc.status.changed',
      subjectType: 'user',
      subjectId: record.userId,
      details: {
        from: outcome.from,
        to: next.status,
        provider: record.provider,
        via: source.via,
        answer: review?.answer ?? null,
        rejectType: review?.answer === 'RED' ? review.rejectType : null,
        rejectLabels: review?.answer === 'RED' ? review.labels : [],
        country: country ?? record.country,
      },
    });
    await deps.notifier
      .notify(record.userId, next.status === 'pending' && next.reason !== null ? 'kyc.retry' : notice[next.status], { status: next.status, reason: next.reason, provider: record.provider })
      .catch((e: unknown) => deps.onBackgroundError?.(e, 'notify'));
    await eligibility.observeUser(record.userId);
    return 'applied';
  }

  return {
    provider: { name: provider.name, sandbox: provider.sandbox },

    async status(userId: string): Promise<KycStatusView> {
      const [facts, record] = await Promise.all([deps.store.userFacts(userId), deps.kycStore.findByUser(userId)]);
      if (facts === undefined) throw new NotFoundError('User');
      return {
        status: facts.kycStatus,
        provider: record?.provider ?? provider.name,
        sandbox: (record?.provider ?? provider.name) === 'sandbox',
        verifiedAt: facts.kycVerifiedAt,
        country: record?.country ?? null,
        reason: record?.reason ?? null,
      };
    },

    /** Creates the applicant (once) and an SDK access token; `unverified` → `pending`. */
    async start(user: { readonly userId: string; readonly email: string }, meta: RequestMeta): Promise<KycSession & { readonly provider: string; readonly sandbox: boolean }> {
      const existing = await deps.kycStore.findByUser(user.userId);
      if (existing?.status === 'verified' || (existing?.status === 'rejected')) {
        throw new KycConcludedError(existing.status === 'verified' ? 'Your identity is already verified' : 'Your identity verification was finally rejected', { details: { status: existing.status } });
      }
      const session = await provider.startVerification(user, deps.clock.now());
      const record = await deps.kycStore.saveApplicant(user.userId, provider.name, session.applicantId, deps.clock.now());
      if (existing === undefined) {
        await deps.audit.record({
          actorId: user.userId,
          actorType: 'user',
          action: 'kyc.verification.started',
          subjectType: 'user',
          subjectId: user.userId,
          ip: meta.ip,
          userAgent: meta.userAgent,
          details: { provider: provider.name, sandbox: provider.sandbox, status: record.status },
        });
        await deps.notifier.notify(user.userId, 'kyc.pending', { status: record.status, reason: null, provider: provider.name }).catch((e: unknown) => deps.onBackgroundError?.(e, 'notify'));
      }
      return { ...session, applicantId: record.applicantId, provider: provider.name, sandbox: provider.sandbox };
    },

    /** A provider webhook: verified, deduplicated, ordered, applied. Throws `WebhookUnauthorizedError` if it does not verify. */
    async handleWebhook(rawBody: Uint8Array, headers: Headers): Promise<WebhookOutcome> {
      const verified = provider.verifyWebhook(rawBody, headers);
      if (!verified.ok) throw new WebhookUnauthorizedError(`The webhook could not be authenticated (${verified.error.code})`, { details: { reason: verified.error.code } });
      const event = verified.value;
      if (await deps.kycStore.webhookSeen(event.digest)) return 'duplicate';
      const record = (await deps.kycStore.findByApplicant(event.applicantId)) ?? (event.externalUserId === null ? undefined : await deps.kycStore.findByUser(event.externalUserId));
      let outcome: WebhookOutcome;
      if (record === undefined || record.applicantId !== event.applicantId) outcome = 'unknown_applicant';
      else if (event.kind === 'other') outcome = 'ignored';
      else {
        const signal: KycSignal = event.kind === 'reviewed' && event.review !== null ? { kind: 'reviewed', review: event.review } : { kind: 'pending' };
        outcome = await apply(record, signal, event.occurredAt, { actorType: 'system', via: `${provider.name}:${event.eventType}` });
      }
      await deps.kycStore.recordWebhook({ digest: event.digest, provider: provider.name, applicantId: event.applicantId, eventType: event.eventType, outcome, occurredAt: event.occurredAt }, deps.clock.now());
      return outcome;
    },

    /**
     * SANDBOX ONLY: the user concludes their own demo review. Refused (not found) unless the
     * configured provider is the sandbox, which configuration refuses where real money is traded.
     */
    async sandboxReview(userId: string, review: KycReview, country: string | null): Promise<KycStatusView> {
      if (!provider.sandbox) throw new NotFoundError('Sandbox verification');
      const record = await deps.kycStore.findByUser(userId);
      if (record === undefined || record.provider !== 'sandbox') throw new NotFoundError('Sandbox verification', { details: { hint: 'start a verification first' } });
      await apply(record, { kind: 'reviewed', review }, deps.clock.now(), { actorType: 'user', via: 'sandbox', statedCountry: country });
      return this.status(userId);
    },
  };
}

export type Kyc = ReturnType<typeof createKyc>;
