/**
 * The security group on every route of the unlock path: 401 without a valid session, 404 (never
 * 403) for another user's bot, own-data-only for the account routes, 403 for the operator route.
 * The two provider webhooks take no session: they are authenticated by their signature / header
 * (tested in unlock-webhooks.test.ts); here, a user's session does not open them.
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { authorizationSuite, type AuthzFixture, type AuthzRoute } from '../../../test/authz-harness.ts';
import { testEngines } from '../../../test/databases.ts';
import { auditRows, bearer, browserSession, errorOf, json, makeOperator, password, signUp } from './accounts-helpers.ts';
import { createApiHarness, type ApiHarness } from './api-harness.ts';
import { createBot } from './bots-helpers.ts';
import { ACK, RIGHT_ANSWERS } from './unlock-helpers.ts';

const routes: readonly AuthzRoute[] = [
  { name: 'GET /api/v1/bots/:id/live-eligibility', method: 'GET', path: (id) => `/api/v1/bots/${id}/live-eligibility` },
  { name: 'POST /api/v1/bots/:id/go-live', method: 'POST', path: (id) => `/api/v1/bots/${id}/go-live`, body: {} },
  { name: 'PUT /api/v1/bots/:id/shadow-mode', method: 'PUT', path: (id) => `/api/v1/bots/${id}/shadow-mode`, body: { enabled: true } },
  { name: 'GET /api/v1/unlock/quiz', method: 'GET', path: () => '/api/v1/unlock/quiz', crossUser: 'own' },
  { name: 'POST /api/v1/unlock/quiz/attempts', method: 'POST', path: () => '/api/v1/unlock/quiz/attempts', body: { answers: RIGHT_ANSWERS }, crossUser: 'own' },
  { name: 'POST /api/v1/unlock/acknowledgment', method: 'POST', path: () => '/api/v1/unlock/acknowledgment', body: { text: ACK }, crossUser: 'own' },
  { name: 'GET /api/v1/kyc', method: 'GET', path: () => '/api/v1/kyc', crossUser: 'own' },
  { name: 'POST /api/v1/kyc/verification', method: 'POST', path: () => '/api/v1/kyc/verification', crossUser: 'own' },
  { name: 'POST /api/v1/kyc/sandbox/review', method: 'POST', path: () => '/api/v1/kyc/sandbox/review', body: { answer: 'GREEN', country: 'PT' }, crossUser: 'own' },
  { name: 'PUT /api/v1/operator/users/:id/tier', method: 'PUT', path: (id) => `/api/v1/operator/users/${id}/tier`, body: { tier: 'pro' }, crossUser: 'forbidden' },
];

for (const engine of testEngines()) {
  describe(`authorization of the unlock routes on ${engine}`, () => {
    let h: ApiHarness;
    let fixture: AuthzFixture;
    let botId: string;
    let ownerId: string;
    beforeAll(async () => {
      h = await createApiHarness(engine);
      const a = await signUp(h, 'unlock-owner');
      const b = await signUp(h, 'unlock-other');
      const leaving = await signUp(h, 'unlock-signed-out');
      botId = (await createBot(h, a.token, { name: 'guarded' })).id;
      ownerId = a.userId;
      await h.request('/api/auth/sign-out', bearer(leaving.token, json({})));
      fixture = {
        request: (path, init) => h.request(path, init),
        owner: { userId: a.userId, token: a.token },
        other: { userId: b.userId, token: b.token },
        resourceId: botId,
        staleToken: leaving.token,
        browserSession,
      };
    }, 60_000);
    afterAll(() => h.dispose(), 60_000);

    authorizationSuite(() => fixture, routes);

    test("after every attempt by others, the owner's bot is still locked, paper, and has no live copy", async () => {
      const e = await h.request(`/api/v1/bots/${botId}/live-eligibility`, bearer(fixture.owner.token));
      expect(((await e.json()) as { state: string; botType: string }).botType).toBe('paper');
      const bots = (await (await h.request('/api/v1/bots', bearer(fixture.owner.token))).json()) as { items: unknown[] };
      expect(bots.items).toHaveLength(1);
      expect((await auditRows(h)).filter((r) => r.subject_id === ownerId && r.action === 'user.tier.changed')).toHaveLength(0);
    });

    test('a user session does not open the provider webhooks', async () => {
      for (const path of ['/api/v1/webhooks/revenuecat', '/api/v1/webhooks/sumsub']) {
        const res = await h.request(path, bearer(fixture.owner.token, json({ api_version: '1.0', event: { id: 'x', type: 'INITIAL_PURCHASE', app_user_id: ownerId, event_timestamp_ms: 1 } })));
        expect({ path, status: res.status, code: (await errorOf(res)).code }).toEqual({ path, status: 401, code: 'webhook_unauthorized' });
      }
    });

    describe('operator tier route', () => {
      test('an operator with a fresh session sets a tier, audited with the reason; a stale session is refused', async () => {
        const op = await signUp(h, 'tier-operator');
        await makeOperator(h, op.userId);
        const target = await signUp(h, 'tier-target');
        const ok = await h.request(`/api/v1/operator/users/${target.userId}/tier`, { ...bearer(op.token, json({ tier: 'pro', reason: 'beta tester' })), method: 'PUT' });
        expect(ok.status).toBe(200);
        expect(await ok.json()).toEqual({ id: target.userId, tier: 'pro', previousTier: 'free' });
        const rows = (await auditRows(h)).filter((r) => r.subject_id === target.userId && r.action === 'user.tier.changed');
        expect(rows).toHaveLength(1);
        expect(rows[0]).toMatchObject({ actor_id: op.userId, details: { from: 'free', to: 'pro', source: 'operator', reason: 'beta tester' } });
        expect((await h.notificationsOf(target.userId)).map((n) => n.kind)).toContain('tier.changed');

        h.clock.advance(301_000);
        const stale = await h.request(`/api/v1/operator/users/${target.userId}/tier`, { ...bearer(op.token, json({ tier: 'free' })), method: 'PUT' });
        expect(stale.status).toBe(401);
        expect((await errorOf(stale)).code).toBe('fresh_auth_required');
        const reauth = await h.request('/api/v1/session/reauthenticate', bearer(op.token, json({ password })));
        expect(reauth.status).toBe(200);
        const missing = await h.request('/api/v1/operator/users/usr_nobody/tier', { ...bearer(op.token, json({ tier: 'pro' })), method: 'PUT' });
        expect(missing.status).toBe(404);
      });
    });
  });
}
