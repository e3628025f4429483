import type { JurisdictionLists, QuizAttemptRules } from '@polymancer/core';

/** The unlock path's rules, from configuration (the app maps `Config` onto this). */
export interface UnlockSettings {
  readonly coolingOffMs: number;
  readonly quiz: QuizAttemptRules;
  readonly jurisdiction: JurisdictionLists;
  /** The deployment trades real money: sandbox KYC and sandbox billing events count for nothing, local requests have no country. */
  readonly realMoney: boolean;
  /** RevenueCat entitlement id → the tier it grants. */
  readonly entitlementTiers: Readonly<Record<string, 'basic' | 'pro'>>;
  /** How long past a subscription's expiry the sweep waits for RevenueCat's EXPIRATION before revoking on its own. */
  readonly billingExpiryGraceMs: number;
}
