import { ConflictError, ForbiddenError, NotFoundError } from '@polymancer/core';
import { Elysia, t } from 'elysia';
import type { ApiDeps } from '../../deps.ts';
import { authGuard } from '../../auth/guard.ts';
import { auditMeta } from '../../auth/request-meta.ts';

const role = t.Union([t.Literal('user'), t.Literal('operator'), t.Literal('compliance')]);

/** Operators set a user's role, on a fresh session. Audited `user.role.changed`; the last operator cannot step down. */
export function putUserRole(deps: Pick<ApiDeps, 'auth' | 'clock' | 'config'>) {
  return new Elysia({ name: 'routes.operator.change-role', seed: deps.auth }).use(authGuard(deps)).put(
    '/api/v1/operator/users/:id/role',
    async ({ session, params, body, request }) => {
      const outcome = await deps.auth.changeRole(session, { userId: params.id, role: body.role }, auditMeta(request));
      if (!outcome.ok) {
        switch (outcome.error.code) {
          case 'forbidden':
            throw new ForbiddenError('Only operators may do this');
          case 'not_found':
            throw new NotFoundError('User');
          case 'last_operator':
            throw new ConflictError('The last operator cannot give up the operator role; promote another operator first');
        }
      }
      return { id: outcome.value.userId, role: outcome.value.to, previousRole: outcome.value.from };
    },
    {
      operator: true,
      // A role change is a sensitive operator action: the session must have proven its password (and
      // TOTP, when enrolled) within FRESH_AUTH_WINDOW_SECS.
      freshAuth: true,
      params: t.Object({ id: t.String({ minLength: 1, maxLength: 64 }) }),
      body: t.Object({ role }, { additionalProperties: false }),
      detail: {
        summary: "Change a user's role (operators only)",
        description: 'Needs a fresh session: 401 `fresh_auth_required` (re-authenticate at POST /api/v1/session/reauthenticate) when the password was last proven more than FRESH_AUTH_WINDOW_SECS ago.',
        tags: ['operator'],
        security: [{ bearer: [] }, { cookie: [] }],
      },
      response: { 200: t.Object({ id: t.String(), role, previousRole: role }) },
    },
  );
}
