/**
 * Live trading's safety routes through the running API: trading status, emergency stops, and the
 * operators' circuit breakers and freezes (happy path, errors) — plus the security group on every
 * route (authorization harness).
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { authorizationSuite, type AuthzFixture, type AuthzRoute } from '../../../test/authz-harness.ts';
import { testEngines } from '../../../test/databases.ts';
import { auditRows, bearer, browserSession, errorOf, json, makeOperator, signUp, type SignedIn } from './accounts-helpers.ts';
import { createApiHarness, type ApiHarness } from './api-harness.ts';
import { createBot } from './bots-helpers.ts';
import { schema } from '@polymancer/db';

const routes: readonly AuthzRoute[] = [
  { name: 'GET /api/v1/trading-status', method: 'GET', path: () => '/api/v1/trading-status', crossUser: 'own' },
  { name: 'POST /api/v1/bots/:id/emergency-stop', method: 'POST', path: (id) => `/api/v1/bots/${id}/emergency-stop`, body: { reason: 'stop' } },
  { name: 'POST /api/v1/bots/:id/emergency-stop/clear', method: 'POST', path: (id) => `/api/v1/bots/${id}/emergency-stop/clear`, body: {} },
  { name: 'GET /api/v1/operator/breakers', method: 'GET', path: () => '/api/v1/operator/breakers', crossUser: 'forbidden' },
  { name: 'POST /api/v1/operator/breakers/:name/resume', method: 'POST', path: () => '/api/v1/operator/breakers/exchange_errors/resume', body: {}, crossUser: 'forbidden' },
  { name: 'POST /api/v1/operator/users/:id/freeze', method: 'POST', path: (id) => `/api/v1/operator/users/${id}/freeze`, body: { reason: 'x' }, crossUser: 'forbidden' },
  { name: 'POST /api/v1/operator/users/:id/resume-trading', method: 'POST', path: (id) => `/api/v1/operator/users/${id}/resume-trading`, body: { reason: 'x' }, crossUser: 'forbidden' },
  { name: 'POST /api/v1/operator/bots/:id/emergency-stop', method: 'POST', path: (id) => `/api/v1/operator/bots/${id}/emergency-stop`, body: { reason: 'x' }, crossUser: 'forbidden' },
  { name: 'POST /api/v1/bots/:id/close-all-positions', method: 'POST', path: (id) => `/api/v1/bots/${id}/close-all-positions`, body: { reason: 'x' } },
  { name: 'POST /api/v1/operator/bots/:id/close-all-positions', method: 'POST', path: (id) => `/api/v1/operator/bots/${id}/close-all-positions`, body: { reason: 'x' }, crossUser: 'forbidden' },
  { name: 'GET /api/v1/bots/:id/liquidations', method: 'GET', path: (id) => `/api/v1/bots/${id}/liquidations` },
  { name: 'GET /api/v1/bots/:id/slippage-differential', method: 'GET', path: (id) => `/api/v1/bots/${id}/slippage-differential` },
  { name: 'PUT /api/v1/bots/:id/slippage-differential/auto-tighten', method: 'PUT', path: (id) => `/api/v1/bots/${id}/slippage-differential/auto-tighten`, body: { enabled: false } },
];

for (const engine of testEngines()) {
  describe(`safety routes on ${engine}`, () => {
    let h: ApiHarness;
    let fixture: AuthzFixture;
    let owner: SignedIn;
    let operator: SignedIn;
    beforeAll(async () => {
      h = await createApiHarness(engine);
      owner = await signUp(h, 'safety-owner');
      const other = await signUp(h, 'safety-other');
      const leaving = await signUp(h, 'safety-signed-out');
      operator = await signUp(h, 'safety-operator');
      await makeOperator(h, operator.userId);
      const botId = (await createBot(h, owner.token, { name: 'guarded' })).id;
      await h.request('/api/auth/sign-out', bearer(leaving.token, json({})));
      fixture = { request: (path, init) => h.request(path, init), owner: { userId: owner.userId, token: owner.token }, other: { userId: other.userId, token: other.token }, resourceId: botId, staleToken: leaving.token, browserSession };
    }, 60_000);
    afterAll(() => h.dispose(), 60_000);

    authorizationSuite(() => fixture, routes);

    const get = async (path: string, token: string) => (await h.request(path, bearer(token))).json() as Promise<Record<string, unknown>>;

    test('a user emergency-stops their bot with a reason; it is paused and marked; clearing keeps it paused', async () => {
      const bot = await createBot(h, owner.token, { name: 'to stop' });
      await h.request(`/api/v1/bots/${bot.id}/resume`, bearer(owner.token, json({})));
      const res = await h.request(`/api/v1/bots/${bot.id}/emergency-stop`, bearer(owner.token, json({ reason: 'it is misbehaving' })));
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ id: bot.id, status: 'paused', emergencyStopped: true, emergencyStoppedReason: 'it is misbehaving', emergencyStoppedAt: h.clock.now().toISOString() });
      expect((await auditRows(h)).some((r) => r.action === 'bot.emergency_stopped' && r.subject_id === bot.id && r.actor_id === owner.userId)).toBe(true);
      const cleared = await h.request(`/api/v1/bots/${bot.id}/emergency-stop/clear`, bearer(owner.token, json({})));
      expect(await cleared.json()).toMatchObject({ status: 'paused', emergencyStopped: false, emergencyStoppedReason: null });
    });

    test('an emergency stop without a reason is 422; an unknown bot is 404', async () => {
      const bot = await createBot(h, owner.token, { name: 'no reason' });
      const res = await h.request(`/api/v1/bots/${bot.id}/emergency-stop`, bearer(owner.token, json({})));
      expect(res.status).toBe(422);
      expect((await errorOf(res)).code).toBe('validation_failed');
      const missing = await h.request('/api/v1/bots/bot_nope/emergency-stop', bearer(owner.token, json({ reason: 'x' })));
      expect(missing.status).toBe(404);
    });

    test('an open breaker is visible to users and operators; an operator resumes it (audited), a second resume is 409', async () => {
      expect(await get('/api/v1/trading-status', owner.token)).toMatchObject({ liveTradingPaused: false, tradingFrozen: false });
      for (let i = 0; i < 20; i++) await h.deps.safety.breakers.recordExchangeCall({ status: 503 });
      const status = await get('/api/v1/trading-status', owner.token);
      expect(status.liveTradingPaused).toBe(true);
      expect(status.breakers).toContainEqual(expect.objectContaining({ name: 'exchange_errors', open: true, reason: expect.stringContaining('20 of 20 exchange API calls failed') }));
      const ops = (await get('/api/v1/operator/breakers', operator.token)) as { items: Array<Record<string, unknown>> };
      expect(ops.items.find((b) => b.name === 'exchange_errors')).toMatchObject({ open: true, details: { exchangeErrors: 20, exchangeCalls: 20 } });
      const resumed = await h.request('/api/v1/operator/breakers/exchange_errors/resume', bearer(operator.token, json({ reason: 'exchange recovered' })));
      expect(resumed.status).toBe(200);
      expect(await resumed.json()).toMatchObject({ name: 'exchange_errors', open: false, resumedBy: operator.userId });
      expect((await auditRows(h)).some((r) => r.action === 'circuit_breaker.resumed' && r.actor_id === operator.userId)).toBe(true);
      const again = await h.request('/api/v1/operator/breakers/exchange_errors/resume', bearer(operator.token, json({})));
      expect(again.status).toBe(409);
      expect((await errorOf(again)).code).toBe('breaker_not_open');
      const unknown = await h.request('/api/v1/operator/breakers/nonsense/resume', bearer(operator.token, json({})));
      expect(unknown.status).toBe(422);
    });

    test("an operator freezes a user (the user sees it and is told), stops any bot, and lifts the freeze", async () => {
      const victim = await signUp(h, 'safety-frozen');
      const bot = await createBot(h, victim.token, { name: 'theirs' });
      const frozen = await h.request(`/api/v1/operator/users/${victim.userId}/freeze`, bearer(operator.token, json({ reason: 'account review' })));
      expect(await frozen.json()).toEqual({ userId: victim.userId, tradingFrozen: true, changed: true });
      expect(await get('/api/v1/trading-status', victim.token)).toMatchObject({ tradingFrozen: true });
      const stopped = await h.request(`/api/v1/operator/bots/${bot.id}/emergency-stop`, bearer(operator.token, json({ reason: 'review' })));
      expect(await stopped.json()).toMatchObject({ id: bot.id, emergencyStopped: true, emergencyStoppedReason: 'review' });
      expect((await h.notificationsOf(victim.userId)).map((n) => n.kind)).toEqual(expect.arrayContaining(['trading.frozen', 'bot.emergency_stopped']));
      const lifted = await h.request(`/api/v1/operator/users/${victim.userId}/resume-trading`, bearer(operator.token, json({ reason: 'done' })));
      expect(await lifted.json()).toEqual({ userId: victim.userId, tradingFrozen: false, changed: true });
      const nobody = await h.request('/api/v1/operator/users/usr_nobody/freeze', bearer(operator.token, json({ reason: 'x' })));
      expect(nobody.status).toBe(404);
    });

    test("a bot's slippage differential: live slippage over predicted by more than 1 pp over its recent matched orders alerts and suggests a tighter limit", async () => {
      const bot = await createBot(h, owner.token, { name: 'slippy', risk: { maxSlippageBps: 300 } });
      const empty = await get(`/api/v1/bots/${bot.id}/slippage-differential`, owner.token);
      expect(empty).toEqual({ samples: 0, windowOrders: 20, meanExcessBps: null, alert: false, currentMaxSlippageBps: 300, suggestedMaxSlippageBps: null, autoTighten: false });
      // Five matched live orders: predicted 10 bps, paid 130 bps (excess 120 each); one rejected order does not count.
      const base = { userId: owner.userId, botId: bot.id, tickKey: 't', conditionId: `0x${'c3'.repeat(32)}`, tokenId: '1', outcome: 'Yes', side: 'buy', orderType: 'FOK', walletType: 0, makerAddress: '0x0', signerAddress: '0x0', exchange: 'ctf_v2', salt: '1', signedOrder: {}, makerAmountMicros: 1, takerAmountMicros: 1, limitPriceMicros: 1, predictedSharesMicros: 1, predictedNotionalMicros: 1, predictedPriceMicros: 1, predictedFeeMicros: 0, predictedSlippageBps: 10, bestPriceMicros: 1, createdAt: h.clock.now(), updatedAt: h.clock.now() };
      for (let i = 0; i < 5; i++) await h.database.handle.db.insert(schema.liveOrders).values({ ...base, id: `ord_slip${i}`, orderHash: `0x${i}`, status: 'matched', actualSlippageBps: 130 } as never);
      await h.database.handle.db.insert(schema.liveOrders).values({ ...base, id: 'ord_slipx', orderHash: '0xx', status: 'rejected' } as never);
      expect(await get(`/api/v1/bots/${bot.id}/slippage-differential`, owner.token)).toEqual({ samples: 5, windowOrders: 20, meanExcessBps: 120, alert: true, currentMaxSlippageBps: 300, suggestedMaxSlippageBps: 180, autoTighten: false });
      // The owner opts in: audited; the report says so. Bad bodies are 422, another user's bot 404.
      const optIn = await h.request(`/api/v1/bots/${bot.id}/slippage-differential/auto-tighten`, bearer(owner.token, { ...json({ enabled: true }), method: 'PUT' }));
      expect(optIn.status).toBe(200);
      expect(await optIn.json()).toMatchObject({ autoTighten: true, suggestedMaxSlippageBps: 180 });
      expect((await auditRows(h)).some((r) => r.action === 'bot.slippage.auto_tighten_set' && r.subject_id === bot.id && r.actor_id === owner.userId)).toBe(true);
      const bad = await h.request(`/api/v1/bots/${bot.id}/slippage-differential/auto-tighten`, bearer(owner.token, { ...json({ enabled: 'yes' }), method: 'PUT' }));
      expect(bad.status).toBe(422);
      expect(await errorOf(bad)).toMatchObject({ code: 'validation_failed' });
      const missing = await h.request('/api/v1/bots/bot_nope/slippage-differential/auto-tighten', bearer(owner.token, { ...json({ enabled: true }), method: 'PUT' }));
      expect(missing.status).toBe(404);
    });
  });
}
