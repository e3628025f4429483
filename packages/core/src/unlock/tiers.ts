/** Account tiers. Live trading needs a paid one. */
export const accountTiers = ['free', 'basic', 'pro'] as const;
export type AccountTier = (typeof accountTiers)[number];

export const paidTiers: readonly AccountTier[] = ['basic', 'pro'];

export function isPaidTier(tier: string): boolean {
  return (paidTiers as readonly string[]).includes(tier);
}

/** Higher wins when several entitlements grant tiers at once. */
export function higherTier(a: AccountTier, b: AccountTier): AccountTier {
  return accountTiers.indexOf(a) >= accountTiers.indexOf(b) ? a : b;
}

export function isAccountTier(value: unknown): value is AccountTier {
  return typeof value === 'string' && (accountTiers as readonly string[]).includes(value);
}
