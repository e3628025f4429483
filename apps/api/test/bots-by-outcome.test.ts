/**
 * A bot can be created from a condition id and outcome names: POST /api/v1/bots resolves
 * `{ conditionId, outcome: "Yes" }` (or `outcomes: [...]`) to token ids through the venue's market
 * catalogue — here the local exchange over HTTP, read by the production adapter `start` wires —
 * and refuses an unknown condition or outcome with 422 `validation_failed` naming the field.
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { createClobSim, type ClobSim } from '@polymancer/clob-sim';
import { createPolymarketMarketData } from '@polymancer/polymarket';
import { testEngines } from '../../../test/databases.ts';
import { createApiHarness, type ApiHarness } from './api-harness.ts';
import { errorOf, signUp, type SignedIn } from './accounts-helpers.ts';
import { send } from './bots-helpers.ts';

interface MarketJson {
  readonly condition_id: string;
  readonly tokens: ReadonlyArray<{ readonly token_id: string; readonly outcome: string }>;
}

const body = (markets: unknown[]) => ({ name: 'by outcome', markets, strategy: { kind: 'momentum' } });

for (const engine of testEngines()) {
  describe(`bots created by outcome name on ${engine}`, () => {
    let sim: ClobSim;
    let h: ApiHarness;
    let a: SignedIn;
    let market: MarketJson;
    const tokenOf = (outcome: string) => market.tokens.find((t) => t.outcome === outcome)!.token_id;
    beforeAll(async () => {
      sim = await createClobSim({ port: 0, seed: 1, marketMakers: false });
      const created = await fetch(`${sim.url}/_sim/markets`, { method: 'POST', body: JSON.stringify({ question: 'Will outcome names resolve?', kind: 'binary' }) });
      market = (await created.json()) as MarketJson;
      h = await createApiHarness(engine, {}, { markets: createPolymarketMarketData({ clobUrl: sim.url, gammaUrl: `${sim.url}/gamma` }) });
      a = await signUp(h, 'outcome-owner');
    }, 180_000);
    afterAll(async () => {
      await h.dispose();
      await sim.stop();
    }, 180_000);

    test('resolves one outcome name to its token id, and keeps token ids on the bot', async () => {
      const res = await send(h, a.token, 'POST', '/api/v1/bots', body([{ conditionId: market.condition_id, outcome: 'Yes' }]));
      expect(res.status).toBe(201);
      const bot = (await res.json()) as { id: string; markets: unknown };
      expect(bot.markets).toEqual([{ conditionId: market.condition_id, tokenIds: [tokenOf('Yes')] }]);
      const read = (await (await send(h, a.token, 'GET', `/api/v1/bots/${bot.id}`)).json()) as { markets: unknown };
      expect(read.markets).toEqual([{ conditionId: market.condition_id, tokenIds: [tokenOf('Yes')] }]);
    });

    test('resolves several names in the order given, a different case included, on create and on update', async () => {
      const res = await send(h, a.token, 'POST', '/api/v1/bots', body([{ conditionId: market.condition_id, outcomes: ['no', 'Yes'] }]));
      expect(res.status).toBe(201);
      const bot = (await res.json()) as { id: string; markets: unknown };
      expect(bot.markets).toEqual([{ conditionId: market.condition_id, tokenIds: [tokenOf('No'), tokenOf('Yes')] }]);
      const patched = await send(h, a.token, 'PATCH', `/api/v1/bots/${bot.id}`, { markets: [{ conditionId: market.condition_id, outcome: 'No' }] });
      expect(patched.status).toBe(200);
      expect(((await patched.json()) as { markets: unknown }).markets).toEqual([{ conditionId: market.condition_id, tokenIds: [tokenOf('No')] }]);
    });

    test('refuses an outcome the market does not have, naming the field and the outcomes it has', async () => {
      const res = await send(h, a.token, 'POST', '/api/v1/bots', body([{ conditionId: market.condition_id, outcome: 'Maybe' }]));
      expect(res.status).toBe(422);
      const error = await errorOf(res);
      expect(error.code).toBe('validation_failed');
      expect(error.details?.issues).toEqual([{ path: 'markets.0.outcome', message: `"Maybe" is not an outcome of market ${market.condition_id}; its outcomes are "Yes", "No"` }]);
      const many = await send(h, a.token, 'POST', '/api/v1/bots', body([{ conditionId: market.condition_id, outcomes: ['Yes', 'Perhaps'] }]));
      expect(many.status).toBe(422);
      expect(((await errorOf(many)).details?.issues as Array<{ path: string }>).map((i) => i.path)).toEqual(['markets.0.outcomes.1']);
    });

    test('refuses a condition id the venue does not list', async () => {
      const unknown = `0x${'d4'.repeat(32)}`;
      const res = await send(h, a.token, 'POST', '/api/v1/bots', body([{ conditionId: unknown, outcome: 'Yes' }]));
      expect(res.status).toBe(422);
      const error = await errorOf(res);
      expect(error.code).toBe('validation_failed');
      expect(error.details?.issues).toEqual([{ path: 'markets.0.conditionId', message: `market ${unknown} was not found` }]);
    });

    test('refuses a market with both token ids and a name, or with neither', async () => {
      for (const m of [{ conditionId: market.condition_id, tokenIds: [tokenOf('Yes')], outcome: 'Yes' }, { conditionId: market.condition_id }]) {
        const res = await send(h, a.token, 'POST', '/api/v1/bots', body([m]));
        expect(res.status).toBe(422);
        const error = await errorOf(res);
        expect(error.code).toBe('validation_failed');
        expect((error.details?.issues as Array<{ path: string }>).map((i) => i.path)).toEqual(['markets.0.tokenIds']);
      }
    });
  });
}
