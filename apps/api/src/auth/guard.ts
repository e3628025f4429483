/**
 * Route guards as Elysia macros. A route opts in with one flag and receives the `session`:
 *   { signedIn: true }  — any valid session (cookie or bearer), else 401 `unauthenticated`
 *   { freshAuth: true } — also `requireFreshAuth`, else 401 `fresh_auth_required` (with what is needed)
 *   { operator: true }  — also the operator role, else 403 `forbidden`
 * Time for freshness comes from the injected clock.
 */
import { requireFreshAuth, type Auth, type SignedInSession } from '@polymancer/accounts';
import { ForbiddenError, UnauthenticatedError, type Clock } from '@polymancer/core';
import { Elysia } from 'elysia';

// One session lookup per request, however many guards ask.
const sessions = new WeakMap<Request, Promise<SignedInSession | null>>();

export async function sessionOf(auth: Auth, request: Request): Promise<SignedInSession> {
  let pending = sessions.get(request);
  if (pending === undefined) {
    pending = auth.getSession(request.headers);
    sessions.set(request, pending);
  }
  const session = await pending;
  if (session === null) throw new UnauthenticatedError();
  return session;
}

export function authGuard(deps: { auth: Auth; clock: Clock }) {
  return new Elysia({ name: 'auth.guard', seed: deps.auth }).macro({
    signedIn: {
      async resolve({ request }) {
        return { session: await sessionOf(deps.auth, request) };
      },
    },
    freshAuth: {
      async resolve({ request }) {
        const session = await sessionOf(deps.auth, request);
        requireFreshAuth(
          { authenticatedAt: session.authenticatedAt, mfaVerifiedAt: session.mfaVerifiedAt, mfaEnrolled: session.user.twoFactorEnabled },
          deps.clock.now(),
          deps.auth.freshAuthWindowSecs,
        );
        return { session };
      },
    },
    operator: {
      async resolve({ request }) {
        const session = await sessionOf(deps.auth, request);
        if (session.user.role !== 'operator') throw new ForbiddenError('Only operators may do this');
        return { session };
      },
    },
  });
}
