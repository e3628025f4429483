/** The security group on every bots and trades route: 401 without a valid session, 404 (never 403) across users. */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { authorizationSuite, type AuthzFixture, type AuthzRoute } from '../../../test/authz-harness.ts';
import { testEngines } from '../../../test/databases.ts';
import { createApiHarness, type ApiHarness } from './api-harness.ts';
import { bearer, browserSession, json, signUp } from './accounts-helpers.ts';
import { botBody, buyYes, createBot, createTicker, getJson, send } from './bots-helpers.ts';

const routes: readonly AuthzRoute[] = [
  { name: 'POST /api/v1/bots', method: 'POST', path: () => '/api/v1/bots', body: botBody(), crossUser: 'own' },
  { name: 'GET /api/v1/bots', method: 'GET', path: () => '/api/v1/bots', crossUser: 'own' },
  { name: 'GET /api/v1/bots/:id', method: 'GET', path: (id) => `/api/v1/bots/${id}` },
  { name: 'PATCH /api/v1/bots/:id', method: 'PATCH', path: (id) => `/api/v1/bots/${id}`, body: { name: 'taken over' } },
  { name: 'POST /api/v1/bots/:id/pause', method: 'POST', path: (id) => `/api/v1/bots/${id}/pause` },
  { name: 'POST /api/v1/bots/:id/resume', method: 'POST', path: (id) => `/api/v1/bots/${id}/resume` },
  { name: 'PUT /api/v1/bots/:id/allow-exits-while-stopped', method: 'PUT', path: (id) => `/api/v1/bots/${id}/allow-exits-while-stopped`, body: { allow: true } },
  { name: 'DELETE /api/v1/bots/:id', method: 'DELETE', path: (id) => `/api/v1/bots/${id}` },
  { name: 'GET /api/v1/bots/:id/trades', method: 'GET', path: (id) => `/api/v1/bots/${id}/trades` },
  { name: 'GET /api/v1/bots/:id/positions', method: 'GET', path: (id) => `/api/v1/bots/${id}/positions` },
  { name: 'GET /api/v1/bots/:id/pnl', method: 'GET', path: (id) => `/api/v1/bots/${id}/pnl` },
  { name: 'GET /api/v1/bots/:id/pnl/series', method: 'GET', path: (id) => `/api/v1/bots/${id}/pnl/series` },
  { name: 'GET /api/v1/bots/:id/shadow-report', method: 'GET', path: (id) => `/api/v1/bots/${id}/shadow-report` },
  { name: 'GET /api/v1/bots/:id/decisions', method: 'GET', path: (id) => `/api/v1/bots/${id}/decisions` },
  { name: 'GET /api/v1/bots/:id/unlock-progress', method: 'GET', path: (id) => `/api/v1/bots/${id}/unlock-progress` },
  { name: 'GET /api/v1/bots/:id/live-preflight', method: 'GET', path: (id) => `/api/v1/bots/${id}/live-preflight` },
  { name: 'GET /api/v1/trades', method: 'GET', path: () => '/api/v1/trades', crossUser: 'own' },
  { name: 'GET /api/v1/trades?botId=', method: 'GET', path: (id) => `/api/v1/trades?botId=${id}` },
];

for (const engine of testEngines()) {
  describe(`authorization of bots routes on ${engine}`, () => {
    let h: ApiHarness;
    let fixture: AuthzFixture;
    let ownerToken: string;
    let botId: string;
    beforeAll(async () => {
      h = await createApiHarness(engine);
      const a = await signUp(h, 'bots-owner');
      const b = await signUp(h, 'bots-other');
      const leaving = await signUp(h, 'bots-signed-out');
      const bot = await createBot(h, a.token, { name: 'guarded' });
      await send(h, a.token, 'POST', `/api/v1/bots/${bot.id}/resume`);
      await createTicker(h).tick(bot.id, buyYes(5_000_000));
      await createBot(h, leaving.token);
      await h.request('/api/auth/sign-out', bearer(leaving.token, json({})));
      ownerToken = a.token;
      botId = bot.id;
      fixture = {
        request: (path, init) => h.request(path, init),
        owner: { userId: a.userId, token: a.token },
        other: { userId: b.userId, token: b.token },
        resourceId: bot.id,
        staleToken: leaving.token,
        browserSession,
      };
    }, 60_000);
    afterAll(() => h.dispose(), 60_000);

    authorizationSuite(() => fixture, routes);

    test("after every attempt by others, the owner's bot is unchanged and still theirs", async () => {
      const bot = await getJson<{ name: string; status: string }>(h, ownerToken, `/api/v1/bots/${botId}`);
      expect(bot).toMatchObject({ name: 'guarded', status: 'active' });
      const trades = await getJson<{ items: unknown[] }>(h, ownerToken, `/api/v1/bots/${botId}/trades`);
      expect(trades.items).toHaveLength(1);
    });
  });
}
