import { afterAll, beforeAll, describe } from 'bun:test';
import { authorizationSuite, type AuthzFixture } from '../../../test/authz-harness.ts';
import { testEngines } from '../../../test/databases.ts';
import { createApiHarness, type ApiHarness } from './api-harness.ts';
import { bearer, json, signUp } from './accounts-helpers.ts';

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
  });
}
