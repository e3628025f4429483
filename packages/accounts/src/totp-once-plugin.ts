/**
 * Makes better-auth's `/two-factor/verify-totp` accept each TOTP code once (see `totp.ts`).
 *
 * better-auth verifies the code; this after-hook then claims the code's time step for the user. If
 * the step (or a newer one) was already used, the request is turned into a 401 `TOTP_CODE_REUSED`:
 * a session it created (the sign-in challenge) is deleted and its cookies and `set-auth-token` are
 * withheld, and the audit hook that runs next records a failed challenge instead of a pass (so a
 * step-up is not stamped). The claim is one conditional UPDATE, so of two requests racing with the
 * same code exactly one is accepted.
 *
 * Registered after `twoFactor` and `bearer` (their after-hooks have set the cookies it withholds) and
 * before the audit plugin.
 */
import { schema, type Database } from '@polymancer/db';
import type { BetterAuthPlugin } from 'better-auth';
import { APIError, createAuthMiddleware } from 'better-auth/api';
import { eq } from 'drizzle-orm';
import { claimTotpStep, totpStepOf } from './totp.ts';

// The audit hook runs after this one and records the refusal; the challenge it answered is consumed
// by then, so the user is handed over with the refusal itself.
const refusedFor = new WeakMap<object, string>();

/** The user a `TOTP_CODE_REUSED` refusal was for (the audit plugin's subject), else null. */
export function userOfReusedCodeRefusal(error: object): string | null {
  return refusedFor.get(error) ?? null;
}

export function totpOncePlugin(deps: { readonly db: Database }): BetterAuthPlugin {
  return {
    id: 'polymancer-totp-once',
    hooks: {
      after: [
        {
          matcher: (ctx) => ctx.path === '/two-factor/verify-totp',
          handler: createAuthMiddleware(async (ctx) => {
            const returned = ctx.context.returned as { user?: { id?: unknown } } | APIError | null | undefined;
            if (returned === null || returned === undefined || returned instanceof APIError) return;
            const userId = returned.user?.id;
            const code = (ctx.body as { code?: unknown } | undefined)?.code;
            if (typeof userId !== 'string' || typeof code !== 'string') return;
            const [enrolment] = await deps.db
              .select({ secret: schema.twoFactors.secret })
              .from(schema.twoFactors)
              .where(eq(schema.twoFactors.userId, userId))
              .limit(1);
            if (enrolment === undefined) return;
            // better-auth accepted the code a moment ago on its window (±1 step); look one step further
            // back in case a step boundary passed in between.
            const step = await totpStepOf(enrolment.secret, code, ctx.context.secretConfig, Date.now(), 2);
            if (step !== null && (await claimTotpStep(deps.db, userId, step))) return;
            const created = ctx.context.newSession;
            if (created !== null && created !== undefined) await ctx.context.internalAdapter.deleteSession(created.session.token);
            ctx.context.responseHeaders?.delete('set-cookie');
            ctx.context.responseHeaders?.delete('set-auth-token');
            const refusal = new APIError('UNAUTHORIZED', { code: 'TOTP_CODE_REUSED', message: 'That TOTP code was already used; wait for the next one' });
            refusedFor.set(refusal, userId);
            throw refusal;
          }),
        },
      ],
    },
  };
}
