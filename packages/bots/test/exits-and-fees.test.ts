/**
 * Issue 16: bots can always get out, and buys are sized with their fees. Real recorded election
 * book (scripted price path), real stores, the built-in momentum strategy.
 */
import { afterAll, beforeAll, expect, test } from 'bun:test';
import type { Decision } from '@polymancer/strategies';
import { testEngines } from '../../../test/databases.ts';
import { describeIfSharedData } from '../../../test/shared-data.ts';
import { createHarness, type Harness } from './harness.ts';
import { loadElectionMarket, ScriptedMarketData } from './recorded-market.ts';
import { botRow, expectReconciled, positionsOf, ScriptedStrategy, scriptedStrategies, tick, tickDeps, tradesOf } from './tick-harness.ts';

const describeWithData = describeIfSharedData('polymarket');

for (const engine of testEngines()) {
  describeWithData(`exits and fee-aware sizing (${engine})`, () => {
    let h: Harness;
    let seq = 0;
    beforeAll(async () => {
      h = await createHarness(engine);
    });
    afterAll(() => h.testDb.dispose());

    test('a bot that bought up to its caps sells out fully, in chunks, never refused by its caps', async () => {
      const userId = await h.addUser(`usr_exit${++seq}`);
      const venue = new ScriptedMarketData(loadElectionMarket());
      const deps = tickDeps(h, venue);
      const no = venue.recorded.noTokenId;
      const bot = await h.bots.create(userId, {
        name: 'momentum to the caps',
        markets: [{ conditionId: venue.recorded.conditionId, tokenIds: [no] }],
        strategy: { kind: 'momentum', params: { lookbackMoves: 1, thresholdMicros: 1_000, orderAmountMicros: 50_000_000, maxSellSharesMicros: 15_000_000 } },
        startingBalanceMicros: 100_000_000,
        risk: { maxTradeSizeMicros: 6_000_000, maxPositionPerMarketMicros: 20_000_000 },
      });
      await h.bots.resume(userId, bot.id);
      let n = 0;
      let shift = 0;
      const step = async (move: number) => {
        h.clock.advance(60_000);
        shift += move;
        venue.setShift(shift, h.clock.now().getTime());
        return tick(deps, h, bot.id, `t${++n}`);
      };
      // Rising: buy each tick, each buy sized (fee included) within the 6 pUSD per-trade cap, until
      // the 20 pUSD per-market cap leaves no room for a minimum order.
      for (let i = 0; i < 6; i++) await step(1);
      const bought = (await tradesOf(h, bot.id)).filter((t) => t.side === 'buy');
      expect(bought.every((t) => t.status === 'executed')).toBe(true);
      expect(bought.length).toBe(3);
      for (const t of bought) expect((t.amountMicros ?? 0) + (t.feeMicros ?? 0)).toBeLessThanOrEqual(6_000_000);
      const [held] = await positionsOf(h, bot.id);
      expect(held?.costBasisMicros ?? 0).toBeGreaterThan(15_000_000);
      expect(held?.costBasisMicros ?? 0).toBeLessThanOrEqual(20_000_000);
      const heldShares = held?.sharesMicros ?? 0;
      // Worth ~17 pUSD: one sell of it all would be over the 6 pUSD per-trade cap.
      expect(heldShares).toBeGreaterThan(30_000_000);

      // Falling: sell out, in chunks of at most 15 shares, the last one leaving nothing behind.
      for (let i = 0; i < 5; i++) await step(-1);
      const sells = (await tradesOf(h, bot.id)).filter((t) => t.side === 'sell');
      expect(sells.map((t) => [t.status, t.rejectionCode])).toEqual(sells.map(() => ['executed', null]));
      expect(sells.length).toBe(3);
      expect(sells.reduce((sum, t) => sum + (t.sharesMicros ?? 0), 0)).toBe(heldShares);
      expect(Math.max(...sells.map((t) => t.amountMicros ?? 0))).toBeGreaterThan(6_000_000 / 2);
      const [after] = await positionsOf(h, bot.id);
      expect(after?.sharesMicros).toBe(0);
      await expectReconciled(h, bot.id, 100_000_000);
    });

    test('a bot with a small balance buys, its amount plus fee fitted to the balance, instead of being refused every tick', async () => {
      const userId = await h.addUser(`usr_small${++seq}`);
      const venue = new ScriptedMarketData(loadElectionMarket());
      const strategy = new ScriptedStrategy();
      const deps = tickDeps(h, venue, { strategies: scriptedStrategies(strategy) });
      const no = venue.recorded.noTokenId;
      const bot = await h.bots.create(userId, {
        name: 'all in',
        markets: [{ conditionId: venue.recorded.conditionId, tokenIds: [no] }],
        strategy: { kind: 'mean-reversion' },
        startingBalanceMicros: 10_000_000,
        feeModel: { kind: 'flat', flatFeeBps: 200 },
      });
      await h.bots.resume(userId, bot.id);
      // What an LLM answers: "buy with the whole balance" — the 2 % fee comes on top.
      const allIn: Decision = { kind: 'trade', side: 'buy', tokenId: no, amountMicros: 10_000_000, limitPriceMicros: 999_000, reasoning: 'all in', confidencePerMille: 800 };
      strategy.queue.push(allIn);
      h.clock.advance(60_000);
      expect(await tick(deps, h, bot.id, 'k1')).toMatchObject({ status: 'completed', trades: 1, rejections: 0 });
      const [t] = await tradesOf(h, bot.id);
      expect(t?.status).toBe('executed');
      // The client's fee adjustment: 10 / 1.02 = 9.8039…, cut to cents.
      expect(t?.amountMicros).toBe(9_800_000);
      expect((t?.amountMicros ?? 0) + (t?.feeMicros ?? 0)).toBeLessThanOrEqual(10_000_000);
      expect((await botRow(h, bot.id)).paperBalanceMicros).toBe(10_000_000 - (t?.amountMicros ?? 0) - (t?.feeMicros ?? 0));
    });
  });
}
