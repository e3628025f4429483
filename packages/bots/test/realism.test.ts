/**
 * Issue 16: paper realism that is real. The book moves during the artificial delay (a manual clock
 * advanced by the injected sleep, no real waiting); the order must execute on a book fetched after
 * the delay, and the trade must record four separate figures.
 */
import { afterAll, beforeAll, expect, test } from 'bun:test';
import type { Decision } from '@polymancer/strategies';
import { testEngines } from '../../../test/databases.ts';
import { describeIfSharedData } from '../../../test/shared-data.ts';
import { runTick } from '../src/index.ts';
import { createHarness, type Harness } from './harness.ts';
import { loadElectionMarket, ScriptedMarketData } from './recorded-market.ts';
import { ScriptedStrategy, scriptedStrategies, tickDeps, tradesOf } from './tick-harness.ts';

const describeWithData = describeIfSharedData('polymarket');

for (const engine of testEngines()) {
  describeWithData(`paper realism (${engine})`, () => {
    let h: Harness;
    let seq = 0;
    beforeAll(async () => {
      h = await createHarness(engine);
    });
    afterAll(() => h.testDb.dispose());

    async function delayedBot(moveTicksDuringDelay: number, decision: (no: string) => Decision) {
      const userId = await h.addUser(`usr_real${++seq}`);
      const venue = new ScriptedMarketData(loadElectionMarket());
      const strategy = new ScriptedStrategy();
      const no = venue.recorded.noTokenId;
      const bot = await h.bots.create(userId, {
        name: 'delayed',
        markets: [{ conditionId: venue.recorded.conditionId, tokenIds: [no] }],
        strategy: { kind: 'mean-reversion' },
        startingBalanceMicros: 100_000_000,
        realism: { enabled: true, artificialDelayMs: 200 },
      });
      await h.bots.resume(userId, bot.id);
      // The 200 ms delay is well inside the cache's 1 s book TTL: only a refetch can see the move.
      const deps = tickDeps(h, venue, {
        strategies: scriptedStrategies(strategy),
        sleep: async (ms) => {
          h.clock.advance(ms);
          venue.setShift(moveTicksDuringDelay, h.clock.now().getTime());
        },
      });
      strategy.queue.push(decision(no));
      h.clock.advance(60_000);
      const result = await runTick(deps, { botId: bot.id, tickKey: 'delayed' }, h.clock.now());
      const [trade] = await tradesOf(h, bot.id);
      return { result, trade, fetches: venue.bookFetches };
    }

    test('a delayed buy executes on the book fetched after the delay and records decision, execution, predicted and actual figures apart', async () => {
      // No asks: 0.514 best. During the delay every level rises 3 ticks (+0.003, 0.58 %: inside the 1 % movement cap).
      const { result, trade, fetches } = await delayedBot(3, (no) => ({ kind: 'trade', side: 'buy', tokenId: no, amountMicros: 10_000_000, limitPriceMicros: 999_000, reasoning: 'buy', confidencePerMille: 600 }));
      expect(result).toMatchObject({ status: 'completed', trades: 1 });
      expect(fetches).toBe(2);
      expect(trade?.status).toBe('executed');
      expect(trade?.latencyMs).toBe(200);
      expect(trade?.decisionPriceMicros).toBe(514_000);
      // 10 pUSD at 0.517 → 19.34 shares (2 decimals) → 10 / 19.34 = 0.517063…
      expect(trade?.sharesMicros).toBe(19_340_000);
      expect(trade?.executionPriceMicros).toBe(517_063);
      // Predicted on the decision book: 10 / 0.514 = 19.45 shares → avg 0.514138 → 3 bps (rounding only).
      expect(trade?.predictedSlippageBps).toBe(3);
      // Actual against the decision's 0.514: (0.517063 − 0.514) / 0.514 = 59.6 → 60 bps.
      expect(trade?.actualSlippageBps).toBe(60);
    });

    test('a delayed buy whose book fell during the delay records a negative actual slippage', async () => {
      const { trade } = await delayedBot(-2, (no) => ({ kind: 'trade', side: 'buy', tokenId: no, amountMicros: 10_000_000, limitPriceMicros: 999_000, reasoning: 'buy', confidencePerMille: 600 }));
      expect(trade?.status).toBe('executed');
      expect(trade?.decisionPriceMicros).toBe(514_000);
      // 10 / 0.512 = 19.53 shares → 0.5120328; against 0.514: −38.3 → −38 bps (rounded up).
      expect(trade?.executionPriceMicros).toBe(512_033);
      expect(trade?.predictedSlippageBps).toBe(3);
      expect(trade?.actualSlippageBps).toBe(-38);
    });
  });
}
