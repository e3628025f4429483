/**
 * Issue 16: the daily loss limit is a hard stop until the next UTC day. Neither a resume nor a
 * settings change lifts it; the owner may ask for risk-reducing sells (never buys); it is recorded
 * (audit, tick outcome) and the owner is notified. Recorded election book, real stores.
 */
import { afterAll, beforeAll, expect, test } from 'bun:test';
import { schema } from '@polymancer/db';
import type { Decision } from '@polymancer/strategies';
import { and, eq } from 'drizzle-orm';
import { testEngines } from '../../../test/databases.ts';
import { describeIfSharedData } from '../../../test/shared-data.ts';
import { createHarness, type Harness } from './harness.ts';
import { loadElectionMarket, ScriptedMarketData } from './recorded-market.ts';
import { positionsOf, ScriptedStrategy, scriptedStrategies, tick, tickDeps, tradesOf } from './tick-harness.ts';

const describeWithData = describeIfSharedData('polymarket');
const buy = (tokenId: string, amountMicros: number): Decision => ({ kind: 'trade', side: 'buy', tokenId, amountMicros, limitPriceMicros: 999_000, reasoning: 'buy', confidencePerMille: 500 });
const sell = (tokenId: string, sharesMicros: number): Decision => ({ kind: 'trade', side: 'sell', tokenId, sharesMicros, limitPriceMicros: 1_000, reasoning: 'sell', confidencePerMille: 500 });

for (const engine of testEngines()) {
  describeWithData(`daily loss hard stop (${engine})`, () => {
    let h: Harness;
    beforeAll(async () => {
      h = await createHarness(engine);
    });
    afterAll(() => h.testDb.dispose());

    test('stops the bot until the next UTC day: resume and a raised limit do not lift it, sells only on request, recorded and notified', async () => {
      const userId = await h.addUser('usr_stop');
      const venue = new ScriptedMarketData(loadElectionMarket());
      const strategy = new ScriptedStrategy();
      const notices: Array<{ userId: string; kind: string; data: Record<string, unknown> }> = [];
      const deps = { ...tickDeps(h, venue, { strategies: scriptedStrategies(strategy) }), notifier: { notify: async (u: string, kind: string, data: object) => notices.push({ userId: u, kind, data: data as Record<string, unknown> }) } };
      const no = venue.recorded.noTokenId;
      const bot = await h.bots.create(userId, {
        name: 'loser',
        markets: [{ conditionId: venue.recorded.conditionId, tokenIds: [no] }],
        strategy: { kind: 'mean-reversion' },
        startingBalanceMicros: 100_000_000,
        risk: { dailyLossLimitMicros: 2_000_000 },
      });
      await h.bots.resume(userId, bot.id);
      let n = 0;
      const next = () => {
        h.clock.advance(60_000);
        return tick(deps, h, bot.id, `s${++n}`);
      };
      h.clock.set(Date.UTC(2026, 5, 10, 8));
      strategy.queue.push(buy(no, 30_000_000));
      expect(await next()).toMatchObject({ trades: 1 });
      // The No price falls 6 cents: ~58 shares lose ~3.5 pUSD, over the 2 pUSD limit.
      venue.setShift(-60, h.clock.now().getTime());
      expect(await next()).toMatchObject({ status: 'completed', dailyLossStopped: true, newDailyLossStop: { utcDay: '2026-06-10', limitMicros: 2_000_000, resumesAt: '2026-06-11T00:00:00.000Z' } });
      expect(notices.map((x) => [x.userId, x.kind, x.data.botId])).toEqual([[userId, 'bot.daily_loss_stopped', bot.id]]);
      expect(await h.auditActions()).toContain('bot.daily_loss_stopped');

      // Pause + resume and a raised (then removed) limit do not lift the stop.
      await h.bots.pause(userId, bot.id);
      await h.bots.resume(userId, bot.id);
      await h.bots.update(userId, bot.id, { risk: { dailyLossLimitMicros: 50_000_000 } });
      await h.bots.update(userId, bot.id, { risk: { dailyLossLimitMicros: null } });
      strategy.queue.push(buy(no, 5_000_000));
      expect(await next()).toMatchObject({ status: 'completed', trades: 0, dailyLossStopped: true });
      // While stopped the strategy is not even consulted (an LLM bot spends nothing), sells included.
      expect(strategy.queue.length).toBe(1);
      const [held] = await positionsOf(h, bot.id);
      expect(held?.sharesMicros ?? 0).toBeGreaterThan(0);

      // The owner asks for exits: the queued buy is still held, a sell goes through.
      await h.bots.allowExitsWhileStopped(userId, bot.id);
      expect(await next()).toMatchObject({ trades: 0, holds: 1, dailyLossStopped: true });
      strategy.queue.push(sell(no, held?.sharesMicros ?? 0));
      expect(await next()).toMatchObject({ trades: 1, dailyLossStopped: true });
      expect((await positionsOf(h, bot.id))[0]?.sharesMicros).toBe(0);
      const holds = await h.db.select().from(schema.botDecisions).where(and(eq(schema.botDecisions.botId, bot.id), eq(schema.botDecisions.holdCode, 'daily_loss_stopped')));
      expect(holds.map((d) => d.reasoning.includes('wanted to buy'))).toEqual([true]);
      expect((await tradesOf(h, bot.id)).filter((t) => t.status === 'executed').map((t) => t.side)).toEqual(['buy', 'sell']);

      // The next UTC day lifts it.
      h.clock.set(Date.UTC(2026, 5, 11, 0, 1));
      strategy.queue.push(buy(no, 5_000_000));
      const nextDay = await next();
      expect(nextDay).toMatchObject({ trades: 1 });
      expect(nextDay.status === 'completed' && nextDay.dailyLossStopped).toBeUndefined();
    });
  });
}
