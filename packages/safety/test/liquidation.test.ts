/**
 * "Close all positions" over the real stores (paper bot): the bot is emergency-stopped first, every
 * holding is sold into its book through the paper engine, a thin book leaves a partial with the rest
 * still held, the liquidation P&L is reported apart from the trading P&L, the owner is notified with
 * the results, and the request and result are audited.
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { createAuditLog } from '@polymancer/audit';
import { createBotQueries, createLiquidator, type MarketData, type MarketInfo } from '@polymancer/bots';
import { ManualClock, NotFoundError, type OrderBook } from '@polymancer/core';
import { createAuditStore, createBotQueryStore, createBotStore, createEmergencyStore, createLiquidationStore, createNotificationStore, createTickStore, schema } from '@polymancer/db';
import { createNotificationService, notifierFor } from '@polymancer/notify';
import { createEmergency } from '@polymancer/safety';
import { and, eq } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase, testEngines } from '../../../test/databases.ts';
import { addBot, addUser, auditActions } from './helpers.ts';

const M1 = `0x${'a1'.repeat(32)}`;
const M2 = `0x${'a2'.repeat(32)}`;
const level = (price: number, shares: number) => ({ priceMicros: price, sizeMicros: shares * 1_000_000 });
const book = (tokenId: string, bids: ReturnType<typeof level>[]): OrderBook => ({ tokenId, bids, asks: [level(990_000, 100)], tickSizeMicros: 10_000, minOrderSizeMicros: 5_000_000, timestampMs: 0 });
const market = (conditionId: string, tokens: string[]): MarketInfo => ({ conditionId, question: 'q', outcomes: tokens.map((tokenId, i) => ({ tokenId, outcome: i === 0 ? 'Yes' : 'No' })), tickSizeMicros: 10_000, minOrderSizeMicros: 5_000_000, acceptingOrders: true, closed: false });

/** Y1: 100 shares held at 0.40, N1: 50 at 0.60 (market 1); Y2: 200 at 0.50 (market 2, a thin book). */
const books: Record<string, OrderBook> = {
  '4101': book('4101', [level(450_000, 60), level(440_000, 100)]),
  '4102': book('4102', [level(520_000, 100)]),
  '4201': book('4201', [level(550_000, 30), level(540_000, 20)]),
};
const venue: MarketData = {
  getMarket: async (id) => (id === M1 ? market(M1, ['4101', '4102']) : market(M2, ['4201'])),
  getBook: async (tokenId) => books[tokenId] ?? (() => { throw new Error(`no book ${tokenId}`); })(),
};

for (const engine of testEngines()) {
  describe(`close all positions (${engine})`, () => {
    let t: TestDatabase;
    const clock = new ManualClock(Date.UTC(2026, 5, 1, 12));
    const operator = { kind: 'operator' as const, operatorId: 'usr_op', via: 'cli' as const };

    beforeAll(async () => {
      t = await createTestDatabase(engine);
    });
    afterAll(async () => {
      await t.dispose();
    });

    const emergency = () =>
      createEmergency({
        store: createEmergencyStore(t.handle.db),
        audit: createAuditLog({ store: createAuditStore(t.handle.db), clock }),
        clock,
        notifier: notifierFor(createNotificationService({ store: createNotificationStore(t.handle.db), clock, messageIdDomain: 'polymancer.test' })),
        liquidator: createLiquidator({ store: createTickStore(t.handle.db, clock), liquidations: createLiquidationStore(t.handle.db), marketData: venue, clock }),
      });
    const queries = () => createBotQueries({ bots: createBotStore(t.handle.db), queries: createBotQueryStore(t.handle.db), ticks: createTickStore(t.handle.db, clock), clock });

    async function holdingBot(userId: string): Promise<string> {
      const botId = await addBot(t.handle.db, clock, userId);
      await t.handle.db.update(schema.bots).set({ paperBalanceMicros: 500_000_000 }).where(eq(schema.bots.id, botId));
      const position = (tokenId: string, conditionId: string, outcome: string, shares: number, cost: number, realized = 0) => ({ botId, tokenId, conditionId, outcome, sharesMicros: shares, costBasisMicros: cost, realizedPnlMicros: realized, feesPaidMicros: 0, markPriceMicros: null, settledAt: null, settlementPriceMicros: null, updatedAt: clock.now() });
      await t.handle.db.insert(schema.botPositions).values([
        // Y1 realized $2 by an earlier (trading) sell: that is trading P&L.
        position('4101', M1, 'Yes', 100_000_000, 40_000_000, 2_000_000),
        position('4102', M1, 'No', 50_000_000, 30_000_000),
        position('4201', M2, 'Yes', 200_000_000, 100_000_000),
      ]);
      await t.handle.db.insert(schema.tradeLogs).values({ id: `trd_${botId}`, userId, botId, type: 'paper', status: 'executed', kind: 'trade', side: 'sell', marketId: M1, tokenId: '4101', sharesMicros: 10_000_000, amountMicros: 6_000_000, realizedPnlMicros: 2_000_000, tickKey: 'earlier', createdAt: clock.now() });
      return botId;
    }

    test('sells every holding at the book, a thin book partially; liquidation P&L apart from trading P&L; owner notified; audited', async () => {
      const userId = await addUser(t.handle.db);
      const botId = await holdingBot(userId);
      const run = await emergency().closeAllPositions({ kind: 'user', userId }, botId, 'market looks broken');

      const bot = (await t.handle.db.select().from(schema.bots).where(eq(schema.bots.id, botId)))[0]!;
      expect(bot).toMatchObject({ status: 'paused', emergencyStopped: true, emergencyStoppedReason: 'close all positions: market looks broken' });

      // Y1: 60 × 0.45 + 40 × 0.44 = 44.60, fee 2 % 0.892 → 43.708, P&L 3.708
      // N1: 50 × 0.52 = 26.00, fee 0.52 → 25.48, P&L −4.52
      // Y2: 30 × 0.55 + 20 × 0.54 = 27.30, fee 0.546 → 26.754, cost of 50 / 200 = 25.00, P&L 1.754; 150 left
      expect(run.status).toBe('partial');
      expect(run.results.map((r) => [r.tokenId, r.status, r.soldSharesMicros, r.remainingSharesMicros, r.proceedsMicros, r.pnlMicros])).toEqual([
        ['4101', 'sold', 100_000_000, 0, 43_708_000, 3_708_000],
        ['4102', 'sold', 50_000_000, 0, 25_480_000, -4_520_000],
        ['4201', 'partially_sold', 50_000_000, 150_000_000, 26_754_000, 1_754_000],
      ]);
      expect(run.results[2]).toMatchObject({ code: 'book_too_thin' });
      expect(run.proceedsMicros).toBe(95_942_000);
      expect(run.liquidationPnlMicros).toBe(942_000);

      // The stored run, the trade rows of kind `liquidation`, the positions and the balance.
      const stored = await createLiquidationStore(t.handle.db).listForBot(botId, 5);
      expect(stored).toHaveLength(1);
      expect(stored[0]).toMatchObject({ id: run.id, status: 'partial', requestedByType: 'user', requestedBy: userId, reason: 'market looks broken', liquidationPnlMicros: 942_000, proceedsMicros: 95_942_000 });
      expect(stored[0]!.finishedAt).not.toBeNull();
      const sales = await t.handle.db.select().from(schema.tradeLogs).where(and(eq(schema.tradeLogs.botId, botId), eq(schema.tradeLogs.kind, 'liquidation')));
      expect(sales.map((s) => [s.tokenId, s.side, s.status, s.type, s.sharesMicros, s.realizedPnlMicros]).sort()).toEqual([
        ['4101', 'sell', 'executed', 'paper', 100_000_000, 3_708_000],
        ['4102', 'sell', 'executed', 'paper', 50_000_000, -4_520_000],
        ['4201', 'sell', 'executed', 'paper', 50_000_000, 1_754_000],
      ]);
      const positions = await queries().positions(userId, botId);
      expect(positions.map((p) => [p.tokenId, p.sharesMicros])).toEqual([['4101', 0], ['4102', 0], ['4201', 150_000_000]]);

      const pnl = await queries().pnlSummary(userId, botId);
      expect(pnl.balanceMicros).toBe(500_000_000 + 95_942_000);
      expect(pnl.liquidationPnlMicros).toBe(942_000);
      expect(pnl.tradingRealizedPnlMicros).toBe(2_000_000);
      expect(pnl.realizedPnlMicros).toBe(2_942_000);
      expect(pnl.executedTrades).toBe(1);
      expect(pnl.liquidationSales).toBe(3);

      const notes = await t.handle.db.select().from(schema.notifications).where(eq(schema.notifications.userId, userId));
      const liquidated = notes.find((n) => n.kind === 'bot.liquidated');
      expect(liquidated).toBeDefined();
      expect(liquidated!.body).toContain('150.00 shares still held');
      expect(liquidated!.body).toContain('liquidation P&L $0.94');
      const actions = await auditActions(t.handle.db);
      expect(actions).toContain('bot.emergency_stopped');
      expect(actions).toContain('bot.liquidation.requested');
      expect(actions).toContain('bot.liquidated');
      expect(actions.indexOf('bot.emergency_stopped')).toBeLessThan(actions.indexOf('bot.liquidated'));

      // Running it again sells what the thin book still takes, and nothing twice.
      const again = await emergency().closeAllPositions({ kind: 'user', userId }, botId, 'again');
      expect(again.results.map((r) => [r.tokenId, r.soldSharesMicros, r.remainingSharesMicros])).toEqual([['4201', 50_000_000, 100_000_000]]);
    });

    test("a user cannot liquidate another user's bot; an operator can, and the owner is told; a blank reason is refused", async () => {
      const owner = await addUser(t.handle.db);
      const other = await addUser(t.handle.db);
      const botId = await holdingBot(owner);
      await expect(emergency().closeAllPositions({ kind: 'user', userId: other }, botId, 'nope')).rejects.toBeInstanceOf(NotFoundError);
      await expect(emergency().closeAllPositions(operator, botId, '   ')).rejects.toMatchObject({ code: 'validation_failed' });
      const bot = (await t.handle.db.select().from(schema.bots).where(eq(schema.bots.id, botId)))[0]!;
      expect(bot).toMatchObject({ emergencyStopped: false, status: 'active' });
      const run = await emergency().closeAllPositions(operator, botId, 'fraud review');
      expect(run).toMatchObject({ requestedByType: 'operator', requestedBy: 'usr_op', status: 'partial' });
      const kinds = (await t.handle.db.select().from(schema.notifications).where(eq(schema.notifications.userId, owner))).map((n) => n.kind).sort();
      expect(kinds).toEqual(['bot.emergency_stopped', 'bot.liquidated']);
      expect(await emergency().liquidations({ kind: 'user', userId: owner }, botId)).toHaveLength(1);
      await expect(emergency().liquidations({ kind: 'user', userId: other }, botId)).rejects.toBeInstanceOf(NotFoundError);
    });

    if (engine === 'postgres') {
      test('two liquidations at once sell each holding once: the second waits on the bot row lock and finds what the first left', async () => {
        const userId = await addUser(t.handle.db);
        const botId = await holdingBot(userId);
        const [a, b] = await Promise.all([
          emergency().closeAllPositions({ kind: 'user', userId }, botId, 'first'),
          emergency().closeAllPositions(operator, botId, 'second'),
        ]);
        const sold = (token: string) => [a, b].flatMap((r) => r.results).filter((r) => r.tokenId === token).reduce((s, r) => s + r.soldSharesMicros, 0);
        expect(sold('4101')).toBe(100_000_000);
        expect(sold('4102')).toBe(50_000_000);
        // The thin book is sold into twice (the books are fixed in this test): 50 + 50 of 200, never more than held.
        expect(sold('4201')).toBe(100_000_000);
        const sales = await t.handle.db.select().from(schema.tradeLogs).where(and(eq(schema.tradeLogs.botId, botId), eq(schema.tradeLogs.kind, 'liquidation')));
        expect(sales).toHaveLength(4);
        const positions = await queries().positions(userId, botId);
        expect(positions.map((p) => [p.tokenId, p.sharesMicros])).toEqual([['4101', 0], ['4102', 0], ['4201', 100_000_000]]);
        expect((await queries().pnlSummary(userId, botId)).balanceMicros).toBe(500_000_000 + a.proceedsMicros + b.proceedsMicros);
      });
    }

    test('a run whose process dies after its sales is closed as interrupted, with what it sold; the owner is told and it is audited; once', async () => {
      const userId = await addUser(t.handle.db);
      const botId = await holdingBot(userId);
      const stores = createLiquidationStore(t.handle.db);
      // The process dies after the sales were committed and before the run row was finished.
      const dying = createEmergency({
        store: createEmergencyStore(t.handle.db),
        audit: createAuditLog({ store: createAuditStore(t.handle.db), clock }),
        clock,
        notifier: notifierFor(createNotificationService({ store: createNotificationStore(t.handle.db), clock, messageIdDomain: 'polymancer.test' })),
        liquidator: createLiquidator({ store: createTickStore(t.handle.db, clock), liquidations: { ...stores, finish: async () => { throw new Error('process killed (test)'); } }, marketData: venue, clock }),
      });
      await expect(dying.closeAllPositions({ kind: 'user', userId }, botId, 'get out')).rejects.toThrow('process killed (test)');
      const [left] = await stores.listForBot(botId, 5);
      expect(left).toMatchObject({ status: 'running', finishedAt: null });

      // A young run may still be working: left alone.
      expect(await emergency().recoverInterruptedLiquidations()).toEqual({ interrupted: 0, settled: 0 });
      clock.advance(15 * 60_000 + 1);
      expect(await emergency().recoverInterruptedLiquidations()).toEqual({ interrupted: 1, settled: 0 });
      const [closed] = await stores.listForBot(botId, 5);
      expect(closed).toMatchObject({ id: left!.id, status: 'interrupted', proceedsMicros: 95_942_000, liquidationPnlMicros: 942_000 });
      expect(closed!.finishedAt).not.toBeNull();
      expect(closed!.results.map((r) => [r.tokenId, r.status, r.heldSharesMicros, r.soldSharesMicros, r.remainingSharesMicros, r.proceedsMicros, r.pnlMicros, r.code])).toEqual([
        ['4101', 'sold', 100_000_000, 100_000_000, 0, 43_708_000, 3_708_000, null],
        ['4102', 'sold', 50_000_000, 50_000_000, 0, 25_480_000, -4_520_000, null],
        ['4201', 'partially_sold', 200_000_000, 50_000_000, 150_000_000, 26_754_000, 1_754_000, 'liquidation_interrupted'],
      ]);
      const sales = await t.handle.db.select().from(schema.tradeLogs).where(and(eq(schema.tradeLogs.botId, botId), eq(schema.tradeLogs.kind, 'liquidation')));
      expect(closed!.results.map((r) => r.tradeId).sort()).toEqual(sales.map((s) => s.id).sort());
      expect(closed!.results[0]).toMatchObject({ averagePriceMicros: 446_000, outcome: 'Yes', conditionId: M1 });

      const note = (await t.handle.db.select().from(schema.notifications).where(eq(schema.notifications.userId, userId))).find((n) => n.kind === 'bot.liquidated');
      expect(note?.title).toBe("Closing a bot's positions was interrupted");
      expect(note?.body).toContain('150.00 shares still held');
      expect(note?.body).toContain('close all positions again');
      const audits = await t.handle.db.select().from(schema.auditEvents).where(and(eq(schema.auditEvents.action, 'bot.liquidation.interrupted'), eq(schema.auditEvents.subjectId, botId)));
      expect(audits).toHaveLength(1);
      expect(audits[0]).toMatchObject({ actorType: 'system' });

      expect(await emergency().recoverInterruptedLiquidations()).toEqual({ interrupted: 0, settled: 0 });
      expect(await t.handle.db.select().from(schema.auditEvents).where(and(eq(schema.auditEvents.action, 'bot.liquidation.interrupted'), eq(schema.auditEvents.subjectId, botId)))).toHaveLength(1);
    });

    test('a run that died before it sold anything reports every holding still held; a run that finished meanwhile is never overwritten', async () => {
      const userId = await addUser(t.handle.db);
      const botId = await holdingBot(userId);
      const stores = createLiquidationStore(t.handle.db);
      const run = { botId, userId, type: 'paper' as const, requestedByType: 'user' as const, requestedBy: userId, reason: 'died early', status: 'running' as const, results: [], proceedsMicros: 0, feesMicros: 0, liquidationPnlMicros: 0, startedAt: clock.now(), finishedAt: null };
      await stores.insert({ ...run, id: `liquidation_${botId}_died` });
      await stores.insert({ ...run, id: `liquidation_${botId}_done` });
      clock.advance(16 * 60_000);
      // The second finishes just before the sweep closes it: the sweep leaves it as it finished.
      const finishing = { ...stores, staleRuns: async (before: Date, limit: number) => {
        const stale = await stores.staleRuns(before, limit);
        await stores.finish(`liquidation_${botId}_done`, { status: 'completed', results: [], proceedsMicros: 0, feesMicros: 0, liquidationPnlMicros: 0, finishedAt: clock.now() });
        return stale;
      } };
      const liquidator = createLiquidator({ store: createTickStore(t.handle.db, clock), liquidations: finishing, marketData: venue, clock });
      const closed = await liquidator.recoverInterrupted(new Date(clock.now().getTime() - 15 * 60_000));
      expect(closed.map((r) => r.id)).toEqual([`liquidation_${botId}_died`]);
      expect(closed[0]!.results.map((r) => [r.tokenId, r.status, r.remainingSharesMicros, r.code])).toEqual([
        ['4101', 'not_sold', 100_000_000, 'liquidation_interrupted'],
        ['4102', 'not_sold', 50_000_000, 'liquidation_interrupted'],
        ['4201', 'not_sold', 200_000_000, 'liquidation_interrupted'],
      ]);
      expect(closed[0]).toMatchObject({ status: 'interrupted', proceedsMicros: 0, liquidationPnlMicros: 0 });
      const stored = await stores.listForBot(botId, 5);
      expect(Object.fromEntries(stored.map((r) => [r.id, r.status]))).toEqual({ [`liquidation_${botId}_died`]: 'interrupted', [`liquidation_${botId}_done`]: 'completed' });
    });

    test('a book with no bids and a closed market leave the holding, reported, nothing crashes', async () => {
      const userId = await addUser(t.handle.db);
      const botId = await holdingBot(userId);
      const broken: MarketData = {
        getMarket: async (id) => (id === M1 ? { ...market(M1, ['4101', '4102']), closed: true } : market(M2, ['4201'])),
        getBook: async () => book('4201', []),
      };
      const liquidator = createLiquidator({ store: createTickStore(t.handle.db, clock), liquidations: createLiquidationStore(t.handle.db), marketData: broken, clock });
      const run = await liquidator.liquidate({ botId, requestedBy: { type: 'user', id: userId }, reason: 'test' });
      expect(run?.status).toBe('partial');
      expect(run?.results.map((r) => [r.tokenId, r.status, r.code, r.remainingSharesMicros])).toEqual([
        ['4101', 'not_sold', 'market_closed', 100_000_000],
        ['4102', 'not_sold', 'market_closed', 50_000_000],
        ['4201', 'not_sold', 'empty_book', 200_000_000],
      ]);
      expect(run?.liquidationPnlMicros).toBe(0);
    });
  });
}
