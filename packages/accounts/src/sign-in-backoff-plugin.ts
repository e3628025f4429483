/**
 * Puts the per-account sign-in backoff (`sign-in-backoff.ts`) in front of better-auth's
 * `/sign-in/email`, whatever way the route is reached.
 *
 * - Before the password is checked, the attempt is charged to the account's bucket, or refused
 *   429 (`SIGN_IN_BACKOFF`, with `x-retry-after`) while the account waits. The same answer is given
 *   whether or not the account exists, and whatever the password, so a refused attempt tells
 *   nothing.
 * - The bucket is the account (a digest of the trimmed, lower-cased email), or — when the request
 *   carries a known-device cookie issued to this account — that device's own bucket, so a stranger's
 *   guesses never hold up a browser or app that has signed in here before.
 * - When the password was right (a session, or the TOTP challenge), the bucket is cleared and the
 *   device gets (or keeps) its known-device cookie: signed with the auth secret, bound to the
 *   account, HttpOnly, one year.
 * - The routes where a signed-in caller types the password again (`sessionPasswordPaths`: change it,
 *   verify it, turn TOTP on or off, show the TOTP URI, regenerate backup codes, delete the account)
 *   charge the same account bucket, so a stolen session is not a way around the backoff to guess the
 *   password. They answer 429 `PASSWORD_BACKOFF` while the account waits.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Clock } from '@polymancer/core';
import type { BetterAuthPlugin } from 'better-auth';
import { APIError, createAuthMiddleware } from 'better-auth/api';
import type { SignInBackoff } from './sign-in-backoff.ts';

type HookContext = Parameters<Parameters<typeof createAuthMiddleware>[0]>[0];

/** better-auth routes that check the signed-in caller's password from the body (`password` or `currentPassword`). */
export const sessionPasswordPaths: ReadonlySet<string> = new Set([
  '/change-password',
  '/verify-password',
  '/two-factor/enable',
  '/two-factor/disable',
  '/two-factor/get-totp-uri',
  '/two-factor/generate-backup-codes',
  '/delete-user',
]);

/** Resolves the signed-in user of a request (bearer or cookie), for the session routes above. */
export type SessionEmailOf = (headers: Headers) => Promise<string | null>;

const knownDeviceCookie = 'known_device';
const knownDeviceMaxAgeSecs = 365 * 24 * 3600;

function accountDigest(email: string): string {
  return createHash('sha256').update(`sign-in:${email.trim().toLowerCase()}`, 'utf8').digest('hex');
}

/** The device id of a valid known-device cookie issued to this account, else null. */
async function knownDeviceOf(ctx: HookContext, account: string): Promise<string | null> {
  try {
    const cookie = ctx.context.createAuthCookie(knownDeviceCookie);
    const value = await ctx.getSignedCookie(cookie.name, ctx.context.secret);
    if (typeof value !== 'string') return null;
    const [forAccount, deviceId] = value.split(':');
    return forAccount === account && deviceId !== undefined && /^[0-9a-f]{32}$/.test(deviceId) ? deviceId : null;
  } catch {
    return null;
  }
}

async function bucketOf(ctx: HookContext): Promise<{ key: string; account: string; deviceId: string | null } | null> {
  const email = (ctx.body as { email?: unknown } | undefined)?.email;
  if (typeof email !== 'string' || email.length === 0) return null;
  const account = accountDigest(email);
  const deviceId = await knownDeviceOf(ctx, account);
  return { key: deviceId === null ? `sign-in:${account}` : `sign-in:${account}:device:${deviceId}`, account, deviceId };
}

function typedPassword(ctx: HookContext): boolean {
  const body = ctx.body as { password?: unknown; currentPassword?: unknown } | undefined;
  return typeof body?.password === 'string' || typeof body?.currentPassword === 'string';
}

async function sessionBucket(ctx: HookContext, emailOf: SessionEmailOf): Promise<string | null> {
  if (!sessionPasswordPaths.has(ctx.path ?? '') || !typedPassword(ctx)) return null;
  const headers = ctx.request?.headers ?? ctx.headers;
  const email = headers === undefined ? null : await emailOf(headers);
  return email === null ? null : `sign-in:${accountDigest(email)}`;
}

function refusal(code: 'SIGN_IN_BACKOFF' | 'PASSWORD_BACKOFF', retryAfterSecs: number): APIError {
  const message = code === 'SIGN_IN_BACKOFF' ? 'Too many failed sign-ins for this account; try again later' : 'Too many wrong passwords for this account; try again later';
  return new APIError('TOO_MANY_REQUESTS', { code, message }, { 'x-retry-after': String(retryAfterSecs) });
}

export function signInBackoffPlugin(deps: { readonly backoff: SignInBackoff; readonly clock: Clock; readonly sessionEmailOf: SessionEmailOf }): BetterAuthPlugin {
  return {
    id: 'polymancer-sign-in-backoff',
    hooks: {
      before: [
        {
          matcher: (ctx) => sessionPasswordPaths.has(ctx.path ?? ''),
          handler: createAuthMiddleware(async (ctx) => {
            const key = await sessionBucket(ctx, deps.sessionEmailOf);
            if (key === null) return;
            const verdict = await deps.backoff.attempt(key, deps.clock.now());
            if (!verdict.allowed) throw refusal('PASSWORD_BACKOFF', verdict.retryAfterSecs);
          }),
        },
        {
          matcher: (ctx) => ctx.path === '/sign-in/email',
          handler: createAuthMiddleware(async (ctx) => {
            const bucket = await bucketOf(ctx);
            if (bucket === null) return;
            const verdict = await deps.backoff.attempt(bucket.key, deps.clock.now());
            if (!verdict.allowed) throw refusal('SIGN_IN_BACKOFF', verdict.retryAfterSecs);
          }),
        },
      ],
      after: [
        {
          matcher: (ctx) => sessionPasswordPaths.has(ctx.path ?? ''),
          handler: createAuthMiddleware(async (ctx) => {
            // Only a success proves the password; any refusal keeps its charge.
            if (ctx.context.returned instanceof APIError) return;
            const key = await sessionBucket(ctx, deps.sessionEmailOf);
            if (key !== null) await deps.backoff.clear(key);
          }),
        },
        {
          matcher: (ctx) => ctx.path === '/sign-in/email',
          handler: createAuthMiddleware(async (ctx) => {
            if (ctx.context.returned instanceof APIError) return;
            const bucket = await bucketOf(ctx);
            if (bucket === null) return;
            await deps.backoff.clear(bucket.key);
            if (bucket.deviceId !== null) return;
            const cookie = ctx.context.createAuthCookie(knownDeviceCookie, { maxAge: knownDeviceMaxAgeSecs });
            await ctx.setSignedCookie(cookie.name, `${bucket.account}:${randomBytes(16).toString('hex')}`, ctx.context.secret, {
              ...cookie.attributes,
              maxAge: knownDeviceMaxAgeSecs,
            });
          }),
        },
      ],
    },
  };
}
