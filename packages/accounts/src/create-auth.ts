/**
 * The accounts service: better-auth (sign-up, sign-in, sessions, MFA) plus Polymancer's own rules
 * on top — session freshness for sensitive actions, re-authentication, roles. Apps build one with
 * `createAuth` and reach everything through the returned `Auth`.
 */
import type { AuditLog } from '@polymancer/audit';
import type { Config } from '@polymancer/config';
import { ConfigError, type Clock, type Result } from '@polymancer/core';
import type { Database } from '@polymancer/db';
import { createAttemptLimiter } from './attempt-limiter.ts';
import { authBasePath, buildBetterAuth, type BetterAuthDeps, type PolymancerBetterAuth } from './better-auth-instance.ts';
import { changeRole, type RoleChange, type RoleChangeFailure } from './change-role.ts';
import { checkFreshAuth, type FreshAuthVerdict } from './fresh-auth.ts';
import { reauthenticate, type ReauthenticateFailure, type ReauthenticateInput, type ReauthenticateSuccess } from './reauthenticate.ts';
import type { RequestMeta } from './request-meta.ts';
import type { Role } from './roles.ts';
import { toSignedInSession, type SignedInSession } from './session.ts';

export interface CreateAuthDeps {
  readonly db: Database;
  readonly config: Config;
  readonly audit: AuditLog;
  readonly clock: Clock;
  /** Overrides `config.authSecret` (the CLI passes the secret it generated into the data folder). */
  readonly secret?: string | undefined;
  /** Where better-auth's own warnings and errors go, redacted; unset = nowhere. */
  readonly logger?: BetterAuthDeps['logger'];
}

export interface Auth {
  /** The better-auth instance, for its handler and server API. */
  readonly betterAuth: PolymancerBetterAuth;
  /** Where better-auth's routes live: `/api/auth`. */
  readonly basePath: string;
  readonly freshAuthWindowSecs: number;
  /** better-auth's HTTP handler for everything under `basePath`. */
  handler(request: Request): Promise<Response>;
  /** The session these headers carry (session cookie or `Authorization: Bearer`), or null. */
  getSession(headers: Headers): Promise<SignedInSession | null>;
  /** Is this session fresh enough for a sensitive action at `now`? */
  freshness(session: SignedInSession, now: Date): FreshAuthVerdict;
  reauthenticate(session: SignedInSession, input: ReauthenticateInput, meta: RequestMeta): Promise<Result<ReauthenticateSuccess, ReauthenticateFailure>>;
  changeRole(actor: SignedInSession, input: { userId: string; role: Role }, meta: RequestMeta): Promise<Result<RoleChange, RoleChangeFailure>>;
}

export function createAuth(deps: CreateAuthDeps): Auth {
  const secret = deps.secret ?? deps.config.authSecret;
  if (secret === undefined || secret.length < 32) {
    throw new ConfigError('AUTH_SECRET: an auth secret of at least 32 characters is required (set AUTH_SECRET or pass one to createAuth)');
  }
  const betterAuth = buildBetterAuth({ db: deps.db, config: deps.config, audit: deps.audit, clock: deps.clock, secret, logger: deps.logger });
  const windowSecs = deps.config.freshAuthWindowSecs;
  const limiter = createAttemptLimiter(deps.db, {
    windowSecs: deps.config.authRateLimit.windowSecs,
    max: Math.max(1, Math.floor(deps.config.authRateLimit.max / 4)),
  });
  return {
    betterAuth,
    basePath: authBasePath,
    freshAuthWindowSecs: windowSecs,
    handler: (request) => betterAuth.handler(request),
    getSession: async (headers) => {
      const found = await betterAuth.api.getSession({ headers: bearerAlone(headers) });
      if (found === null) return null;
      return toSignedInSession(found as unknown as { session: Record<string, unknown>; user: Record<string, unknown> });
    },
    freshness: (session, now) =>
      checkFreshAuth(
        { authenticatedAt: session.authenticatedAt, mfaVerifiedAt: session.mfaVerifiedAt, mfaEnrolled: session.user.twoFactorEnabled },
        now,
        windowSecs,
      ),
    reauthenticate: (session, input, meta) =>
      reauthenticate({ db: deps.db, audit: deps.audit, clock: deps.clock, betterAuth, limiter }, session, input, meta),
    changeRole: (actor, input, meta) => changeRole({ db: deps.db, audit: deps.audit }, actor, input, meta),
  };
}

/**
 * A request that names a bearer token is authenticated by that token alone: a cookie it also carries
 * (an app's cookie jar, a browser's ambient session) is not a fallback when the token is refused.
 */
function bearerAlone(headers: Headers): Headers {
  if (!/^bearer\s+\S/i.test(headers.get('authorization') ?? '')) return headers;
  const withoutCookies = new Headers(headers);
  withoutCookies.delete('cookie');
  return withoutCookies;
}
