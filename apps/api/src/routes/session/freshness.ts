import { Elysia, t } from 'elysia';
import type { ApiDeps } from '../../deps.ts';
import { authGuard } from '../../auth/guard.ts';

/**
 * Answers 200 only to a fresh session: the smallest route behind `requireFreshAuth`, so clients
 * can ask "do I need to re-authenticate before this sensitive step?" and tests can exercise the guard.
 */
export function getFreshness(deps: Pick<ApiDeps, 'auth' | 'clock'>) {
  return new Elysia({ name: 'routes.session.freshness', seed: deps.auth }).use(authGuard(deps)).get(
    '/api/v1/session/freshness',
    ({ session }) => {
      const authenticatedAt = session.authenticatedAt;
      const freshUntil = authenticatedAt === null ? null : new Date(authenticatedAt.getTime() + deps.auth.freshAuthWindowSecs * 1000);
      return { fresh: true as const, authenticatedAt: authenticatedAt?.toISOString() ?? null, freshUntil: freshUntil?.toISOString() ?? null };
    },
    {
      freshAuth: true,
      detail: {
        summary: 'Whether this session is fresh enough for sensitive actions (401 fresh_auth_required if not)',
        description: 'Sensitive actions (deleting a bot, role changes, go-live) need a session that proved its password (and TOTP when enrolled) within FRESH_AUTH_WINDOW_SECS. 200 with `freshUntil` when it did; 401 `fresh_auth_required` when not (then POST /api/v1/session/reauthenticate).',
        tags: ['accounts'],
        security: [{ bearer: [] }, { cookie: [] }],
      },
      response: { 200: t.Object({ fresh: t.Literal(true), authenticatedAt: t.Union([t.String(), t.Null()]), freshUntil: t.Union([t.String(), t.Null()]) }) },
    },
  );
}
