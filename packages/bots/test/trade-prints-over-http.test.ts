/**
 * Issue 16, "market data a strategy can use": fills made at the local exchange over HTTP by traders using
 * the official client show on its public trade tape (the data API's `/trades`), the HTTP market-data
 * adapter reads them, and a paper bot running momentum on trades sees the prints and decides on them.
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { Side } from '@polymarket/clob-client-v2';
import { type ClobSim, createClobSim } from '@polymancer/clob-sim';
import { ManualClock } from '@polymancer/core';
import { schema } from '@polymancer/db';
import { eq } from 'drizzle-orm';
import { createPolymarketMarketData } from '@polymancer/polymarket';
import { testEngines } from '../../../test/databases.ts';
import { emptyMarket, TEST_KEYS, trader } from '../../../apps/clob-sim/test/harness.ts';
import type { MarketData, MarketDataCache } from '../src/index.ts';
import { createHarness, type Harness } from './harness.ts';
import { ScriptedStrategy, scriptedStrategies, tick, tickDeps, tradesOf } from './tick-harness.ts';

for (const engine of testEngines()) {
  describe(`momentum on the local exchange's trade prints (${engine})`, () => {
    let h: Harness;
    let sim: ClobSim;
    beforeAll(async () => {
      h = await createHarness(engine);
      await h.addUser('usr_prints');
      // The exchange keeps its own clock near real time: the official client signs L2 headers with it.
      sim = await createClobSim({ seed: 4, clock: new ManualClock(Date.now()), marketMakers: false });
    }, 120_000);
    afterAll(async () => {
      await sim.stop();
      await h.testDb.dispose();
    }, 60_000);

    test('three rising prints made by other traders make a momentum-on-trades bot buy, with the move in its reasoning', async () => {
      const m = await emptyMarket(sim);
      const maker = await trader(sim, TEST_KEYS[0]!, { tokens: { [m.yes]: '200000000' } });
      const taker = await trader(sim, TEST_KEYS[1]!, { collateral: '100000000' });
      for (const price of [0.4, 0.45, 0.5]) await maker.client.createAndPostOrder({ tokenID: m.yes, price, size: 10, side: Side.SELL });
      await maker.client.createAndPostOrder({ tokenID: m.yes, price: 0.55, size: 150, side: Side.SELL });
      // The taker lifts the three cheapest asks one after the other: prints at 0.40, 0.45, 0.50.
      for (const price of [0.4, 0.45, 0.5]) {
        const res = await taker.client.createAndPostOrder({ tokenID: m.yes, price, size: 10, side: Side.BUY });
        expect(res.status).toBe('matched');
      }

      const venue: MarketData = createPolymarketMarketData({ clobUrl: sim.url, gammaUrl: `${sim.url}/gamma`, dataUrl: `${sim.url}/data-api`, synthetic: true });
      const tape = await venue.getRecentTrades?.(m.conditionId);
      expect(tape?.map((p) => [p.tokenId, p.side, p.priceMicros, p.sizeMicros])).toEqual([
        [m.yes, 'buy', 400_000, 10_000_000],
        [m.yes, 'buy', 450_000, 10_000_000],
        [m.yes, 'buy', 500_000, 10_000_000],
      ]);

      const deps = tickDeps(h, venue);
      const bot = await h.bots.create('usr_prints', {
        name: 'prints',
        markets: [{ conditionId: m.conditionId, tokenIds: [m.yes, m.no] }],
        strategy: { kind: 'momentum', params: { source: 'trades', lookbackMoves: 2, thresholdMicros: 50_000, orderAmountMicros: 5_000_000, chaseTicks: 0 } },
        startingBalanceMicros: 50_000_000,
      });
      await h.bots.resume('usr_prints', bot.id);
      h.clock.advance(60_000);
      expect((await tick(deps, h, bot.id, 'prints-1')).status).toBe('completed');

      const [trade] = (await tradesOf(h, bot.id)).filter((t) => t.kind === 'trade');
      expect(trade).toMatchObject({ status: 'executed', side: 'buy', tokenId: m.yes, decisionPriceMicros: 550_000 });
      const [decision] = await h.db.select().from(schema.botDecisions).where(eq(schema.botDecisions.botId, bot.id));
      expect(decision).toMatchObject({ kind: 'trade', side: 'buy', tokenId: m.yes, tradeLogId: trade?.id });
      expect(decision?.reasoning).toContain('the last 2 trades moves went up by 0.1');
      // The No token has no prints of its own: the tape is split by outcome, not shared.
      expect((await deps.marketData.getRecentTrades(m.conditionId, m.no)).length).toBe(0);
    }, 120_000);

    test('the tape is read only for strategies that use it: a data API that is down holds a momentum-on-trades bot (market data unavailable) and no other', async () => {
      const m = await emptyMarket(sim);
      const maker = await trader(sim, TEST_KEYS[2]!, { tokens: { [m.yes]: '200000000' } });
      await maker.client.createAndPostOrder({ tokenID: m.yes, price: 0.6, size: 100, side: Side.SELL });
      // The CLOB and Gamma answer; the data API's host does not.
      const venue: MarketData = createPolymarketMarketData({ clobUrl: sim.url, gammaUrl: `${sim.url}/gamma`, dataUrl: 'http://127.0.0.1:9/data-api', timeoutMs: 2_000, synthetic: true });
      const strategy = new ScriptedStrategy();
      const deps = tickDeps(h, venue, { strategies: scriptedStrategies(strategy) });
      const markets = [{ conditionId: m.conditionId, tokenIds: [m.yes] }];
      const onPrints = await h.bots.create('usr_prints', { name: 'on prints', markets, strategy: { kind: 'momentum', params: { source: 'trades', lookbackMoves: 1 } } });
      const scripted = await h.bots.create('usr_prints', { name: 'scripted', markets, strategy: { kind: 'mean-reversion' } });
      for (const b of [onPrints, scripted]) await h.bots.resume('usr_prints', b.id);
      h.clock.advance(60_000);
      strategy.queue.push({ kind: 'trade', side: 'buy', tokenId: m.yes, amountMicros: 6_000_000, limitPriceMicros: 600_000, reasoning: 'buy', confidencePerMille: 500 });
      expect((await tick(deps, h, scripted.id, 'tape-1')).status).toBe('completed');
      expect((deps.marketData as MarketDataCache).fetches.trades).toBe(0);
      expect((await tradesOf(h, scripted.id)).map((t) => t.status)).toEqual(['executed']);

      expect((await tick(deps, h, onPrints.id, 'tape-2')).status).toBe('completed');
      expect((deps.marketData as MarketDataCache).fetches.trades).toBe(1);
      const [held] = await h.db.select().from(schema.botDecisions).where(eq(schema.botDecisions.botId, onPrints.id));
      expect(held).toMatchObject({ kind: 'hold', holdCode: 'market_data_unavailable' });
    }, 120_000);
  });
}
