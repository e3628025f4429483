/**
 * A better-auth plugin that writes the audit trail of sign-in and MFA challenges, and stamps
 * `mfa_verified_at` on the session a TOTP challenge vouched for. It is registered after
 * better-auth's `twoFactor` plugin so its after-hooks see the final outcome (a sign-in that turned
 * into a TOTP challenge has no session any more). Sign-up and MFA enable/disable are audited from
 * database hooks instead (see `database-hooks.ts`), where the change is known to have happened.
 *
 * Never audited: passwords, TOTP codes or secrets, backup codes, session tokens.
 */
import type { AuditLog } from '@polymancer/audit';
import type { Clock } from '@polymancer/core';
import type { Database } from '@polymancer/db';
import { schema } from '@polymancer/db';
import type { BetterAuthPlugin } from 'better-auth';
import { APIError, createAuthMiddleware } from 'better-auth/api';
import { eq, sql } from 'drizzle-orm';
import { metaFromHeaders } from './request-meta.ts';
import { sessionTokenDigest } from './session-token-digest.ts';
import { userOfReusedCodeRefusal } from './totp-once-plugin.ts';

interface AuditPluginDeps {
  readonly audit: AuditLog;
  readonly db: Database;
  readonly clock: Clock;
}

type HookContext = Parameters<Parameters<typeof createAuthMiddleware>[0]>[0];

function failureReason(error: APIError): string {
  const body = error.body as { code?: unknown } | undefined;
  return typeof body?.code === 'string' ? body.code : String(error.status);
}

function headersOf(ctx: HookContext): Headers | undefined {
  return ctx.request?.headers ?? ctx.headers;
}

async function userIdByEmail(db: Database, email: unknown): Promise<string | null> {
  if (typeof email !== 'string' || email.length === 0) return null;
  const [row] = await db
    .select({ id: schema.users.id })
    .from(schema.users)
    .where(eq(sql`lower(${schema.users.email})`, email.toLowerCase()))
    .limit(1);
  return row?.id ?? null;
}

/** Who a TOTP attempt was for: the signed-in user, or the user behind the pending sign-in challenge. */
async function twoFactorSubject(ctx: HookContext): Promise<string | null> {
  const returned = ctx.context.returned as { user?: { id?: unknown } } | undefined;
  if (returned instanceof APIError) {
    const replayed = userOfReusedCodeRefusal(returned);
    if (replayed !== null) return replayed;
  }
  if (!(returned instanceof APIError) && typeof returned?.user?.id === 'string') return returned.user.id;
  const sessionUser = ctx.context.session?.user?.id;
  if (typeof sessionUser === 'string') return sessionUser;
  try {
    const cookie = ctx.context.createAuthCookie('two_factor');
    const identifier = await ctx.getSignedCookie(cookie.name, ctx.context.secret);
    if (!identifier) return null;
    const pending = await ctx.context.internalAdapter.findVerificationValue(identifier);
    return pending?.value ?? null;
  } catch {
    return null;
  }
}

async function hadPendingSignInChallenge(ctx: HookContext): Promise<boolean> {
  try {
    const cookie = ctx.context.createAuthCookie('two_factor');
    return Boolean(await ctx.getSignedCookie(cookie.name, ctx.context.secret));
  } catch {
    return false;
  }
}

export function authAuditPlugin(deps: AuditPluginDeps): BetterAuthPlugin {
  return {
    id: 'polymancer-audit',
    hooks: {
      after: [
        {
          matcher: (ctx) => ctx.path === '/sign-in/email',
          handler: createAuthMiddleware(async (ctx) => {
            const meta = metaFromHeaders(headersOf(ctx));
            const returned = ctx.context.returned as { twoFactorRedirect?: unknown } | APIError | undefined;
            const email = (ctx.body as { email?: unknown } | undefined)?.email;
            if (returned instanceof APIError) {
              // Whoever failed is unknown (anyone can type an email): the account is the subject, not the actor.
              const userId = await userIdByEmail(deps.db, email);
              await deps.audit.record({
                actorId: null,
                actorType: 'user',
                action: 'auth.sign_in.failed',
                subjectType: 'user',
                subjectId: userId,
                ...meta,
                details: { email: typeof email === 'string' ? email.toLowerCase() : null, reason: failureReason(returned) },
              });
              return;
            }
            if (returned?.twoFactorRedirect === true) {
              const userId = await userIdByEmail(deps.db, email);
              await deps.audit.record({
                actorId: userId,
                actorType: 'user',
                action: 'auth.sign_in.mfa_challenged',
                subjectType: 'user',
                subjectId: userId,
                ...meta,
                details: { method: 'totp' },
              });
              return;
            }
            const created = ctx.context.newSession;
            if (created === null || created === undefined) return;
            await deps.audit.record({
              actorId: created.user.id,
              actorType: 'user',
              action: 'auth.sign_in.succeeded',
              subjectType: 'session',
              subjectId: created.session.id,
              ...meta,
              details: { mfa: false },
            });
          }),
        },
        {
          matcher: (ctx) => ctx.path === '/two-factor/verify-totp',
          handler: createAuthMiddleware(async (ctx) => {
            const meta = metaFromHeaders(headersOf(ctx));
            const returned = ctx.context.returned as { token?: unknown } | APIError | undefined;
            const userId = await twoFactorSubject(ctx);
            if (returned instanceof APIError) {
              await deps.audit.record({
                actorId: userId,
                actorType: 'user',
                action: 'auth.mfa.challenge_failed',
                subjectType: 'user',
                subjectId: userId,
                ...meta,
                details: { method: 'totp', reason: failureReason(returned) },
              });
              return;
            }
            // Sign-in challenge and enrolment create a new session (already stamped on creation);
            // a step-up on an existing session returns that session's token.
            const created = ctx.context.newSession;
            const token = created?.session.token ?? returned?.token;
            let sessionId: string | null = null;
            if (typeof token === 'string') {
              // Step-up on an existing session: the challenge vouches for this session from now on.
              const [row] = await deps.db
                .update(schema.sessions)
                .set({ mfaVerifiedAt: deps.clock.now() })
                .where(eq(schema.sessions.token, sessionTokenDigest(token)))
                .returning({ id: schema.sessions.id });
              sessionId = row?.id ?? null;
            }
            await deps.audit.record({
              actorId: userId,
              actorType: 'user',
              action: 'auth.mfa.challenge_passed',
              subjectType: 'session',
              subjectId: sessionId,
              ...meta,
              details: { method: 'totp' },
            });
            if (await hadPendingSignInChallenge(ctx)) {
              await deps.audit.record({
                actorId: userId,
                actorType: 'user',
                action: 'auth.sign_in.succeeded',
                subjectType: 'session',
                subjectId: sessionId,
                ...meta,
                details: { mfa: true },
              });
            }
          }),
        },
      ],
    },
  };
}
