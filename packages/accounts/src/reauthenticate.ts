/**
 * Re-authentication: the holder of a session proves their password again (and a TOTP code when
 * MFA is enrolled), which makes the session fresh for `FRESH_AUTH_WINDOW_SECS`.
 *
 * All or nothing: the session is stamped only when every required factor passed. Failed attempts
 * count against a per-user budget (see `attempt-limiter.ts`) so a stolen session cannot be used to
 * guess the password or the code. A TOTP code is accepted once (see `totp.ts`). Every outcome is
 * audited; no secret is.
 */
import type { AuditLog } from '@polymancer/audit';
import { err, ok, type Clock, type Result } from '@polymancer/core';
import { schema, type Database } from '@polymancer/db';
import { and, eq } from 'drizzle-orm';
import type { AttemptLimiter } from './attempt-limiter.ts';
import type { PolymancerBetterAuth } from './better-auth-instance.ts';
import type { RequestMeta } from './request-meta.ts';
import type { SignedInSession } from './session.ts';
import { checkTotpOnce } from './totp.ts';

export interface ReauthenticateInput {
  readonly password: string;
  readonly code?: string | undefined;
}

export interface ReauthenticateSuccess {
  readonly authenticatedAt: Date;
  readonly mfaVerified: boolean;
}

export type ReauthenticateFailure =
  | { readonly code: 'invalid_credentials' }
  | { readonly code: 'mfa_required'; readonly reason: 'code_missing' | 'code_invalid' | 'code_reused' }
  | { readonly code: 'rate_limited'; readonly retryAfterSecs: number };

export interface ReauthenticateDeps {
  readonly db: Database;
  readonly audit: AuditLog;
  readonly clock: Clock;
  readonly betterAuth: PolymancerBetterAuth;
  readonly limiter: AttemptLimiter;
}

export async function reauthenticate(
  deps: ReauthenticateDeps,
  session: SignedInSession,
  input: ReauthenticateInput,
  meta: RequestMeta,
): Promise<Result<ReauthenticateSuccess, ReauthenticateFailure>> {
  const userId = session.user.id;
  const limiterKey = `reauth|${userId}`;
  const audited = (action: string, details: Record<string, unknown>) =>
    deps.audit.record({ actorId: userId, actorType: 'user', action, subjectType: 'session', subjectId: session.sessionId, ...meta, details });

  const blocked = await deps.limiter.blockedFor(limiterKey, deps.clock.now());
  if (blocked !== null) {
    await audited('auth.reauthentication.failed', { reason: 'rate_limited' });
    return err({ code: 'rate_limited', retryAfterSecs: blocked });
  }

  const authContext = await deps.betterAuth.$context;
  const [credential] = await deps.db
    .select({ hash: schema.accounts.password })
    .from(schema.accounts)
    .where(and(eq(schema.accounts.userId, userId), eq(schema.accounts.providerId, 'credential')))
    .limit(1);
  const passwordOk = credential?.hash != null && (await authContext.password.verify({ hash: credential.hash, password: input.password }));
  if (!passwordOk) {
    await deps.limiter.recordFailure(limiterKey, deps.clock.now());
    await audited('auth.reauthentication.failed', { reason: 'invalid_password' });
    return err({ code: 'invalid_credentials' });
  }

  let mfaVerified = false;
  if (session.user.twoFactorEnabled) {
    if (input.code === undefined || input.code === '') {
      await audited('auth.reauthentication.failed', { reason: 'mfa_code_missing' });
      return err({ code: 'mfa_required', reason: 'code_missing' });
    }
    const [enrolment] = await deps.db
      .select({ secret: schema.twoFactors.secret })
      .from(schema.twoFactors)
      .where(eq(schema.twoFactors.userId, userId))
      .limit(1);
    // A code is accepted once: a replay within its window is refused like a wrong code.
    const check = enrolment === undefined ? 'invalid' : await checkTotpOnce(deps.db, userId, enrolment.secret, input.code, authContext.secretConfig);
    if (check !== 'accepted') {
      await deps.limiter.recordFailure(limiterKey, deps.clock.now());
      await deps.audit.record({
        actorId: userId,
        actorType: 'user',
        action: 'auth.mfa.challenge_failed',
        subjectType: 'session',
        subjectId: session.sessionId,
        ...meta,
        details: { method: 'totp', during: 'reauthentication', ...(check === 'reused' ? { reason: 'code_reused' } : {}) },
      });
      return err({ code: 'mfa_required', reason: check === 'reused' ? 'code_reused' : 'code_invalid' });
    }
    mfaVerified = true;
  }

  const now = deps.clock.now();
  await deps.db
    .update(schema.sessions)
    .set(mfaVerified ? { authenticatedAt: now, mfaVerifiedAt: now } : { authenticatedAt: now })
    .where(eq(schema.sessions.id, session.sessionId));
  await deps.limiter.reset(limiterKey);
  if (mfaVerified) {
    await deps.audit.record({
      actorId: userId,
      actorType: 'user',
      action: 'auth.mfa.challenge_passed',
      subjectType: 'session',
      subjectId: session.sessionId,
      ...meta,
      details: { method: 'totp', during: 'reauthentication' },
    });
  }
  await audited('auth.reauthenticated', { mfa: mfaVerified });
  return ok({ authenticatedAt: now, mfaVerified });
}
