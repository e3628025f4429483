/**
 * better-auth database hooks: stamp our freshness columns on the sessions it creates, and audit
 * the account changes at the point they are written (sign-up, MFA enabled / disabled).
 *
 * Session stamps, by the route that created the session:
 * - `/sign-in/email`, `/sign-up/email`: the password was just proven → `authenticated_at = now`.
 * - `/change-password` (which replaces every session of the account): the password was just proven
 *   → `authenticated_at = now`; `mfa_verified_at` carries over from the caller's session.
 * - `/two-factor/verify-totp`: a TOTP code was just proven → `mfa_verified_at = now`; a session
 *   born from a sign-in challenge also gets `authenticated_at = now` (the password was proven
 *   moments before, in the same challenge).
 * - anything else (better-auth replaces the session when MFA is enabled or disabled) keeps the
 *   stamps of the session it replaces.
 */
import type { AuditLog } from '@polymancer/audit';
import type { Clock } from '@polymancer/core';
import type { BetterAuthOptions } from 'better-auth';
import { metaFromHeaders } from './request-meta.ts';

interface DatabaseHookDeps {
  readonly audit: AuditLog;
  readonly clock: Clock;
}

type Hooks = NonNullable<BetterAuthOptions['databaseHooks']>;
type EndpointContext = { path?: string; request?: Request; headers?: Headers } | null;

function headersOf(ctx: EndpointContext): Headers | undefined {
  return ctx?.request?.headers ?? ctx?.headers;
}

export function databaseHooks(deps: DatabaseHookDeps): Hooks {
  return {
    session: {
      create: {
        before: async (session, ctx) => {
          const path = (ctx as EndpointContext)?.path;
          const now = deps.clock.now();
          if (path === '/sign-in/email' || path === '/sign-up/email') {
            return { data: { ...session, authenticatedAt: now, mfaVerifiedAt: null } };
          }
          if (path === '/change-password') {
            // The password was just proven; a TOTP passed earlier on the session being replaced still counts.
            const carried = (ctx as { context?: { session?: { session?: { mfaVerifiedAt?: unknown } } } } | null)?.context?.session?.session?.mfaVerifiedAt;
            return { data: { ...session, authenticatedAt: now, mfaVerifiedAt: carried instanceof Date ? carried : null } };
          }
          if (path === '/two-factor/verify-totp') {
            const carried = session.authenticatedAt;
            return { data: { ...session, authenticatedAt: carried instanceof Date ? carried : now, mfaVerifiedAt: now } };
          }
          return undefined;
        },
      },
    },
    user: {
      create: {
        after: async (user, ctx) => {
          await deps.audit.record({
            actorId: user.id,
            actorType: 'user',
            action: 'auth.sign_up',
            subjectType: 'user',
            subjectId: user.id,
            ...metaFromHeaders(headersOf(ctx as EndpointContext)),
            details: { email: user.email },
          });
        },
      },
      update: {
        after: async (user, ctx) => {
          const path = (ctx as EndpointContext)?.path;
          const enabled = (user as { twoFactorEnabled?: unknown }).twoFactorEnabled === true;
          let action: string | null = null;
          if (path === '/two-factor/verify-totp' && enabled) action = 'auth.mfa.enabled';
          else if (path === '/two-factor/disable' && !enabled) action = 'auth.mfa.disabled';
          if (action === null) return;
          await deps.audit.record({
            actorId: user.id,
            actorType: 'user',
            action,
            subjectType: 'user',
            subjectId: user.id,
            ...metaFromHeaders(headersOf(ctx as EndpointContext)),
            details: { method: 'totp' },
          });
        },
      },
    },
  };
}
