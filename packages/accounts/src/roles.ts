/** Who may do what: every account has exactly one role. */
export const roles = ['user', 'operator', 'compliance'] as const;
export type Role = (typeof roles)[number];

export const tiers = ['free', 'basic', 'pro'] as const;
export type Tier = (typeof tiers)[number];

export const kycStatuses = ['unverified', 'pending', 'verified', 'rejected'] as const;
export type KycStatus = (typeof kycStatuses)[number];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (roles as readonly string[]).includes(value);
}

export function isOperator(role: string): boolean {
  return role === 'operator';
}
