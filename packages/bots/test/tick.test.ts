import { afterAll, beforeAll, expect, test } from 'bun:test';
import { schema } from '@polymancer/db';
import { eq } from 'drizzle-orm';
import { testEngines } from '../../../test/databases.ts';
import { describeIfSharedData } from '../../../test/shared-data.ts';
import { createHarness, type Harness } from './harness.ts';
import { loadElectionMarket, ScriptedMarketData } from './recorded-market.ts';
import { expectReconciled, tick, tickDeps, tradesOf } from './tick-harness.ts';

const PATH = [0, -4, -8, -12, -8, -4, 0, 4, 8, 12, 8, 4, 0, -6, -12, -6, 0, 6, 12, 6];

const describeWithData = describeIfSharedData('polymarket');

for (const engine of testEngines()) {
  describeWithData(`the tick on recorded books (${engine})`, () => {
    let h: Harness;
    beforeAll(async () => {
      h = await createHarness(engine);
      await h.addUser('usr_trader');
    });
    afterAll(() => h.testDb.dispose());

    test('bots trade many ticks and their balance, positions, P&L and trade log reconcile to the unit', async () => {
      const venue = new ScriptedMarketData(loadElectionMarket());
      const deps = tickDeps(h, venue);
      const markets = [{ conditionId: venue.recorded.conditionId, tokenIds: [venue.recorded.yesTokenId, venue.recorded.noTokenId] }];
      const reverting = await h.bots.create('usr_trader', {
        name: 'reverting',
        markets,
        strategy: { kind: 'mean-reversion', params: { windowSize: 3, bandMicros: 4_000, orderAmountMicros: 25_000_000 } },
        startingBalanceMicros: 500_000_000,
      });
      const trending = await h.bots.create('usr_trader', {
        name: 'trending',
        markets,
        strategy: { kind: 'momentum', params: { lookbackMoves: 2, thresholdMicros: 4_000, orderAmountMicros: 15_000_000, chaseTicks: 1 } },
        startingBalanceMicros: 500_000_000,
        feeModel: { kind: 'flat', flatFeeBps: 150 },
      });
      for (const bot of [reverting, trending]) await h.bots.resume('usr_trader', bot.id);

      for (let round = 0; round < 3; round++) {
        for (const [i, shift] of PATH.entries()) {
          h.clock.advance(60_000);
          venue.setShift(shift, h.clock.now().getTime());
          for (const bot of [reverting, trending]) {
            const result = await tick(deps, h, bot.id, `r${round}-t${i}`);
            expect(result.status).toBe('completed');
          }
        }
      }

      for (const bot of [reverting, trending]) {
        const trades = await tradesOf(h, bot.id);
        const executed = trades.filter((t) => t.status === 'executed');
        expect(executed.length).toBeGreaterThan(3);
        expect(executed.some((t) => t.side === 'buy')).toBe(true);
        expect(executed.some((t) => t.side === 'sell')).toBe(true);
        await expectReconciled(h, bot.id, 500_000_000);
        // Fees: every executed trade's fee is the flat rate of its notional, rounded up.
        const bps = bot.id === reverting.id ? 200 : 150;
        for (const t of executed) expect(t.feeMicros).toBe(Math.ceil(((t.amountMicros ?? 0) * bps) / 10_000));
        // One decision per tick, and every trade row points at its decision.
        const decisions = await h.db.select().from(schema.botDecisions).where(eq(schema.botDecisions.botId, bot.id));
        expect(decisions.length).toBe(3 * PATH.length);
        for (const t of trades) expect(decisions.some((d) => d.id === t.decisionId && d.tradeLogId === t.id)).toBe(true);
      }
      expect(await h.audit.verify()).toMatchObject({ ok: true });
    }, 120_000);
  });
}
