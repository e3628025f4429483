/**
 * `requireFreshAuth`: the guard every sensitive action (credential export, key rotation, go-live,
 * liquidation) runs before it acts.
 *
 * Guarantees: a session passes only when its holder proved their password within `windowSecs`
 * of `now` AND — when the account has MFA enrolled — passed a TOTP challenge on this same session
 * within that window. Pure: time is the `now` parameter, so a test moves it by hand.
 *
 * Known limitation: freshness is per session, not per device; a stolen fresh session stays fresh
 * until the window closes (5 minutes by default).
 */
import { FreshAuthRequiredError } from '@polymancer/core';

export interface SessionAuthFacts {
  /** When the holder last proved their password on this session (sign-in or re-authentication). */
  readonly authenticatedAt: Date | null;
  /** When the holder last passed TOTP on this session. */
  readonly mfaVerifiedAt: Date | null;
  /** Whether the account has MFA enrolled (then a code is part of freshness). */
  readonly mfaEnrolled: boolean;
}

export interface FreshAuthNeeds {
  /** The password must be given again. */
  readonly password: boolean;
  /** A current TOTP code must be given (MFA is enrolled and not recently passed here). */
  readonly mfaCode: boolean;
}

export type FreshAuthVerdict =
  | { readonly fresh: true }
  | { readonly fresh: false; readonly needs: FreshAuthNeeds; readonly windowSecs: number };

function within(at: Date | null, now: Date, windowSecs: number): boolean {
  if (at === null) return false;
  const ageMs = now.getTime() - at.getTime();
  // A timestamp from the future (clock skew between instances) is treated as fresh only up to the window.
  return ageMs <= windowSecs * 1000 && ageMs >= -windowSecs * 1000;
}

/** The check itself: no I/O, no clock. */
export function checkFreshAuth(facts: SessionAuthFacts, now: Date, windowSecs: number): FreshAuthVerdict {
  const password = !within(facts.authenticatedAt, now, windowSecs);
  const mfaCode = facts.mfaEnrolled && !within(facts.mfaVerifiedAt, now, windowSecs);
  if (!password && !mfaCode) return { fresh: true };
  return { fresh: false, needs: { password, mfaCode }, windowSecs };
}

/** The same check as a guard: throws `FreshAuthRequiredError` (401 `fresh_auth_required`) with what is needed. */
export function requireFreshAuth(facts: SessionAuthFacts, now: Date, windowSecs: number): void {
  const verdict = checkFreshAuth(facts, now, windowSecs);
  if (verdict.fresh) return;
  throw new FreshAuthRequiredError('Confirm it is you: re-authenticate to continue', {
    details: {
      needs: verdict.needs,
      windowSecs: verdict.windowSecs,
      reauthenticate: '/api/v1/session/reauthenticate',
    },
  });
}
