/**
 * Paid tiers: an operator sets a user's tier, RevenueCat's webhook grants, keeps and revokes it.
 *
 * Guarantees
 * - A billing event is applied at most once (deduplicated by its id) and never out of order: an
 *   event older than the last one applied to the user is recorded as stale and changes nothing.
 * - Sandbox purchases count for nothing where real money is traded.
 * - When a paid tier lapses (to free) the user's live bots are paused at once, and every bot is
 *   re-observed (an unlocked bot locks). Every change is audited and notified.
 */
import { type AccountTier, isPaidTier, NotFoundError } from '@polymancer/core';
import type { UnlockDeps } from '../deps.ts';
import type { Eligibility } from '../eligibility/eligibility.ts';
import type { BillingEvent, RequestMeta, TierChange } from '../ports.ts';
import { decideBilling } from './billing-rules.ts';

export type BillingOutcome = 'applied' | 'unchanged' | 'duplicate' | 'stale' | 'unknown_user' | 'ignored' | 'sandbox_ignored';

export function createTiers(deps: UnlockDeps, eligibility: Eligibility) {
  const background = (e: unknown) => deps.onBackgroundError?.(e, 'notify');

  async function change(userId: string, c: TierChange, actor: { readonly id: string | null; readonly type: 'operator' | 'system' }, meta: RequestMeta & { readonly reason?: string | null; readonly eventType?: string }) {
    const applied = await deps.tiers.applyTier(userId, c, deps.clock.now());
    if (applied.outcome === 'stale') return 'stale' as const;
    const from = applied.from;
    if (from === c.tier) return 'unchanged' as const;
    await deps.audit.record({
      actorId: actor.id,
      actorType: actor.type,
      action: 'user.tier.changed',
      subjectType: 'user',
      subjectId: userId,
      ip: meta.ip,
      userAgent: meta.userAgent,
      details: { from, to: c.tier, source: c.source, eventType: meta.eventType ?? null, reason: meta.reason ?? null, expiresAt: c.expiresAt },
    });
    await deps.notifier.notify(userId, 'tier.changed', { from, to: c.tier, source: c.source, expiresAt: c.expiresAt }).catch(background);
    if (isPaidTier(from) && !isPaidTier(c.tier)) await pauseLiveBots(userId, 'tier_lapsed');
    await eligibility.observeUser(userId);
    return 'applied' as const;
  }

  async function pauseLiveBots(userId: string, reason: string): Promise<void> {
    const paused = await deps.liveBots.pauseLiveBots(userId, deps.clock.now());
    for (const botId of paused) {
      await deps.audit.record({ actorId: null, actorType: 'system', action: 'bot.paused', subjectType: 'bot', subjectId: botId, details: { reason } });
      await deps.notifier.notify(userId, 'bot.live_paused', { botId, reason, unmet: ['paid_tier'] }).catch(background);
    }
  }

  return {
    /** Operators set a tier by hand (a comp, a correction). Audited with the operator and the reason. */
    async setTier(operatorId: string, userId: string, tier: AccountTier, meta: RequestMeta & { readonly reason?: string | null }): Promise<{ readonly from: AccountTier; readonly to: AccountTier }> {
      if (!(await deps.tiers.userExists(userId))) throw new NotFoundError('User');
      const before = (await deps.store.userFacts(userId))?.tier ?? 'free';
      await change(userId, { tier, source: 'operator', expiresAt: null, willRenew: null, eventAt: null }, { id: operatorId, type: 'operator' }, meta);
      return { from: before, to: tier };
    },

    /** A verified RevenueCat event. */
    async applyBillingEvent(event: BillingEvent): Promise<BillingOutcome> {
      if (await deps.tiers.billingEventSeen(event.id)) return 'duplicate';
      const record = async (outcome: BillingOutcome, userId: string | null) => {
        await deps.tiers.recordBillingEvent({ id: event.id, provider: 'revenuecat', eventType: event.type, appUserId: event.appUserIds[0] ?? null, userId, outcome, eventAt: event.eventAt }, deps.clock.now());
        return outcome;
      };
      if (event.environment === 'SANDBOX' && deps.settings.realMoney) return record('sandbox_ignored', null);
      const userId = await deps.tiers.resolveUser(event.appUserIds);
      if (userId === undefined) return record('unknown_user', null);
      const decision = decideBilling(event, await deps.tiers.grant(userId), deps.settings.entitlementTiers);
      if (decision.kind === 'ignored') return record('ignored', userId);
      const outcome = await change(userId, decision.change, { id: null, type: 'system' }, { ip: null, userAgent: null, eventType: event.type });
      return record(outcome, userId);
    },

    /** Safety net: subscriptions past expiry (plus grace) whose EXPIRATION never arrived are revoked. */
    async expireLapsed(): Promise<number> {
      const now = deps.clock.now();
      const users = await deps.tiers.expiredGrants(new Date(now.getTime() - deps.settings.billingExpiryGraceMs));
      for (const userId of users) {
        await change(userId, { tier: 'free', source: 'revenuecat', expiresAt: null, willRenew: false, eventAt: now }, { id: null, type: 'system' }, { ip: null, userAgent: null, eventType: 'EXPIRY_SWEEP' });
      }
      return users.length;
    },
  };
}

export type Tiers = ReturnType<typeof createTiers>;
