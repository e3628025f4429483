import { Elysia, t } from 'elysia';
import type { ApiDeps } from '../../deps.ts';
import { authGuard } from '../../auth/guard.ts';

export const userProfileSchema = t.Object({
  id: t.String(),
  email: t.String(),
  name: t.String(),
  tier: t.Union([t.Literal('free'), t.Literal('basic'), t.Literal('pro')]),
  role: t.Union([t.Literal('user'), t.Literal('operator'), t.Literal('compliance')]),
  kycStatus: t.Union([t.Literal('unverified'), t.Literal('pending'), t.Literal('verified'), t.Literal('rejected')]),
  tradingFrozen: t.Boolean(),
  twoFactorEnabled: t.Boolean(),
});

export function getMe(deps: Pick<ApiDeps, 'auth' | 'clock'>) {
  return new Elysia({ name: 'routes.me.get', seed: deps.auth }).use(authGuard(deps)).get(
    '/api/v1/me',
    ({ session }) => {
      const u = session.user;
      return {
        id: u.id,
        email: u.email,
        name: u.name,
        tier: u.tier,
        role: u.role,
        kycStatus: u.kycStatus,
        tradingFrozen: u.tradingFrozen,
        twoFactorEnabled: u.twoFactorEnabled,
      };
    },
    {
      signedIn: true,
      detail: {
        summary: 'The signed-in user',
        description: 'Your account: id, email, name, subscription tier, role, KYC status, whether trading is frozen, and whether TOTP is enrolled.',
        tags: ['accounts'],
        security: [{ bearer: [] }, { cookie: [] }],
      },
      response: { 200: userProfileSchema },
    },
  );
}
