import { afterAll, beforeAll, expect, test } from 'bun:test';
import { NotFoundError, ValidationError } from '@polymancer/core';
import { createBotQueryStore, createBotStore, createTickStore } from '@polymancer/db';
import type { Decision } from '@polymancer/strategies';
import { testEngines } from '../../../test/databases.ts';
import { describeIfSharedData } from '../../../test/shared-data.ts';
import { type BotQueries, createBotQueries } from '../src/index.ts';
import { createHarness, type Harness } from './harness.ts';
import { loadElectionMarket, ScriptedMarketData } from './recorded-market.ts';
import { ScriptedStrategy, scriptedStrategies, tick, tickDeps } from './tick-harness.ts';

const describeWithData = describeIfSharedData('polymarket');

const buy = (tokenId: string, amountMicros: number, limitPriceMicros = 999_000): Decision => ({
  kind: 'trade',
  side: 'buy',
  tokenId,
  amountMicros,
  limitPriceMicros,
  reasoning: `buy ${amountMicros}`,
  confidencePerMille: 500,
});

async function rejected(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new Error('expected a failure');
}

for (const engine of testEngines()) {
  describeWithData(`bot queries (${engine})`, () => {
    let h: Harness;
    let q: BotQueries;
    let busyId: string;
    let quietId: string;
    let firstTradeAt: Date;
    const strategy = new ScriptedStrategy();
    beforeAll(async () => {
      h = await createHarness(engine);
      q = createBotQueries({ bots: createBotStore(h.db), queries: createBotQueryStore(h.db), ticks: createTickStore(h.db, h.clock), clock: h.clock });
      await h.addUser('usr_q');
      await h.addUser('usr_other');
      const venue = new ScriptedMarketData(loadElectionMarket());
      const deps = tickDeps(h, venue, { strategies: scriptedStrategies(strategy) });
      const markets = [{ conditionId: venue.recorded.conditionId, tokenIds: [venue.recorded.noTokenId] }];
      const busy = await h.bots.create('usr_q', { name: 'busy', markets, strategy: { kind: 'mean-reversion' }, startingBalanceMicros: 200_000_000, risk: { maxTradeSizeMicros: 20_000_000 } });
      const quiet = await h.bots.create('usr_q', { name: 'quiet', markets, strategy: { kind: 'mean-reversion' }, startingBalanceMicros: 200_000_000 });
      busyId = busy.id;
      quietId = quiet.id;
      for (const id of [busyId, quietId]) await h.bots.resume('usr_q', id);
      const no = venue.recorded.noTokenId;
      // busy: 5 fills and 2 rejections over 7 ticks; quiet: 1 fill.
      for (let i = 0; i < 7; i++) {
        h.clock.advance(60_000);
        if (i === 0) firstTradeAt = h.clock.now();
        strategy.queue.push(buy(no, i % 3 === 2 ? 30_000_000 : 5_000_000));
        await tick(deps, h, busyId, `t${i}`);
      }
      h.clock.advance(60_000);
      strategy.queue.push(buy(no, 5_000_000));
      await tick(deps, h, quietId, 'q0');
      h.clock.advance(3_600_000);
    }, 60_000);
    afterAll(() => h.testDb.dispose());

    test('the paper record counts only the bot its own executed paper trades and time since its first', async () => {
      const busy = await q.paperRecord('usr_q', busyId);
      const quiet = await q.paperRecord('usr_q', quietId);
      expect(busy.qualifyingTrades).toBe(5);
      expect(quiet.qualifyingTrades).toBe(1);
      expect(busy.nonQualifyingTrades).toBe(0);
      expect(busy.firstQualifyingTradeAt?.getTime()).toBe(firstTradeAt.getTime());
      expect(busy.paperTradingMs).toBe(h.clock.now().getTime() - firstTradeAt.getTime());
      expect(quiet.paperTradingMs).toBe(3_600_000);
    });

    test('lists trades newest first, filtered and paginated by cursor', async () => {
      const all = await q.trades('usr_q', { botId: busyId, limit: 200 });
      expect(all.items.length).toBe(7);
      expect(all.nextCursor).toBeNull();
      const rejectedOnly = await q.trades('usr_q', { botId: busyId, status: 'rejected' });
      expect(rejectedOnly.items.map((t) => t.rejectionCode)).toEqual(['max_trade_size_exceeded', 'max_trade_size_exceeded']);
      const first = await q.trades('usr_q', { botId: busyId, limit: 3 });
      const second = await q.trades('usr_q', { botId: busyId, limit: 3, cursor: first.nextCursor ?? '' });
      const third = await q.trades('usr_q', { botId: busyId, limit: 3, cursor: second.nextCursor ?? '' });
      expect([...first.items, ...second.items, ...third.items].map((t) => t.id)).toEqual(all.items.map((t) => t.id));
      expect(third.nextCursor).toBeNull();
      const everyBot = await q.trades('usr_q', { type: 'paper', status: 'executed' });
      expect(everyBot.items.length).toBe(6);
      const windowed = await q.trades('usr_q', { botId: busyId, from: new Date(firstTradeAt.getTime() + 60_000), to: new Date(firstTradeAt.getTime() + 180_000) });
      expect(windowed.items.length).toBe(2);
      expect(await q.trades('usr_other')).toEqual({ items: [], nextCursor: null });
      expect(await rejected(q.trades('usr_q', { limit: 0 }))).toBeInstanceOf(ValidationError);
      expect(await rejected(q.trades('usr_q', { cursor: 'garbage' }))).toBeInstanceOf(ValidationError);
    });

    test('positions, the P&L summary and the series agree with each other', async () => {
      const [position] = await q.positions('usr_q', busyId);
      const summary = await q.pnlSummary('usr_q', busyId);
      const series = await q.pnlSeries('usr_q', busyId);
      expect(position?.sharesMicros).toBeGreaterThan(0);
      expect(position?.averageEntryPriceMicros).toBeGreaterThan(514_000);
      expect(summary.executedTrades).toBe(5);
      expect(summary.rejectedTrades).toBe(2);
      expect(summary.positionsValueMicros).toBe(position?.marketValueMicros ?? -1);
      expect(summary.equityMicros).toBe(summary.balanceMicros + summary.positionsValueMicros);
      expect(summary.totalPnlMicros).toBe(summary.realizedPnlMicros + summary.unrealizedPnlMicros);
      expect(summary.feesPaidMicros).toBe(position?.feesPaidMicros ?? -1);
      expect(series.length).toBe(7);
      expect(series[series.length - 1]?.equityMicros).toBe(summary.equityMicros);
      expect(series.map((p) => p.at.getTime())).toEqual([...series.map((p) => p.at.getTime())].sort((a, b) => a - b));
    });

    test('decisions carry their reasoning and link to their trade', async () => {
      const page = await q.decisions('usr_q', busyId, { limit: 10 });
      expect(page.items.length).toBe(7);
      expect(page.items[0]?.reasoning).toBe('buy 5000000');
      expect(page.items.every((d) => d.kind === 'trade' && d.tradeLogId !== null)).toBe(true);
    });

    test("another user's bot is not found by every query", async () => {
      for (const attempt of [
        () => q.trades('usr_other', { botId: busyId }),
        () => q.positions('usr_other', busyId),
        () => q.pnlSummary('usr_other', busyId),
        () => q.pnlSeries('usr_other', busyId),
        () => q.decisions('usr_other', busyId),
        () => q.paperRecord('usr_other', busyId),
      ]) {
        expect(await rejected(attempt())).toBeInstanceOf(NotFoundError);
      }
    });
  });
}
