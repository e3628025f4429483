/**
 * better-auth, configured for Polymancer: our Drizzle tables, our ids, email + password, cookie
 * sessions for browsers and bearer tokens for the app, TOTP MFA, database-backed rate limits in
 * every environment, audit hooks. The only file that knows better-auth's options.
 *
 * Hardening on top of better-auth (each in its own file): session tokens stored as digests, a
 * per-account backoff on password guesses, TOTP codes accepted once, a password change that signs
 * out every other session, and log lines redacted like ours.
 */
import type { AuditLog } from '@polymancer/audit';
import type { Config } from '@polymancer/config';
import type { Clock } from '@polymancer/core';
import { schema, type Database } from '@polymancer/db';
import { betterAuth } from 'better-auth';
import { drizzleAdapter } from 'better-auth/adapters/drizzle';
import { bearer, twoFactor } from 'better-auth/plugins';
import type { Logger } from '@polymancer/observability';
import { authAuditPlugin } from './auth-audit-plugin.ts';
import { betterAuthLogger } from './better-auth-logger.ts';
import { databaseHooks } from './database-hooks.ts';
import { generateAuthId } from './ids.ts';
import { withSessionTokenDigests } from './session-token-digest.ts';
import { createSignInBackoff } from './sign-in-backoff.ts';
import { signInBackoffPlugin } from './sign-in-backoff-plugin.ts';
import { totpOncePlugin } from './totp-once-plugin.ts';
import { passwordChangePlugin } from './password-change-plugin.ts';
import { clientIpHeader } from './request-meta.ts';

export const authBasePath = '/api/auth';

export interface BetterAuthDeps {
  readonly db: Database;
  readonly config: Config;
  readonly audit: AuditLog;
  readonly clock: Clock;
  readonly secret: string;
  /** Where better-auth's own warnings and errors go (redacted, see `better-auth-logger.ts`); unset = nowhere. */
  readonly logger?: Logger | undefined;
}

export function buildBetterAuth(deps: BetterAuthDeps) {
  const { config } = deps;
  const windowSecs = config.authRateLimit.windowSecs;
  const max = config.authRateLimit.max;
  // Sign-in, sign-up and second-factor routes are where guessing happens: a quarter of the budget.
  const strict = { window: windowSecs, max: Math.max(1, Math.floor(max / 4)) };
  // The backoff plugin resolves the signed-in caller of session routes through this very instance
  // (bearer or cookie); hooks only run once it exists.
  let instance: { api: { getSession(input: { headers: Headers }): Promise<{ user: { email: string } } | null> } } | undefined;
  const sessionEmailOf = async (headers: Headers) => (await instance?.api.getSession({ headers }))?.user.email ?? null;
  const auth = betterAuth({
    appName: 'Polymancer',
    baseURL: config.publicUrl,
    basePath: authBasePath,
    secret: deps.secret,
    // Session tokens are stored as SHA-256 digests (see session-token-digest.ts).
    database: withSessionTokenDigests(drizzleAdapter(deps.db, {
      provider: 'pg',
      usePlural: true,
      schema: {
        users: schema.users,
        sessions: schema.sessions,
        accounts: schema.accounts,
        verifications: schema.verifications,
        twoFactors: schema.twoFactors,
        rateLimits: schema.rateLimits,
      },
    })),
    // These routes name sessions by their token, which the database no longer holds (only its
    // digest): listing would hand out digests, and revoking by one would silently revoke nothing.
    disabledPaths: ['/list-sessions', '/revoke-session', '/revoke-other-sessions'],
    emailAndPassword: { enabled: true, minPasswordLength: 10, maxPasswordLength: 128, autoSignIn: true, revokeSessionsOnPasswordReset: true },
    user: {
      additionalFields: {
        tier: { type: 'string', required: false, defaultValue: 'free', input: false },
        role: { type: 'string', required: false, defaultValue: 'user', input: false },
        kycStatus: { type: 'string', required: false, defaultValue: 'unverified', input: false },
        tradingFrozen: { type: 'boolean', required: false, defaultValue: false, input: false },
      },
    },
    session: {
      additionalFields: {
        authenticatedAt: { type: 'date', required: false, input: false },
        mfaVerifiedAt: { type: 'date', required: false, input: false },
      },
    },
    trustedOrigins: [config.publicUrl, ...config.corsOrigins],
    rateLimit: {
      enabled: true,
      storage: 'database',
      window: windowSecs,
      max,
      customRules: {
        '/sign-in/*': strict,
        '/sign-up/*': strict,
        '/two-factor/*': strict,
        '/change-password': strict,
      },
    },
    advanced: {
      database: { generateId: generateAuthId },
      ipAddress: { ipAddressHeaders: [clientIpHeader] },
      cookiePrefix: 'polymancer',
      // better-auth relaxes these when NODE_ENV=test; Polymancer keeps them on everywhere so tests
      // exercise what production runs. Cookie-carrying writes must come from a trusted origin.
      disableOriginCheck: false,
      disableCSRFCheck: false,
      useSecureCookies: config.publicUrl.startsWith('https://'),
    },
    databaseHooks: databaseHooks({ audit: deps.audit, clock: deps.clock }),
    plugins: [
      // The backoff goes first: its before-hook refuses an attempt before anything else runs.
      signInBackoffPlugin({ backoff: createSignInBackoff(deps.db, config.signInBackoff), clock: deps.clock, sessionEmailOf }),
      twoFactor({ issuer: 'Polymancer' }),
      bearer(),
      // After twoFactor and bearer (it withholds the cookies they set on a replay), before the audit.
      totpOncePlugin({ db: deps.db }),
      authAuditPlugin({ audit: deps.audit, db: deps.db, clock: deps.clock }),
      passwordChangePlugin({ audit: deps.audit }),
    ],
    logger: betterAuthLogger(deps.logger),
    // An unexpected error (a database failure, a bug) is rethrown to the API instead of being printed
    // by better-call's router with the failed query's parameters: the API logs it through errorForLog
    // and answers 500 in its own error shape. Expected refusals (APIError) are answered as before.
    onAPIError: { throw: true },
    telemetry: { enabled: false },
  });
  instance = auth;
  return auth;
}

export type PolymancerBetterAuth = ReturnType<typeof buildBetterAuth>;
