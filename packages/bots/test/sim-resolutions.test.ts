/**
 * Issue 16, split resolutions served by the local exchange itself: the sim's admin route resolves a
 * market 50/50 ("invalid") or at any split, its Gamma route shows the payouts, the HTTP market-data
 * adapter carries them, and a paper bot holding both outcomes settles at those payouts on its next tick.
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { type ClobSim, createClobSim } from '@polymancer/clob-sim';
import type { Decision } from '@polymancer/strategies';
import { createPolymarketMarketData } from '@polymancer/polymarket';
import { testEngines } from '../../../test/databases.ts';
import { createHarness, type Harness } from './harness.ts';
import { botRow, expectReconciled, positionsOf, ScriptedStrategy, scriptedStrategies, tick, tickDeps, tradesOf } from './tick-harness.ts';

const START = 100_000_000;
const buy = (tokenId: string, amountMicros: number): Decision => ({ kind: 'trade', side: 'buy', tokenId, amountMicros, limitPriceMicros: 990_000, reasoning: 'buy', confidencePerMille: 500 });

for (const engine of testEngines()) {
  describe(`split resolutions at the local exchange settle paper positions (${engine})`, () => {
    let h: Harness;
    let sim: ClobSim;
    let seq = 0;
    beforeAll(async () => {
      h = await createHarness(engine);
      sim = await createClobSim({ seed: 3, clock: h.clock, marketMakers: false });
    }, 120_000);
    afterAll(async () => {
      await sim.stop();
      await h.testDb.dispose();
    }, 60_000);

    /** A fresh binary market with the market maker's quotes, and a paper bot holding both of its outcomes. */
    async function holdBoth() {
      const userId = await h.addUser(`usr_split${++seq}`);
      const created = await fetch(`${sim.url}/_sim/markets`, { method: 'POST', body: JSON.stringify({ question: `Split ${seq}?`, kind: 'binary', fairValue: '0.4' }) });
      const conditionId = ((await created.json()) as { condition_id: string }).condition_id;
      const market = sim.exchange.market(conditionId);
      if (!market) throw new Error('market not created');
      sim.exchange.seedQuotes(market, { int: (min) => min + 100 });
      const [yes, no] = market.tokens.map((t) => t.tokenId) as [string, string];
      const venue = createPolymarketMarketData({ clobUrl: sim.url, gammaUrl: `${sim.url}/gamma`, synthetic: true });
      const strategy = new ScriptedStrategy();
      const deps = tickDeps(h, venue, { strategies: scriptedStrategies(strategy) });
      const bot = await h.bots.create(userId, { name: 'both sides', markets: [{ conditionId, tokenIds: [yes, no] }], strategy: { kind: 'mean-reversion' }, startingBalanceMicros: START });
      await h.bots.resume(userId, bot.id);
      let n = 0;
      const next = async () => {
        h.clock.advance(60_000);
        return tick(deps, h, bot.id, `split-${seq}-${++n}`);
      };
      strategy.queue.push(buy(yes, 12_000_000), buy(no, 9_000_000));
      await next();
      await next();
      const held = await positionsOf(h, bot.id);
      const shares = (t: string) => held.find((p) => p.tokenId === t)?.sharesMicros ?? 0;
      expect(shares(yes)).toBeGreaterThan(0);
      expect(shares(no)).toBeGreaterThan(0);
      return { conditionId, yes, no, venue, bot, next, shares, before: (await botRow(h, bot.id)).paperBalanceMicros };
    }

    async function resolve(conditionId: string, body: unknown): Promise<Response> {
      return fetch(`${sim.url}/_sim/markets/${conditionId}/resolve`, { method: 'POST', body: JSON.stringify(body) });
    }

    async function expectSettledAt(s: Awaited<ReturnType<typeof holdBoth>>, payoutYes: number, payoutNo: number) {
      // The market-data port carries the payouts Gamma shows.
      const info = await s.venue.getMarket(s.conditionId);
      expect(info.payouts).toEqual([
        { tokenId: s.yes, payoutMicros: payoutYes },
        { tokenId: s.no, payoutMicros: payoutNo },
      ]);
      expect(await s.next()).toMatchObject({ status: 'completed', settlements: 2 });
      const paid = (shares: number, payout: number) => Math.floor((shares * payout) / 1_000_000);
      expect((await botRow(h, s.bot.id)).paperBalanceMicros).toBe(s.before + paid(s.shares(s.yes), payoutYes) + paid(s.shares(s.no), payoutNo));
      for (const p of await positionsOf(h, s.bot.id)) {
        expect(p.sharesMicros).toBe(0);
        expect(p.settlementPriceMicros).toBe(p.tokenId === s.yes ? payoutYes : payoutNo);
      }
      const settlements = (await tradesOf(h, s.bot.id)).filter((t) => t.kind === 'settlement');
      expect(settlements.map((r) => [r.tokenId, r.executionPriceMicros]).sort()).toEqual([[s.yes, payoutYes], [s.no, payoutNo]].sort());
      await expectReconciled(h, s.bot.id, START);
    }

    test('a market the exchange resolves "invalid" settles both sides at half a dollar a share', async () => {
      const s = await holdBoth();
      expect((await resolve(s.conditionId, { invalid: true })).status).toBe(200);
      await expectSettledAt(s, 500_000, 500_000);
    }, 120_000);

    test('a market the exchange resolves at a split settles each side at its payout', async () => {
      const s = await holdBoth();
      expect((await resolve(s.conditionId, { payouts: { [s.yes]: '0.3', [s.no]: '0.7' } })).status).toBe(200);
      await expectSettledAt(s, 300_000, 700_000);
    }, 120_000);

    test('a winner named by the exchange still settles 1/0', async () => {
      const s = await holdBoth();
      expect((await resolve(s.conditionId, { winner: s.no })).status).toBe(200);
      await expectSettledAt(s, 0, 1_000_000);
    }, 120_000);
  });
}
