/**
 * A password change signs out every other device: better-auth's `/change-password` is always run
 * with `revokeOtherSessions: true` (a client cannot opt out), which deletes every session of the
 * account and answers a new one for the caller (cookie, `set-auth-token`, `token`). The new session
 * is fresh (`database-hooks.ts`), and the change is audited `auth.password.changed`.
 */
import type { AuditLog } from '@polymancer/audit';
import type { BetterAuthPlugin } from 'better-auth';
import { APIError, createAuthMiddleware } from 'better-auth/api';
import { metaFromHeaders } from './request-meta.ts';

export function passwordChangePlugin(deps: { readonly audit: AuditLog }): BetterAuthPlugin {
  return {
    id: 'polymancer-password-change',
    hooks: {
      before: [
        {
          matcher: (ctx) => ctx.path === '/change-password',
          handler: createAuthMiddleware(async (ctx) => ({
            context: { body: { ...(ctx.body as Record<string, unknown> | undefined), revokeOtherSessions: true } },
          })),
        },
      ],
      after: [
        {
          matcher: (ctx) => ctx.path === '/change-password',
          handler: createAuthMiddleware(async (ctx) => {
            if (ctx.context.returned instanceof APIError) return;
            const userId = ctx.context.session?.user.id ?? null;
            await deps.audit.record({
              actorId: userId,
              actorType: 'user',
              action: 'auth.password.changed',
              subjectType: 'user',
              subjectId: userId,
              ...metaFromHeaders(ctx.request?.headers ?? ctx.headers),
              details: { otherSessionsRevoked: true },
            });
          }),
        },
      ],
    },
  };
}
