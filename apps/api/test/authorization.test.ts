import { afterAll, beforeAll, describe, test } from 'bun:test';
import { assertCrossSiteRefused, assertUnauthenticatedRefused, authorizationSuite, type AuthzFixture } from '../../../test/authz-harness.ts';
import { testEngines } from '../../../test/databases.ts';
import { createApiHarness, type ApiHarness } from './api-harness.ts';
import { bearer, browserSession, json, signUp } from './accounts-helpers.ts';

for (const engine of testEngines()) {
  describe(`authorization of account routes on ${engine}`, () => {
    let h: ApiHarness;
    let fixture: AuthzFixture;
    beforeAll(async () => {
      h = await createApiHarness(engine);
      const a = await signUp(h, 'owner-a');
      const b = await signUp(h, 'other-b');
      const leaving = await signUp(h, 'signed-out');
      await h.request('/api/auth/sign-out', bearer(leaving.token, json({})));
      fixture = {
        request: (path, init) => h.request(path, init),
        owner: { userId: a.userId, token: a.token },
        other: { userId: b.userId, token: b.token },
        resourceId: a.userId,
        staleToken: leaving.token,
        browserSession,
      };
    });
    afterAll(() => h.dispose());

    authorizationSuite(() => fixture, [
      { name: 'GET /api/v1/me', method: 'GET', path: () => '/api/v1/me', crossUser: 'own' },
      { name: 'GET /api/v1/session/freshness', method: 'GET', path: () => '/api/v1/session/freshness', crossUser: 'own' },
      {
        name: 'POST /api/v1/session/reauthenticate',
        method: 'POST',
        path: () => '/api/v1/session/reauthenticate',
        body: { password: 'correct horse battery staple' },
        crossUser: 'own',
      },
      {
        name: 'PUT /api/v1/operator/users/:id/role',
        method: 'PUT',
        path: (id) => `/api/v1/operator/users/${id}/role`,
        body: { role: 'operator' },
        crossUser: 'forbidden',
      },
    ]);

    // better-auth's own write routes, declared in our mount. Cross-user does not apply (they act on the
    // caller's account); a wrong current password keeps A's sessions intact whatever happens.
    const changePassword = {
      name: 'POST /api/auth/change-password',
      method: 'POST' as const,
      path: () => '/api/auth/change-password',
      body: { currentPassword: 'not the current password', newPassword: 'a brand new passphrase' },
    };
    // Two-factor setup acts on the caller's account too; a wrong password or code changes nothing of A's.
    const twoFactor = [
      { name: 'POST /api/auth/two-factor/enable', method: 'POST' as const, path: () => '/api/auth/two-factor/enable', body: { password: 'not the current password' } },
      { name: 'POST /api/auth/two-factor/disable', method: 'POST' as const, path: () => '/api/auth/two-factor/disable', body: { password: 'not the current password' } },
      { name: 'POST /api/auth/two-factor/get-totp-uri', method: 'POST' as const, path: () => '/api/auth/two-factor/get-totp-uri', body: { password: 'not the current password' } },
      { name: 'POST /api/auth/two-factor/verify-totp', method: 'POST' as const, path: () => '/api/auth/two-factor/verify-totp', body: { code: '000000' } },
    ];
    for (const route of [changePassword, ...twoFactor]) {
      test(`${route.name}: no session, a garbage token or a stale token is 401`, () => assertUnauthenticatedRefused(route, fixture));
      test(`${route.name}: a cookie write from a foreign page, without an Origin, or as a form is refused`, () => assertCrossSiteRefused(route, fixture));
    }
  });
}
