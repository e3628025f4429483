import { afterAll, beforeAll, expect, test } from 'bun:test';
import { schema } from '@polymancer/db';
import type { Decision } from '@polymancer/strategies';
import { eq } from 'drizzle-orm';
import { testEngines } from '../../../test/databases.ts';
import { describeIfSharedData } from '../../../test/shared-data.ts';
import { createMarketDataCache, runTick, type TickStore } from '../src/index.ts';
import { createHarness, type Harness } from './harness.ts';
import { loadElectionMarket, ScriptedMarketData } from './recorded-market.ts';
import { botRow, positionsOf, ScriptedStrategy, scriptedStrategies, tick, tickDeps, tradesOf } from './tick-harness.ts';

const describeWithData = describeIfSharedData('polymarket');

function buy(tokenId: string, amountMicros: number, limitPriceMicros = 999_000): Decision {
  return { kind: 'trade', side: 'buy', tokenId, amountMicros, limitPriceMicros, reasoning: 'scripted buy', confidencePerMille: 700 };
}
function sell(tokenId: string, sharesMicros: number, limitPriceMicros = 1_000): Decision {
  return { kind: 'trade', side: 'sell', tokenId, sharesMicros, limitPriceMicros, reasoning: 'scripted sell', confidencePerMille: 600 };
}

for (const engine of testEngines()) {
  describeWithData(`tick rules (${engine})`, () => {
    let h: Harness;
    let userSeq = 0;
    beforeAll(async () => {
      h = await createHarness(engine);
    });
    afterAll(() => h.testDb.dispose());

    async function setup(settings: Record<string, unknown> = {}) {
      const userId = await h.addUser(`usr_rules${++userSeq}`);
      const venue = new ScriptedMarketData(loadElectionMarket());
      const strategy = new ScriptedStrategy();
      const deps = tickDeps(h, venue, { strategies: scriptedStrategies(strategy) });
      const bot = await h.bots.create(userId, {
        name: 'scripted',
        markets: [{ conditionId: venue.recorded.conditionId, tokenIds: [venue.recorded.yesTokenId, venue.recorded.noTokenId] }],
        strategy: { kind: 'mean-reversion' },
        startingBalanceMicros: 100_000_000,
        ...settings,
      });
      await h.bots.resume(userId, bot.id);
      let n = 0;
      const next = async () => {
        h.clock.advance(60_000);
        return tick(deps, h, bot.id, `k${++n}`);
      };
      return { userId, venue, strategy, deps, bot, next, yes: venue.recorded.yesTokenId, no: venue.recorded.noTokenId };
    }

    test('records every rejection with its code and reason and leaves the balance untouched by it', async () => {
      const s = await setup({ risk: { maxTradeSizeMicros: 5_000_000, maxPositionPerMarketMicros: 8_000_000 } });
      s.strategy.queue.push(
        buy(s.no, 6_000_000), // 6 pUSD + fee is over the 5 pUSD max trade size
        buy(s.no, 4_000_000, 500_000), // limit below the best ask: the FOK cannot fill
        buy(s.no, 4_000_000), // fills
        buy(s.no, 4_500_000), // 4.08 + 4.59 held in the market would pass the 8 pUSD maximum
      );
      for (let i = 0; i < 4; i++) expect((await s.next()).status).toBe('completed');
      const trades = await tradesOf(h, s.bot.id);
      expect(trades.map((t) => [t.status, t.rejectionCode])).toEqual([
        ['rejected', 'max_trade_size_exceeded'],
        ['rejected', 'limit_price_reached'],
        ['executed', null],
        ['rejected', 'max_position_per_market_exceeded'],
      ]);
      for (const t of trades.filter((r) => r.status === 'rejected')) expect(t.rejectionReason?.length ?? 0).toBeGreaterThan(5);
      const fill = trades[2];
      expect((await botRow(h, s.bot.id)).paperBalanceMicros).toBe(100_000_000 - (fill?.amountMicros ?? 0) - (fill?.feeMicros ?? 0));
      const actions = await h.auditActions();
      expect(actions.filter((a) => a === 'bot.trade.rejected').length).toBeGreaterThanOrEqual(3);
      expect(actions).toContain('bot.trade.executed');
    });

    test('rejects a fill whose predicted slippage is over the bot maximum', async () => {
      const s = await setup({ startingBalanceMicros: 1_000_000_000, risk: { maxSlippageBps: 1 } });
      // Yes asks (complement of No bids): 1304.72 shares at 0.489, then 0.49 — 700 pUSD walks two levels.
      // 97.80 pUSD buys exactly 200 shares at 0.489: no slippage, not even from the venue's rounding.
      s.strategy.queue.push(buy(s.yes, 700_000_000), buy(s.yes, 97_800_000));
      await s.next();
      await s.next();
      const trades = await tradesOf(h, s.bot.id);
      expect(trades.map((t) => t.rejectionCode)).toEqual(['max_slippage_exceeded', null]);
      expect(trades[0]?.predictedSlippageBps).toBeGreaterThan(1);
      expect(trades[1]?.predictedSlippageBps).toBe(0);
    });

    test('an intent the bot cannot cover never reaches the book: it is a hold with the reason', async () => {
      const s = await setup();
      s.strategy.queue.push(sell(s.no, 10_000_000), buy(s.no, 100_000_000_000));
      await s.next();
      await s.next();
      expect(await tradesOf(h, s.bot.id)).toEqual([]);
      const decisions = await h.db.select().from(schema.botDecisions).where(eq(schema.botDecisions.botId, s.bot.id));
      expect(decisions.map((d) => d.holdCode)).toEqual(['strategy_error', 'strategy_error']);
      expect(decisions.every((d) => d.reasoning.includes('exceeds'))).toBe(true);
    });

    test('rejects a fill whose market impact is over the bot maximum', async () => {
      const s = await setup({ risk: { maxMarketImpactBps: 0 } });
      s.strategy.queue.push(buy(s.no, 10_000_000));
      await s.next();
      const [t] = await tradesOf(h, s.bot.id);
      expect(t?.rejectionCode).toBe('max_market_impact_exceeded');
      expect(t?.marketImpactBps).toBeGreaterThan(0);
    });

    test('a tick killed mid-way and retried leaves exactly one fill', async () => {
      const s = await setup();
      const real = s.deps.store;
      let killed = false;
      const crashing: TickStore = {
        load: (id, key) => real.load(id, key),
        transact: (id, key, at, work) =>
          real.transact(id, key, at, (tx) =>
            work({
              ...tx,
              state: tx.state,
              insertTrade: async (row) => {
                await tx.insertTrade(row);
                if (!killed) {
                  killed = true;
                  throw new Error('worker killed after the fill was computed');
                }
              },
            }),
          ),
      };
      const crashDeps = { ...s.deps, store: crashing };
      s.strategy.queue.push(buy(s.no, 10_000_000), buy(s.no, 10_000_000));
      h.clock.advance(60_000);
      const now = h.clock.now();
      await expect(runTick(crashDeps, { botId: s.bot.id, tickKey: 'slot-1' }, now)).rejects.toThrow('worker killed');
      expect(await tradesOf(h, s.bot.id)).toEqual([]);
      expect((await botRow(h, s.bot.id)).paperBalanceMicros).toBe(100_000_000);
      const retried = await runTick(crashDeps, { botId: s.bot.id, tickKey: 'slot-1' }, now);
      expect(retried).toMatchObject({ status: 'completed', trades: 1 });
      const again = await runTick(crashDeps, { botId: s.bot.id, tickKey: 'slot-1' }, now);
      expect(again.status).toBe('duplicate');
      const trades = await tradesOf(h, s.bot.id);
      expect(trades.filter((t) => t.status === 'executed').length).toBe(1);
      const [fill] = trades;
      expect((await botRow(h, s.bot.id)).paperBalanceMicros).toBe(100_000_000 - (fill?.amountMicros ?? 0) - (fill?.feeMicros ?? 0));
      const [position] = await positionsOf(h, s.bot.id);
      expect(position?.sharesMicros).toBe(fill?.sharesMicros ?? -1);
    });

    test('two concurrent runs of one tick apply it once', async () => {
      const s = await setup();
      s.strategy.queue.push(buy(s.no, 10_000_000), buy(s.no, 10_000_000));
      h.clock.advance(60_000);
      const now = h.clock.now();
      const results = await Promise.all([runTick(s.deps, { botId: s.bot.id, tickKey: 'same' }, now), runTick(s.deps, { botId: s.bot.id, tickKey: 'same' }, now)]);
      expect(results.map((r) => r.status).sort()).toEqual(['completed', 'duplicate']);
      expect((await tradesOf(h, s.bot.id)).length).toBe(1);
    });

    test('settles positions when the market resolves: the winner pays 1 pUSD a share, the loser nothing', async () => {
      const s = await setup();
      s.strategy.queue.push(buy(s.no, 20_000_000), buy(s.yes, 10_000_000));
      await s.next();
      await s.next();
      const before = await botRow(h, s.bot.id);
      const held = await positionsOf(h, s.bot.id);
      const noShares = held.find((p) => p.tokenId === s.no)?.sharesMicros ?? 0;
      const yesCost = held.find((p) => p.tokenId === s.yes)?.costBasisMicros ?? 0;
      const noCost = held.find((p) => p.tokenId === s.no)?.costBasisMicros ?? 0;
      expect(noShares).toBeGreaterThan(0);
      s.venue.resolve(s.no);
      const result = await s.next();
      expect(result).toMatchObject({ status: 'completed', settlements: 2 });
      const after = await botRow(h, s.bot.id);
      expect(after.paperBalanceMicros).toBe(before.paperBalanceMicros + noShares);
      const settled = await positionsOf(h, s.bot.id);
      for (const p of settled) {
        expect(p.sharesMicros).toBe(0);
        expect(p.costBasisMicros).toBe(0);
        expect(p.settlementPriceMicros).toBe(p.tokenId === s.no ? 1_000_000 : 0);
      }
      expect(settled.find((p) => p.tokenId === s.no)?.realizedPnlMicros).toBe(noShares - noCost);
      expect(settled.find((p) => p.tokenId === s.yes)?.realizedPnlMicros).toBe(-yesCost);
      const rows = (await tradesOf(h, s.bot.id)).filter((t) => t.kind === 'settlement');
      expect(rows.map((r) => [r.tokenId, r.executionPriceMicros]).sort()).toEqual([[s.no, 1_000_000], [s.yes, 0]].sort());
      // A later tick settles nothing twice.
      expect(await s.next()).toMatchObject({ status: 'completed', settlements: 0 });
      expect((await botRow(h, s.bot.id)).paperBalanceMicros).toBe(after.paperBalanceMicros);
    });

    test('the daily loss limit stops buys after losses and lifts on the next UTC day', async () => {
      const s = await setup({ risk: { dailyLossLimitMicros: 2_000_000 } });
      h.clock.set(Date.UTC(2026, 5, 10, 8));
      s.strategy.queue.push(buy(s.no, 30_000_000));
      expect(await s.next()).toMatchObject({ trades: 1 });
      // The No price falls 6 cents: ~55 shares lose ~3.3 pUSD marked at the midpoint.
      s.venue.setShift(-60, h.clock.now().getTime());
      s.strategy.queue.push(buy(s.no, 5_000_000));
      await s.next();
      const trades = await tradesOf(h, s.bot.id);
      expect(trades.map((t) => t.rejectionCode)).toEqual([null, 'daily_loss_limit_reached']);
      // The limit is a hard stop for the day: selling only once the owner asks for it.
      const [pos] = await positionsOf(h, s.bot.id);
      await h.bots.allowExitsWhileStopped(s.userId, s.bot.id);
      s.strategy.queue.push(sell(s.no, pos?.sharesMicros ?? 0));
      expect(await s.next()).toMatchObject({ trades: 1 });
      // A new UTC day opens at the current equity: buying is allowed again.
      h.clock.set(Date.UTC(2026, 5, 11, 0, 1));
      s.strategy.queue.push(buy(s.no, 5_000_000));
      expect(await s.next()).toMatchObject({ trades: 1 });
    });

    test('skips a paused bot, an emergency-stopped bot and a frozen user without writing', async () => {
      const s = await setup();
      await h.bots.pause(s.userId, s.bot.id);
      expect(await s.next()).toMatchObject({ status: 'skipped', code: 'bot_not_active' });
      await h.bots.resume(s.userId, s.bot.id);
      await h.db.update(schema.users).set({ tradingFrozen: true }).where(eq(schema.users.id, s.userId));
      expect(await s.next()).toMatchObject({ status: 'skipped', code: 'user_frozen' });
      await h.db.update(schema.users).set({ tradingFrozen: false }).where(eq(schema.users.id, s.userId));
      await h.db.update(schema.bots).set({ emergencyStopped: true }).where(eq(schema.bots.id, s.bot.id));
      expect(await s.next()).toMatchObject({ status: 'skipped', code: 'emergency_stopped' });
      expect(await tradesOf(h, s.bot.id)).toEqual([]);
    });

    test('records a hold with the reason when the venue is unavailable', async () => {
      const s = await setup();
      s.venue.failBooks = true;
      expect(await s.next()).toMatchObject({ status: 'completed', holds: 1 });
      const [d] = await h.db.select().from(schema.botDecisions).where(eq(schema.botDecisions.botId, s.bot.id));
      expect(d?.holdCode).toBe('market_data_unavailable');
      expect(d?.reasoning).toContain('venue unavailable');
    });

    test('paper realism delays execution, records latency and book age, and rejects a price that moved against the user', async () => {
      const s = await setup({ realism: { enabled: true, artificialDelayMs: 200 } });
      const moving = tickDeps(h, s.venue, {
        strategies: scriptedStrategies(s.strategy),
        sleep: async (ms) => {
          h.clock.advance(ms + 1_000);
          s.venue.setShift(15, h.clock.now().getTime()); // +1.5 cents ≈ 3 % against a buy
        },
      });
      s.strategy.queue.push(buy(s.no, 10_000_000));
      h.clock.advance(60_000);
      await runTick(moving, { botId: s.bot.id, tickKey: 'moved' }, h.clock.now());
      const [t] = await tradesOf(h, s.bot.id);
      expect(t?.rejectionCode).toBe('price_moved_against_user');
      expect(t?.latencyMs).toBe(1_200);
      expect(t?.decisionPriceMicros).toBe(514_000);

      s.strategy.queue.push(buy(s.no, 10_000_000));
      expect(await s.next()).toMatchObject({ trades: 1 });
      const executed = (await tradesOf(h, s.bot.id))[1];
      expect(executed?.latencyMs).toBe(200);
      expect(executed?.bookAgeMs).toBe(0);
    });

    test('with a stale book the strategy decides on the book from minutes ago and the trade records its age', async () => {
      const s = await setup({ realism: { enabled: true, artificialDelayMs: 0, staleBookMs: 120_000 } });
      // Three cycles a minute apart: the book at shift 0, then +5 ticks, then +10 ticks.
      for (const shift of [0, 5]) {
        h.clock.advance(60_000);
        s.venue.setShift(shift, h.clock.now().getTime());
        await tick(s.deps, h, s.bot.id, `warm${shift}`);
      }
      h.clock.advance(60_000);
      s.venue.setShift(10, h.clock.now().getTime());
      s.strategy.queue.push(buy(s.no, 5_000_000));
      await tick(s.deps, h, s.bot.id, 'stale');
      const [t] = await tradesOf(h, s.bot.id);
      expect(t?.bookAgeMs).toBe(120_000);
      // The decision saw the best ask of two minutes ago; the order met today's book, 1 cent higher.
      expect(t?.decisionPriceMicros).toBe(514_000);
      expect(t?.rejectionCode).toBe('price_moved_against_user');
    });

    test('records a decision with its reasoning, confidence and the model usage it cost', async () => {
      const s = await setup();
      s.strategy.queue.push(
        { ...buy(s.no, 5_000_000), usage: { inputTokens: 812, outputTokens: 96, costMicros: 1_234 } },
        { kind: 'hold', code: 'llm_timeout', reasoning: 'the model did not answer within 20000 ms', usage: { inputTokens: 800, outputTokens: 0, costMicros: 900 } },
      );
      await s.next();
      await s.next();
      const rows = await h.db.select().from(schema.botDecisions).where(eq(schema.botDecisions.botId, s.bot.id)).orderBy(schema.botDecisions.createdAt);
      expect(rows.map((d) => [d.kind, d.holdCode, d.side, d.confidencePerMille, d.inputTokens, d.outputTokens, d.costMicros])).toEqual([
        ['trade', null, 'buy', 700, 812, 96, 1_234],
        ['hold', 'llm_timeout', null, null, 800, 0, 900],
      ]);
      expect(rows[0]?.reasoning).toBe('scripted buy');
      expect(rows[1]?.reasoning).toContain('did not answer');
    });

    test('settles a resolved market the bot still holds after it stopped watching it', async () => {
      const s = await setup();
      s.strategy.queue.push(buy(s.no, 10_000_000));
      await s.next();
      const [held] = await positionsOf(h, s.bot.id);
      await h.bots.update(s.userId, s.bot.id, { markets: [{ conditionId: `0x${'c3'.repeat(32)}`, tokenIds: ['42'] }] });
      const before = (await botRow(h, s.bot.id)).paperBalanceMicros;
      s.venue.resolve(s.no);
      expect(await s.next()).toMatchObject({ status: 'completed', settlements: 1 });
      expect((await botRow(h, s.bot.id)).paperBalanceMicros).toBe(before + (held?.sharesMicros ?? 0));
    });

    test('one book fetch serves every bot of a tick cycle', async () => {
      const venue = new ScriptedMarketData(loadElectionMarket());
      const userId = await h.addUser('usr_crowd');
      const cache = createMarketDataCache(venue, { clock: h.clock, bookTtlMs: 1_000 });
      const deps = { ...tickDeps(h, venue), marketData: cache };
      const ids: string[] = [];
      for (let i = 0; i < 25; i++) {
        const bot = await h.bots.create(userId, {
          name: `crowd ${i}`,
          markets: [{ conditionId: venue.recorded.conditionId, tokenIds: [venue.recorded.yesTokenId, venue.recorded.noTokenId] }],
          strategy: { kind: 'momentum' },
        });
        await h.bots.resume(userId, bot.id);
        ids.push(bot.id);
      }
      h.clock.advance(60_000);
      const now = h.clock.now();
      await Promise.all(ids.map((id) => runTick(deps, { botId: id, tickKey: 'cycle-1' }, now)));
      expect(venue.bookFetches).toBe(2);
      expect(venue.marketFetches).toBe(1);
    });
  });
}
