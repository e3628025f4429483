/**
 * TOTP codes, accepted once. A code is valid for its 30-second time step and one step of drift
 * either way (as better-auth's two-factor plugin checks it); within that window a code seen once
 * must not be accepted again, or an observer of one code (shoulder-surfing, a phishing proxy, a
 * log) could replay it.
 *
 * Guarantees: `two_factors.last_totp_step` holds the newest step a code was accepted for; a code is
 * accepted only by raising it (`claimTotpStep`, one conditional UPDATE), so of two requests racing
 * with the same code exactly one wins, and a code of the same or an older step is refused.
 *
 * Semantics: steps are counted on the wall clock (`Date.now()`), not the injected clock, because
 * better-auth verifies codes on the wall clock and the authenticator app runs on one too.
 */
import { timingSafeEqual } from 'node:crypto';
import { base32 } from '@better-auth/utils/base32';
import { createOTP } from '@better-auth/utils/otp';
import { schema, type Database } from '@polymancer/db';
import { symmetricDecrypt } from 'better-auth/crypto';
import { and, eq, isNull, lt, or } from 'drizzle-orm';

type SecretConfig = Parameters<typeof symmetricDecrypt>[0]['key'];

export const totpPeriodSecs = 30;

export function totpStepAt(nowMs: number): number {
  return Math.floor(nowMs / (totpPeriodSecs * 1000));
}

function sameCode(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * The newest time step in [now − stepsBehind, now + 1] whose code is `code`, or null. The stored
 * secret is decrypted exactly as better-auth's two-factor plugin does.
 */
export async function totpStepOf(encryptedSecret: string, code: string, key: SecretConfig, nowMs: number, stepsBehind = 1): Promise<number | null> {
  const stored = await symmetricDecrypt({ key, data: encryptedSecret });
  // Secrets imported from other providers are stored as `base32:<secret>` (better-auth's convention).
  const secret = stored.startsWith('base32:') ? base32.decode(stored.slice(7).toUpperCase()) : stored;
  const otp = createOTP(secret, { digits: 6, period: totpPeriodSecs });
  const now = totpStepAt(nowMs);
  let matched: number | null = null;
  // Every candidate is computed and compared, so timing does not tell which step matched.
  for (let step = now + 1; step >= now - stepsBehind; step -= 1) {
    if (sameCode(await otp.hotp(step), code) && matched === null) matched = step;
  }
  return matched;
}

/** Records that a code of `step` was accepted for this user; false if that step (or a newer one) already was. */
export async function claimTotpStep(db: Database, userId: string, step: number): Promise<boolean> {
  const t = schema.twoFactors;
  const claimed = await db
    .update(t)
    .set({ lastTotpStep: step })
    .where(and(eq(t.userId, userId), or(isNull(t.lastTotpStep), lt(t.lastTotpStep, step))))
    .returning({ id: t.id });
  return claimed.length > 0;
}

export type TotpCheck = 'accepted' | 'invalid' | 'reused';

/** Verifies a code against the user's stored secret and accepts it at most once. */
export async function checkTotpOnce(db: Database, userId: string, encryptedSecret: string, code: string, key: SecretConfig): Promise<TotpCheck> {
  const step = await totpStepOf(encryptedSecret, code, key, Date.now());
  if (step === null) return 'invalid';
  return (await claimTotpStep(db, userId, step)) ? 'accepted' : 'reused';
}
