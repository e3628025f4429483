/**
 * The unlock rule's paper record: trades made under settings looser than the platform's paper rules
 * still execute but are marked as not counting, the record counts only qualifying trades (24 h from
 * the first of them, 10 of them), and where real money is configured the local exchange's synthetic
 * markets never count.
 */
import { afterAll, beforeAll, expect, test } from 'bun:test';
import type { PaperRuleCode } from '@polymancer/core';
import { createBotQueryStore, createBotStore, createTickStore } from '@polymancer/db';
import type { Decision } from '@polymancer/strategies';
import { testEngines } from '../../../test/databases.ts';
import { describeIfSharedData } from '../../../test/shared-data.ts';
import { type BotQueries, createBotQueries } from '../src/index.ts';
import { createHarness, type Harness } from './harness.ts';
import { loadElectionMarket, ScriptedMarketData } from './recorded-market.ts';
import { ScriptedStrategy, scriptedStrategies, tick, tickDeps, tradesOf } from './tick-harness.ts';

const describeWithData = describeIfSharedData('polymarket');

const buy = (tokenId: string): Decision => ({ kind: 'trade', side: 'buy', tokenId, amountMicros: 5_000_000, limitPriceMicros: 999_000, reasoning: 'buy', confidencePerMille: 500 });

for (const engine of testEngines()) {
  describeWithData(`paper record toward unlock (${engine})`, () => {
    let h: Harness;
    let q: BotQueries;
    let n = 0;
    beforeAll(async () => {
      h = await createHarness(engine);
      q = createBotQueries({ bots: createBotStore(h.db), queries: createBotQueryStore(h.db), ticks: createTickStore(h.db, h.clock), clock: h.clock });
      await h.addUser('usr_pr');
    });
    afterAll(() => h.testDb.dispose());

    async function botWith(settings: Record<string, unknown>, options: { synthetic?: boolean; realMoneyDeployment?: boolean } = {}) {
      const recorded = loadElectionMarket();
      const venue = new ScriptedMarketData(recorded);
      venue.market = { ...venue.market, synthetic: options.synthetic ?? false };
      const strategy = new ScriptedStrategy();
      const deps = { ...tickDeps(h, venue, { strategies: scriptedStrategies(strategy) }), realMoneyDeployment: options.realMoneyDeployment ?? false };
      const bot = await h.bots.create('usr_pr', {
        name: `pr${++n}`,
        markets: [{ conditionId: recorded.conditionId, tokenIds: [recorded.noTokenId] }],
        strategy: { kind: 'mean-reversion' },
        ...settings,
      });
      await h.bots.resume('usr_pr', bot.id);
      const trade = async () => {
        h.clock.advance(60_000);
        strategy.queue.push(buy(recorded.noTokenId));
        expect(await tick(deps, h, bot.id, `k${h.clock.now().getTime()}`)).toMatchObject({ trades: 1 });
      };
      return { bot, trade };
    }

    test('a bot configured more loosely than the platform still trades, but its trades do not count and the record says why', async () => {
      const cases: Array<[Record<string, unknown>, PaperRuleCode]> = [
        [{ feeModel: { kind: 'flat', flatFeeBps: 100 } }, 'fee_below_platform_minimum'],
        [{ risk: { maxMarketImpactBps: 2_000 } }, 'market_impact_cap_above_platform_maximum'],
        [{ risk: { maxPriceMovementBps: 500 } }, 'price_movement_cap_above_platform_maximum'],
      ];
      for (const [settings, code] of cases) {
        const { bot, trade } = await botWith(settings);
        await trade();
        const [row] = await tradesOf(h, bot.id);
        expect(row).toMatchObject({ status: 'executed', countsForUnlock: false, unlockExclusions: [code] });
        const record = await q.paperRecord('usr_pr', bot.id);
        expect(record).toMatchObject({ qualifyingTrades: 0, nonQualifyingTrades: 1, firstQualifyingTradeAt: null, met: false });
        expect(record.settingsIssues.map((i) => i.code)).toEqual([code]);
      }
    });

    test('settings at or stricter than the platform count, and the 24 hours run from the first qualifying trade', async () => {
      const { bot, trade } = await botWith({ feeModel: { kind: 'flat', flatFeeBps: 150 } });
      await trade();
      // Tightened to the platform's rules: from now on its trades count.
      await h.bots.update('usr_pr', bot.id, { feeModel: { kind: 'flat', flatFeeBps: 200 }, risk: { maxMarketImpactBps: 500, maxPriceMovementBps: 50 } });
      await trade();
      const firstCounted = h.clock.now();
      for (let i = 0; i < 9; i++) await trade();
      const rows = await tradesOf(h, bot.id);
      expect(rows.map((r) => r.countsForUnlock)).toEqual([false, ...Array(10).fill(true)]);
      const record = await q.paperRecord('usr_pr', bot.id);
      expect(record).toMatchObject({ qualifyingTrades: 10, nonQualifyingTrades: 1, tradesMet: true, timeMet: false, met: false, settingsIssues: [] });
      expect(record.firstQualifyingTradeAt?.getTime()).toBe(firstCounted.getTime());
      h.clock.set(firstCounted.getTime() + 24 * 3_600_000);
      expect(await q.paperRecord('usr_pr', bot.id)).toMatchObject({ met: true, paperTradingMs: 24 * 3_600_000 });
    });

    test("where real money is configured, trades on the local exchange's synthetic markets never count", async () => {
      const local = await botWith({}, { synthetic: true, realMoneyDeployment: false });
      await local.trade();
      expect((await tradesOf(h, local.bot.id))[0]).toMatchObject({ countsForUnlock: true, unlockExclusions: null });

      const synthetic = await botWith({}, { synthetic: true, realMoneyDeployment: true });
      await synthetic.trade();
      expect((await tradesOf(h, synthetic.bot.id))[0]).toMatchObject({ countsForUnlock: false, unlockExclusions: ['synthetic_market'] });
      expect(await q.paperRecord('usr_pr', synthetic.bot.id)).toMatchObject({ qualifyingTrades: 0, nonQualifyingTrades: 1 });

      const real = await botWith({}, { synthetic: false, realMoneyDeployment: true });
      await real.trade();
      expect((await tradesOf(h, real.bot.id))[0]).toMatchObject({ countsForUnlock: true });
    });
  });
}
