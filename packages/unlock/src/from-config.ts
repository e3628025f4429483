import type { UnlockSettings } from './settings.ts';

/** The subset of `@polymancer/config`'s `Config` the unlock rules come from (structural: no import of config here). */
export interface UnlockConfigSource {
  readonly realMoney: boolean;
  readonly revenueCat: { readonly entitlementTiers: Readonly<Record<string, 'basic' | 'pro'>>; readonly expiryGraceSecs: number };
  readonly jurisdiction: { readonly blockedCountries: readonly string[]; readonly closeOnlyCountries: readonly string[] };
  readonly unlock: { readonly coolingOffSecs: number; readonly quiz: { readonly passMark: number; readonly maxFailedAttempts: number; readonly retryWaitSecs: number; readonly lockoutSecs: number } };
}

export function unlockSettingsFrom(config: UnlockConfigSource): UnlockSettings {
  const q = config.unlock.quiz;
  return {
    coolingOffMs: config.unlock.coolingOffSecs * 1000,
    quiz: { passMark: q.passMark, maxFailedAttempts: q.maxFailedAttempts, retryWaitMs: q.retryWaitSecs * 1000, lockoutMs: q.lockoutSecs * 1000 },
    jurisdiction: { blocked: config.jurisdiction.blockedCountries, closeOnly: config.jurisdiction.closeOnlyCountries },
    realMoney: config.realMoney,
    entitlementTiers: config.revenueCat.entitlementTiers,
    billingExpiryGraceMs: config.revenueCat.expiryGraceSecs * 1000,
  };
}
