/**
 * Issue 16: every resolution settles at its payouts — a winner (1/0), a 50/50 split (how Polymarket
 * settles a market resolved "invalid"), a scalar split — and no position stays open on a resolved
 * market. The recorded election market, resolved in each way (constructed resolutions).
 */
import { afterAll, beforeAll, expect, test } from 'bun:test';
import type { Decision } from '@polymancer/strategies';
import { testEngines } from '../../../test/databases.ts';
import { describeIfSharedData } from '../../../test/shared-data.ts';
import { createHarness, type Harness } from './harness.ts';
import { loadElectionMarket, ScriptedMarketData } from './recorded-market.ts';
import { botRow, expectReconciled, positionsOf, ScriptedStrategy, scriptedStrategies, tick, tickDeps, tradesOf } from './tick-harness.ts';

const describeWithData = describeIfSharedData('polymarket');

const buy = (tokenId: string, amountMicros: number): Decision => ({ kind: 'trade', side: 'buy', tokenId, amountMicros, limitPriceMicros: 999_000, reasoning: 'buy', confidencePerMille: 500 });

for (const engine of testEngines()) {
  describeWithData(`resolution payouts (${engine})`, () => {
    let h: Harness;
    let seq = 0;
    beforeAll(async () => {
      h = await createHarness(engine);
    });
    afterAll(() => h.testDb.dispose());

    async function holdBoth() {
      const userId = await h.addUser(`usr_pay${++seq}`);
      const venue = new ScriptedMarketData(loadElectionMarket());
      const strategy = new ScriptedStrategy();
      const deps = tickDeps(h, venue, { strategies: scriptedStrategies(strategy) });
      const { yesTokenId: yes, noTokenId: no } = venue.recorded;
      const bot = await h.bots.create(userId, {
        name: 'both sides',
        markets: [{ conditionId: venue.recorded.conditionId, tokenIds: [yes, no] }],
        strategy: { kind: 'mean-reversion' },
        startingBalanceMicros: 100_000_000,
      });
      await h.bots.resume(userId, bot.id);
      let n = 0;
      const next = async () => {
        h.clock.advance(60_000);
        return tick(deps, h, bot.id, `p${++n}`);
      };
      strategy.queue.push(buy(no, 20_000_000), buy(yes, 10_000_000));
      await next();
      await next();
      const held = await positionsOf(h, bot.id);
      const shares = (t: string) => held.find((p) => p.tokenId === t)?.sharesMicros ?? 0;
      const cost = (t: string) => held.find((p) => p.tokenId === t)?.costBasisMicros ?? 0;
      expect(shares(yes) * shares(no)).toBeGreaterThan(0);
      return { venue, bot, next, yes, no, shares, cost, before: (await botRow(h, bot.id)).paperBalanceMicros };
    }

    async function expectSettled(s: Awaited<ReturnType<typeof holdBoth>>, payoutYes: number, payoutNo: number) {
      expect(await s.next()).toMatchObject({ status: 'completed', settlements: 2 });
      const paid = (shares: number, payout: number) => Math.floor((shares * payout) / 1_000_000);
      const expected = paid(s.shares(s.yes), payoutYes) + paid(s.shares(s.no), payoutNo);
      expect((await botRow(h, s.bot.id)).paperBalanceMicros).toBe(s.before + expected);
      const after = await positionsOf(h, s.bot.id);
      // No position stays open on the resolved market.
      for (const p of after) {
        expect(p.sharesMicros).toBe(0);
        expect(p.settlementPriceMicros).toBe(p.tokenId === s.yes ? payoutYes : payoutNo);
      }
      expect(after.find((p) => p.tokenId === s.yes)?.realizedPnlMicros).toBe(paid(s.shares(s.yes), payoutYes) - s.cost(s.yes));
      const rows = (await tradesOf(h, s.bot.id)).filter((t) => t.kind === 'settlement');
      expect(rows.map((r) => [r.tokenId, r.executionPriceMicros]).sort()).toEqual([[s.yes, payoutYes], [s.no, payoutNo]].sort());
      expect(await s.next()).toMatchObject({ status: 'completed', settlements: 0 });
      await expectReconciled(h, s.bot.id, 100_000_000);
    }

    test('a 50/50 resolution (a market resolved "invalid") pays half a dollar a share on both sides', async () => {
      const s = await holdBoth();
      s.venue.resolveWithPayouts({ [s.yes]: 500_000, [s.no]: 500_000 });
      await expectSettled(s, 500_000, 500_000);
    });

    test('a scalar split pays each side its share of the dollar', async () => {
      const s = await holdBoth();
      s.venue.resolveWithPayouts({ [s.yes]: 584_331, [s.no]: 415_669 });
      await expectSettled(s, 584_331, 415_669);
    });

    test('a winner pays a dollar a share and the loser nothing, stated as payouts', async () => {
      const s = await holdBoth();
      s.venue.resolveWithPayouts({ [s.yes]: 0, [s.no]: 1_000_000 });
      await expectSettled(s, 0, 1_000_000);
    });
  });
}
