/**
 * What a RevenueCat event does to a user's tier (pure). INITIAL_PURCHASE, RENEWAL, UNCANCELLATION
 * and PRODUCT_CHANGE grant the tier of the event's entitlements (the highest, when several);
 * CANCELLATION keeps the tier until the subscription expires (auto-renew off, or a refund);
 * EXPIRATION revokes it — but never an operator's grant. Everything else (TEST, BILLING_ISSUE,
 * SUBSCRIPTION_PAUSED, TRANSFER, NON_RENEWING_PURCHASE, …) is recorded and changes nothing.
 */
import { type AccountTier, higherTier } from '@polymancer/core';
import type { BillingEvent, TierChange, TierGrant } from '../ports.ts';

export type BillingDecision =
  | { readonly kind: 'change'; readonly change: TierChange }
  | { readonly kind: 'ignored'; readonly why: string };

const granting = new Set(['INITIAL_PURCHASE', 'RENEWAL', 'UNCANCELLATION', 'PRODUCT_CHANGE']);

export function tierOfEntitlements(entitlementIds: readonly string[], map: Readonly<Record<string, 'basic' | 'pro'>>): { readonly tier: AccountTier; readonly entitlementId: string | null } {
  let best: { tier: AccountTier; entitlementId: string | null } = { tier: 'free', entitlementId: null };
  for (const id of entitlementIds) {
    const tier = map[id];
    if (tier !== undefined && higherTier(tier, best.tier) === tier && tier !== best.tier) best = { tier, entitlementId: id };
  }
  return best;
}

export function decideBilling(event: BillingEvent, grant: TierGrant | undefined, map: Readonly<Record<string, 'basic' | 'pro'>>): BillingDecision {
  const base = { source: 'revenuecat' as const, productId: event.productId, store: event.store, environment: event.environment, eventAt: event.eventAt };
  if (granting.has(event.type)) {
    const { tier, entitlementId } = tierOfEntitlements(event.entitlementIds, map);
    if (tier === 'free') return { kind: 'ignored', why: 'no entitlement of the event maps to a tier' };
    return { kind: 'change', change: { ...base, tier, entitlementId, expiresAt: event.expiresAt, willRenew: true } };
  }
  if (event.type === 'CANCELLATION') {
    if (grant === undefined || grant.source !== 'revenuecat' || grant.tier === 'free') return { kind: 'ignored', why: 'no subscription tier to keep' };
    return { kind: 'change', change: { ...base, tier: grant.tier, expiresAt: event.expiresAt ?? grant.expiresAt, willRenew: false } };
  }
  if (event.type === 'EXPIRATION') {
    if (grant !== undefined && grant.source === 'operator') return { kind: 'ignored', why: "an operator's grant is not revoked by billing" };
    return { kind: 'change', change: { ...base, tier: 'free', expiresAt: event.expiresAt, willRenew: false } };
  }
  return { kind: 'ignored', why: `${event.type} does not change the tier` };
}
