import type { KycStatus, Role, Tier } from './roles.ts';

/** What the API shows a user about themselves (`GET /api/v1/me`). */
export interface UserProfile {
  readonly id: string;
  readonly email: string;
  readonly name: string;
  readonly tier: Tier;
  readonly role: Role;
  readonly kycStatus: KycStatus;
  readonly tradingFrozen: boolean;
  readonly twoFactorEnabled: boolean;
}

/** A valid, unexpired session and its user, as read from the database for this request. */
export interface SignedInSession {
  readonly sessionId: string;
  readonly expiresAt: Date;
  readonly authenticatedAt: Date | null;
  readonly mfaVerifiedAt: Date | null;
  readonly user: UserProfile;
}

function asDate(value: unknown): Date | null {
  if (value instanceof Date) return value;
  if (typeof value === 'string' || typeof value === 'number') {
    const d = new Date(value);
    return Number.isNaN(d.getTime()) ? null : d;
  }
  return null;
}

/** better-auth's `{ session, user }` → ours, with every field checked rather than trusted. */
export function toSignedInSession(raw: { session: Record<string, unknown>; user: Record<string, unknown> }): SignedInSession {
  const { session, user } = raw;
  return {
    sessionId: String(session.id),
    expiresAt: asDate(session.expiresAt) ?? new Date(0),
    authenticatedAt: asDate(session.authenticatedAt),
    mfaVerifiedAt: asDate(session.mfaVerifiedAt),
    user: {
      id: String(user.id),
      email: String(user.email),
      name: String(user.name),
      tier: (user.tier ?? 'free') as Tier,
      role: (user.role ?? 'user') as Role,
      kycStatus: (user.kycStatus ?? 'unverified') as KycStatus,
      tradingFrozen: user.tradingFrozen === true,
      twoFactorEnabled: user.twoFactorEnabled === true,
    },
  };
}
