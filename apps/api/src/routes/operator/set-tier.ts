import { Elysia, t } from 'elysia';
import type { ApiDeps } from '../../deps.ts';
import { authGuard } from '../../auth/guard.ts';
import { auditMeta } from '../../auth/request-meta.ts';

const tier = t.Union([t.Literal('free'), t.Literal('basic'), t.Literal('pro')]);

/** Operators set a user's tier (a comp, a correction). Fresh session required; audited `user.tier.changed` with the reason. */
export function putUserTier(deps: Pick<ApiDeps, 'auth' | 'clock' | 'config' | 'unlock'>) {
  return new Elysia({ name: 'routes.operator.set-tier', seed: deps.auth }).use(authGuard(deps)).put(
    '/api/v1/operator/users/:id/tier',
    async ({ session, params, body, request }) => {
      const r = await deps.unlock.tiers.setTier(session.user.id, params.id, body.tier, { ...auditMeta(request), reason: body.reason ?? null });
      return { id: params.id, tier: r.to, previousTier: r.from };
    },
    {
      operator: true,
      freshAuth: true,
      params: t.Object({ id: t.String({ minLength: 1, maxLength: 64 }) }),
      body: t.Object({ tier, reason: t.Optional(t.String({ maxLength: 500 })) }, { additionalProperties: false }),
      detail: {
        summary: "Set a user's tier (operators only, fresh session)",
        description: 'Grants or revokes a paid tier by hand (audited), e.g. for support; billing normally sets it from RevenueCat. 403 `forbidden` without the operator role; 401 `fresh_auth_required` on a stale session; 404 for an unknown user.',
        tags: ['operator'],
        security: [{ bearer: [] }, { cookie: [] }],
      },
      response: { 200: t.Object({ id: t.String(), tier, previousTier: tier }) },
    },
  );
}
