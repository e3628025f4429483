import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { testEngines } from '../../../test/databases.ts';
import { createApiHarness, type ApiHarness } from './api-harness.ts';
import { bearer, errorOf, signUp, type SignedIn } from './accounts-helpers.ts';
import { botBody, type BotJson, buyYes, CONDITION, createBot, createTicker, getJson, NO_TOKEN, send, TestMarket, YES_TOKEN } from './bots-helpers.ts';

interface Issue {
  readonly path: string;
  readonly message: string;
}

async function issuesOf(res: Response): Promise<{ code: string; paths: string[] }> {
  const e = await errorOf(res);
  const issues = (e.details?.issues ?? []) as Issue[];
  for (const i of issues) expect(i.message.length).toBeGreaterThan(0);
  return { code: e.code, paths: issues.map((i) => i.path) };
}

for (const engine of testEngines()) {
  describe(`bots API on ${engine}`, () => {
    let h: ApiHarness;
    let a: SignedIn;
    beforeAll(async () => {
      h = await createApiHarness(engine);
      a = await signUp(h, 'bot-owner');
    }, 60_000);
    afterAll(() => h.dispose(), 60_000);

    describe('happy path', () => {
      test('creates a paused paper bot with the specified defaults and a prefixed id', async () => {
        const bot = await createBot(h, a.token);
        expect(bot.id).toStartWith('bot_');
        expect(bot).toMatchObject({
          name: 'test bot',
          type: 'paper',
          status: 'paused',
          emergencyStopped: false,
          intervalSecs: 60,
          startingBalanceMicros: 1_000_000_000,
          paperBalanceMicros: 1_000_000_000,
          risk: { maxTradeSizeMicros: null, maxPositionPerMarketMicros: null, dailyLossLimitMicros: null, maxSlippageBps: null, maxPriceMovementBps: 100, maxMarketImpactBps: 1_000 },
          feeModel: { kind: 'flat', flatFeeBps: 200 },
          realism: { enabled: false, artificialDelayMs: 200, staleBookMs: 0 },
          markets: [{ conditionId: CONDITION, tokenIds: [YES_TOKEN, '2222222222'] }],
          firstPaperTradeAt: null,
          lastTickAt: null,
        });
        expect((bot.strategy as { kind: string; params: Record<string, unknown> }).kind).toBe('mean-reversion');
        expect((bot.strategy as { params: Record<string, unknown> }).params.windowSize).toBe(20);
        expect(Number.isNaN(Date.parse(bot.createdAt as string))).toBe(false);
        expect(bot).not.toHaveProperty('userId');
      });

      test('creates a bot with every setting given', async () => {
        const bot = await createBot(h, a.token, {
          name: 'full',
          intervalSecs: 30,
          startingBalanceMicros: 250_000_000,
          strategy: { kind: 'momentum', params: { lookbackMoves: 4, orderAmountMicros: 5_000_000 } },
          risk: { maxTradeSizeMicros: 20_000_000, maxSlippageBps: 50, maxPriceMovementBps: 200 },
          feeModel: { kind: 'polymarket' },
          realism: { enabled: true, staleBookMs: 60_000 },
        });
        expect(bot).toMatchObject({
          intervalSecs: 30,
          startingBalanceMicros: 250_000_000,
          paperBalanceMicros: 250_000_000,
          risk: { maxTradeSizeMicros: 20_000_000, maxSlippageBps: 50, maxPriceMovementBps: 200, maxMarketImpactBps: 1_000 },
          feeModel: { kind: 'polymarket' },
          realism: { enabled: true, artificialDelayMs: 200, staleBookMs: 60_000 },
        });
        expect((bot.strategy as { params: Record<string, unknown> }).params).toMatchObject({ lookbackMoves: 4, orderAmountMicros: 5_000_000, source: 'midpoints' });
      });

      test('lists and reads the caller’s bots', async () => {
        const bot = await createBot(h, a.token, { name: 'listed' });
        const list = await getJson<{ items: BotJson[] }>(h, a.token, '/api/v1/bots');
        expect(list.items.map((b) => b.id)).toContain(bot.id);
        const one = await getJson<BotJson>(h, a.token, `/api/v1/bots/${bot.id}`);
        expect(one).toEqual(bot);
      });

      test('updates some settings and merges risk field by field', async () => {
        const bot = await createBot(h, a.token, { risk: { maxTradeSizeMicros: 10_000_000 } });
        const res = await send(h, a.token, 'PATCH', `/api/v1/bots/${bot.id}`, { name: 'renamed', risk: { maxSlippageBps: 75 }, realism: { enabled: true } });
        expect(res.status).toBe(200);
        const updated = (await res.json()) as BotJson;
        expect(updated).toMatchObject({ name: 'renamed', risk: { maxTradeSizeMicros: 10_000_000, maxSlippageBps: 75, maxPriceMovementBps: 100 }, realism: { enabled: true, artificialDelayMs: 200 } });
        expect(await getJson<BotJson>(h, a.token, `/api/v1/bots/${bot.id}`)).toEqual(updated);
      });

      test('an edit never changes the status, and an edit against a stale version is 409 conflict', async () => {
        const bot = await createBot(h, a.token);
        expect(bot.version).toBe(1);
        await send(h, a.token, 'POST', `/api/v1/bots/${bot.id}/resume`);
        const edited = (await (await send(h, a.token, 'PATCH', `/api/v1/bots/${bot.id}`, { name: 'first edit' })).json()) as BotJson;
        expect(edited).toMatchObject({ status: 'active', version: 2 });
        const patch = (version: string) =>
          h.request(`/api/v1/bots/${bot.id}`, bearer(a.token, { method: 'PATCH', headers: { 'content-type': 'application/json', 'if-match': version }, body: JSON.stringify({ name: 'second edit' }) }));
        const stale = await patch('1');
        expect(stale.status).toBe(409);
        expect((await errorOf(stale)).code).toBe('conflict');
        expect((await getJson<BotJson>(h, a.token, `/api/v1/bots/${bot.id}`)).name).toBe('first edit');
        const current = await patch('"2"');
        expect(current.status).toBe(200);
        expect((await current.json()) as BotJson).toMatchObject({ name: 'second edit', version: 3, status: 'active' });
      });

      test('resumes and pauses a bot, each idempotent', async () => {
        const bot = await createBot(h, a.token);
        for (const [verb, status] of [['resume', 'active'], ['resume', 'active'], ['pause', 'paused'], ['pause', 'paused']] as const) {
          const res = await send(h, a.token, 'POST', `/api/v1/bots/${bot.id}/${verb}`);
          expect(res.status).toBe(200);
          expect(((await res.json()) as BotJson).status).toBe(status);
        }
      });

      test('deletes a bot: 204, then it is gone from reads and the list', async () => {
        const bot = await createBot(h, a.token);
        const res = await send(h, a.token, 'DELETE', `/api/v1/bots/${bot.id}`);
        expect(res.status).toBe(204);
        expect(await res.text()).toBe('');
        expect((await send(h, a.token, 'GET', `/api/v1/bots/${bot.id}`)).status).toBe(404);
        const list = await getJson<{ items: BotJson[] }>(h, a.token, '/api/v1/bots');
        expect(list.items.map((b) => b.id)).not.toContain(bot.id);
        expect((await send(h, a.token, 'DELETE', `/api/v1/bots/${bot.id}`)).status).toBe(404);
      });

      test('the OpenAPI document lists every bots route with its schemas', async () => {
        const doc = (await (await h.request('/openapi/json')).json()) as { paths: Record<string, Record<string, { requestBody?: unknown; responses?: Record<string, unknown>; tags?: string[] }>> };
        const expected: Array<[string, string]> = [
          ['/api/v1/bots', 'post'],
          ['/api/v1/bots', 'get'],
          ['/api/v1/bots/{id}', 'get'],
          ['/api/v1/bots/{id}', 'patch'],
          ['/api/v1/bots/{id}', 'delete'],
          ['/api/v1/bots/{id}/pause', 'post'],
          ['/api/v1/bots/{id}/resume', 'post'],
          ['/api/v1/bots/{id}/trades', 'get'],
          ['/api/v1/bots/{id}/positions', 'get'],
          ['/api/v1/bots/{id}/pnl', 'get'],
          ['/api/v1/bots/{id}/pnl/series', 'get'],
          ['/api/v1/bots/{id}/decisions', 'get'],
          ['/api/v1/bots/{id}/unlock-progress', 'get'],
          ['/api/v1/bots/{id}/live-preflight', 'get'],
          ['/api/v1/trades', 'get'],
        ];
        for (const [path, method] of expected) {
          const op = doc.paths[path]?.[method];
          expect({ path, method, found: op !== undefined }).toEqual({ path, method, found: true });
          expect(op?.tags).toContain('bots');
          expect(op?.responses).toBeDefined();
        }
        expect(JSON.stringify(doc.paths['/api/v1/bots']?.post?.requestBody)).toContain('maxPriceMovementBps');
      });
    });

    describe('errors', () => {
      test('refuses bad fields with 422 and the path of each', async () => {
        const cases: Array<[Record<string, unknown>, string]> = [
          [botBody({ name: '' }), 'name'],
          [botBody({ intervalSecs: 1.5 }), 'intervalSecs'],
          [botBody({ intervalSecs: 1 }), 'intervalSecs'],
          [botBody({ risk: { maxSlippageBps: -5 } }), 'risk.maxSlippageBps'],
          [botBody({ risk: { maxTradeSizeMicros: '10' } }), 'risk.maxTradeSizeMicros'],
          [botBody({ markets: [{ conditionId: '0x12', tokenIds: [YES_TOKEN] }] }), 'markets.0.conditionId'],
          [botBody({ markets: [] }), 'markets'],
          [botBody({ strategy: { kind: 'mean-reversion', params: { windowSize: 1 } } }), 'strategy.params.windowSize'],
          [botBody({ strategy: { kind: 'mean-reversion', params: { colour: 'red' } } }), 'strategy.params'],
          [botBody({ startingBalanceMicros: 0 }), 'startingBalanceMicros'],
          [botBody({ realism: { staleBookMs: 400_000 } }), 'realism.staleBookMs'],
          [botBody({ risk: { maxTradeSize: 5_000_000 } }), 'risk'],
          [botBody({ feeModel: { kind: 'flat', flatFeeBps: 20_000 } }), 'feeModel.flatFeeBps'],
        ];
        for (const [body, path] of cases) {
          const res = await send(h, a.token, 'POST', '/api/v1/bots', body);
          const got = await issuesOf(res);
          expect({ body, status: res.status, code: got.code, hasPath: got.paths.some((p) => p === path || p.startsWith(`${path}.`)) }).toEqual({
            body,
            status: 422,
            code: 'validation_failed',
            hasPath: true,
          });
        }
      });

      test('refuses unknown fields and a missing name with 422', async () => {
        for (const body of [botBody({ colour: 'red' }), { markets: botBody().markets, strategy: { kind: 'momentum' } }]) {
          const res = await send(h, a.token, 'POST', '/api/v1/bots', body);
          expect(res.status).toBe(422);
          expect((await issuesOf(res)).code).toBe('validation_failed');
        }
      });

      test('refuses a bad update with 422 and the field path', async () => {
        const bot = await createBot(h, a.token);
        const res = await send(h, a.token, 'PATCH', `/api/v1/bots/${bot.id}`, { risk: { maxMarketImpactBps: 20_000 } });
        expect(res.status).toBe(422);
        expect((await issuesOf(res)).paths).toContain('risk.maxMarketImpactBps');
      });

      test('refuses __proto__, prototype and constructor keys in a create or an update with 422, as any unknown field', async () => {
        const bot = await createBot(h, a.token);
        for (const key of ['__proto__', 'prototype', 'constructor']) {
          for (const text of [`{"name": "x", "${key}": {"polluted": true}}`, `{"risk": {"${key}": {"maxSlippageBps": 1}}}`]) {
            const res = await h.request(`/api/v1/bots/${bot.id}`, bearer(a.token, { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: text }));
            expect({ key, text, status: res.status }).toEqual({ key, text, status: 422 });
            expect((await issuesOf(res)).code).toBe('validation_failed');
          }
          const created = await h.request('/api/v1/bots', bearer(a.token, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(botBody()).replace(/^\{/, `{"${key}": {"polluted": true}, `) }));
          expect({ key, status: created.status }).toEqual({ key, status: 422 });
        }
        expect((await getJson<BotJson>(h, a.token, `/api/v1/bots/${bot.id}`)).name).toBe(bot.name);
        expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      });

      test('refuses a malformed If-Match with 400 and the error shape, leaving the bot unchanged', async () => {
        const bot = await createBot(h, a.token);
        for (const ifMatch of ['abc', '"1', '1.5', '-1', '*', 'W/"x"', '99999999999']) {
          const res = await h.request(`/api/v1/bots/${bot.id}`, bearer(a.token, { method: 'PATCH', headers: { 'content-type': 'application/json', 'if-match': ifMatch }, body: JSON.stringify({ name: 'edited' }) }));
          expect({ ifMatch, status: res.status }).toEqual({ ifMatch, status: 400 });
          const e = await errorOf(res);
          expect(e.code).toBe('bad_request');
          expect(e.details).toMatchObject({ in: 'headers', header: 'if-match' });
          expect(e.message).toContain('If-Match');
        }
        expect((await getJson<BotJson>(h, a.token, `/api/v1/bots/${bot.id}`)).name).toBe(bot.name);
      });

      test('refuses to change the starting balance once the bot has traded', async () => {
        const bot = await createBot(h, a.token);
        await send(h, a.token, 'POST', `/api/v1/bots/${bot.id}/resume`);
        await createTicker(h).tick(bot.id, buyYes(5_000_000));
        const res = await send(h, a.token, 'PATCH', `/api/v1/bots/${bot.id}`, { startingBalanceMicros: 5_000_000 });
        expect(res.status).toBe(422);
        expect((await issuesOf(res)).paths).toEqual(['startingBalanceMicros']);
      });

      test('answers 400 malformed_json to a body that is not JSON', async () => {
        const bot = await createBot(h, a.token);
        for (const [method, path] of [['POST', '/api/v1/bots'], ['PATCH', `/api/v1/bots/${bot.id}`]] as const) {
          const res = await h.request(path, bearer(a.token, { method, headers: { 'content-type': 'application/json' }, body: '{"name": "x",' }));
          expect(res.status).toBe(400);
          expect((await errorOf(res)).code).toBe('malformed_json');
        }
      });

      test('answers 404 for a bot that does not exist, on every bot route', async () => {
        const missing = 'bot_doesnotexist000000000';
        const routes: Array<[string, string, unknown?]> = [
          ['GET', ''],
          ['PATCH', '', { name: 'x' }],
          ['DELETE', ''],
          ['POST', '/pause'],
          ['POST', '/resume'],
          ['GET', '/trades'],
          ['GET', '/positions'],
          ['GET', '/pnl'],
          ['GET', '/pnl/series'],
          ['GET', '/decisions'],
          ['GET', '/unlock-progress'],
          ['GET', '/live-preflight'],
        ];
        for (const [method, suffix, body] of routes) {
          const res = await send(h, a.token, method, `/api/v1/bots/${missing}${suffix}`, body);
          expect({ method, suffix, status: res.status, code: (await errorOf(res)).code }).toEqual({ method, suffix, status: 404, code: 'not_found' });
        }
        const res = await send(h, a.token, 'GET', `/api/v1/trades?botId=${missing}`);
        expect(res.status).toBe(404);
      });

      test('refuses a bad cursor, limit or time bound with 422 naming the parameter', async () => {
        const bot = await createBot(h, a.token);
        const cases: Array<[string, string]> = [
          [`/api/v1/bots/${bot.id}/trades?cursor=not-a-cursor`, 'cursor'],
          [`/api/v1/trades?cursor=${Buffer.from('x|').toString('base64url')}`, 'cursor'],
          [`/api/v1/bots/${bot.id}/decisions?cursor=bm9wZQ`, 'cursor'],
          [`/api/v1/bots/${bot.id}/trades?limit=0`, 'limit'],
          [`/api/v1/trades?limit=201`, 'limit'],
          [`/api/v1/trades?limit=ten`, 'limit'],
          [`/api/v1/bots/${bot.id}/pnl/series?limit=5001`, 'limit'],
          [`/api/v1/trades?from=yesterday`, 'from'],
          [`/api/v1/bots/${bot.id}/pnl/series?to=2026-13-45`, 'to'],
          [`/api/v1/trades?status=lost`, 'status'],
          [`/api/v1/trades?type=imaginary`, 'type'],
        ];
        for (const [path, param] of cases) {
          const res = await send(h, a.token, 'GET', path);
          const got = await issuesOf(res);
          expect({ path, status: res.status, code: got.code, paths: got.paths.includes(param) }).toEqual({ path, status: 422, code: 'validation_failed', paths: true });
        }
      });

      test('refuses an LLM bot with 422 llm_strategy_unavailable when no OpenRouter key is configured', async () => {
        const llm = { kind: 'llm', params: { model: 'openai/gpt-4o-mini' } };
        const res = await send(h, a.token, 'POST', '/api/v1/bots', botBody({ strategy: llm }));
        expect(res.status).toBe(422);
        const e = await errorOf(res);
        expect(e.code).toBe('llm_strategy_unavailable');
        expect(e.message).toContain('OPENROUTER_API_KEY');
        const bot = await createBot(h, a.token);
        const patch = await send(h, a.token, 'PATCH', `/api/v1/bots/${bot.id}`, { strategy: llm });
        expect(patch.status).toBe(422);
        expect((await errorOf(patch)).code).toBe('llm_strategy_unavailable');
      });
    });
  });

  describe(`bots API with an OpenRouter key on ${engine}`, () => {
    let h: ApiHarness;
    beforeAll(async () => {
      h = await createApiHarness(engine, { OPENROUTER_API_KEY: 'sk-or-test-key' });
    }, 60_000);
    afterAll(() => h.dispose(), 60_000);

    test('creates an LLM bot with its model settings', async () => {
      const a = await signUp(h, 'llm-owner');
      const bot = await createBot(h, a.token, { strategy: { kind: 'llm', params: { model: 'openai/gpt-4o-mini', temperature: 0.5 } } });
      expect(bot.strategy).toMatchObject({ kind: 'llm', params: { model: 'openai/gpt-4o-mini', temperature: 0.5, timeoutMs: 20_000 } });
    });
  });

  describe(`bots API checking markets against the venue on ${engine}`, () => {
    let h: ApiHarness;
    let a: SignedIn;
    beforeAll(async () => {
      h = await createApiHarness(engine, {}, { markets: new TestMarket(() => Date.now()) });
      a = await signUp(h, 'venue-owner');
    }, 60_000);
    afterAll(() => h.dispose(), 60_000);

    test('creates a bot on a market the venue knows', async () => {
      await createBot(h, a.token, { markets: [{ conditionId: CONDITION, tokenIds: [NO_TOKEN] }] });
    });

    test('refuses an unknown market or a token that is not its outcome, naming the field', async () => {
      const unknown = await send(h, a.token, 'POST', '/api/v1/bots', botBody({ markets: [{ conditionId: `0x${'d4'.repeat(32)}`, tokenIds: [YES_TOKEN] }] }));
      expect(unknown.status).toBe(422);
      expect((await issuesOf(unknown)).paths).toEqual(['markets.0.conditionId']);
      const bot = await createBot(h, a.token);
      const stranger = await send(h, a.token, 'PATCH', `/api/v1/bots/${bot.id}`, { markets: [{ conditionId: CONDITION, tokenIds: [YES_TOKEN, '3333333333'] }] });
      expect(stranger.status).toBe(422);
      expect((await issuesOf(stranger)).paths).toEqual(['markets.0.tokenIds.1']);
    });
  });
}
