/**
 * "Close all positions" of a live bot against the local exchange over HTTP with the official client:
 * the bot's holding (bought by a real live tick) is sold through the live order path — signed,
 * committed `submitting` with purpose `liquidation`, posted once, verified and matched by the
 * exchange, recorded as a trade of kind `liquidation` — and a thin book sells what it can and
 * reports the rest.
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { createBotQueryStore, createBotStore, createLiquidationStore, createTickStore, schema } from '@polymancer/db';
import { createPolymarketMarketData } from '@polymancer/polymarket';
import { OrderType, Side } from '@polymarket/clob-client-v2';
import { and, eq } from 'drizzle-orm';
import { privateKeyToAccount } from 'viem/accounts';
import { testEngines } from '../../../test/databases.ts';
import { createBotQueries, createLiquidator, type LiveDeps, reconcileLiveOrders, runTick } from '../src/index.ts';
import { admin, fundedEoa, liveBot, type LiveHarness, market, restingSell, simWallet, startLive, TEST_KEYS, trader } from './live-harness.ts';

for (const engine of testEngines()) {
  describe(`live liquidation against the local exchange (${engine})`, () => {
    let h: LiveHarness;
    const botKey = TEST_KEYS[1]!;
    const botAddress = privateKeyToAccount(botKey).address;

    beforeAll(async () => {
      h = await startLive(engine);
      await fundedEoa(h, 'usr_liq', botKey, '1000000000', 'cred_eoa');
    }, 60_000);
    afterAll(async () => {
      await h.stop();
    }, 60_000);

    const marketData = () => createPolymarketMarketData({ clobUrl: h.sim.url, gammaUrl: `${h.sim.url}/gamma`, synthetic: true });
    const liquidator = (live: Partial<LiveDeps> = {}) =>
      createLiquidator({ store: createTickStore(h.db, h.clock), liquidations: createLiquidationStore(h.db), marketData: marketData(), clock: h.clock, live: h.deps(live).live });
    const stop = (botId: string) => h.db.update(schema.bots).set({ status: 'paused', emergencyStopped: true, emergencyStoppedAt: h.clock.now(), emergencyStoppedReason: 'close all positions: test' }).where(eq(schema.bots.id, botId));

    /** A live bot that bought 20 YES at 0.50 through a live tick; a bidder to sell into. */
    async function holdingBot() {
      const m = await market(h.sim, 'binary');
      const seller = await trader(h.sim, TEST_KEYS[2]!);
      await restingSell(h.sim, seller, m.yes, 0.5, 500);
      const botId = await liveBot(h, 'usr_liq', m.conditionId, [m.yes]);
      h.strategy.queue.push({ kind: 'trade', side: 'buy', tokenId: m.yes, amountMicros: 10_000_000, limitPriceMicros: 600_000, confidencePerMille: 900, reasoning: 'buy' });
      expect(await runTick(h.deps(), { botId, tickKey: 't1' }, h.clock.now())).toMatchObject({ liveOrder: { status: 'matched' } });
      const bidder = await trader(h.sim, TEST_KEYS[3]!);
      await admin(h.sim, `/_sim/wallets/${bidder.address}`, { collateral: '1000000000', tokens: {} });
      const bid = async (price: number, size: number): Promise<string> => {
        const res = await bidder.client.createAndPostOrder({ tokenID: m.yes, price, size, side: Side.BUY }, { tickSize: '0.01', negRisk: false }, OrderType.GTC);
        if (!res.success) throw new Error(`bid refused: ${JSON.stringify(res)}`);
        return res.orderID as string;
      };
      await stop(botId);
      return { m, botId, bid, cancel: (orderID: string) => bidder.client.cancelOrder({ orderID }) };
    }

    test('sells the live holding with an order the exchange verified and matched; trade kind liquidation; P&L apart', async () => {
      const { m, botId, bid } = await holdingBot();
      await bid(0.45, 12);
      await bid(0.44, 100);
      const before = await simWallet(h.sim, botAddress);
      expect(before.tokens[m.yes]).toBe('20000000');

      const run = await liquidator().liquidate({ botId, requestedBy: { type: 'user', id: 'usr_liq' }, reason: 'get me out' });
      expect(run).toMatchObject({ type: 'live', status: 'completed' });
      const [result] = run!.results;
      expect(result).toMatchObject({ tokenId: m.yes, status: 'sold', heldSharesMicros: 20_000_000, soldSharesMicros: 20_000_000, remainingSharesMicros: 0, averagePriceMicros: 446_000 });

      const orders = await h.db.select().from(schema.liveOrders).where(and(eq(schema.liveOrders.botId, botId), eq(schema.liveOrders.side, 'sell')));
      expect(orders).toHaveLength(1);
      const order = orders[0]!;
      // 12 × 0.45 + 8 × 0.44 = 8.92
      expect(order).toMatchObject({ purpose: 'liquidation', status: 'matched', orderType: 'FOK', settledBy: 'post', postAttempts: 1, filledSharesMicros: 20_000_000, filledNotionalMicros: 8_920_000, limitPriceMicros: 440_000, id: result!.orderId });
      expect(order.orderHash).toMatch(/^0x[0-9a-f]{64}$/);
      const sale = (await h.db.select().from(schema.tradeLogs).where(and(eq(schema.tradeLogs.botId, botId), eq(schema.tradeLogs.kind, 'liquidation'))))[0];
      expect(sale).toMatchObject({ type: 'live', status: 'executed', side: 'sell', sharesMicros: 20_000_000, amountMicros: 8_920_000, orderId: order.orderHash, id: result!.tradeId });
      expect(sale?.transactionHash).toMatch(/^0x/);

      // The exchange's ledger: the tokens left the wallet and the proceeds (net of the fee it took) arrived.
      const after = await simWallet(h.sim, botAddress);
      expect(after.tokens[m.yes] ?? '0').toBe('0');
      expect(Number(after.collateral) - Number(before.collateral)).toBe(result!.proceedsMicros);
      expect(result!.proceedsMicros).toBe(8_920_000 - (sale?.feeMicros ?? 0));

      // Liquidation P&L is reported apart from the trading P&L (the buy realized nothing).
      const queries = createBotQueries({ bots: createBotStore(h.db), queries: createBotQueryStore(h.db), ticks: createTickStore(h.db, h.clock), clock: h.clock });
      const pnl = await queries.pnlSummary('usr_liq', botId);
      expect(pnl.liquidationPnlMicros).toBe(run!.liquidationPnlMicros);
      expect(pnl.liquidationPnlMicros).toBe(sale?.realizedPnlMicros ?? -1);
      expect(pnl.liquidationPnlMicros).toBeLessThan(0); // bought at 0.50, sold at 0.446 on average
      expect(pnl.tradingRealizedPnlMicros).toBe(0);
      expect(pnl.executedTrades).toBe(1);
      expect(pnl.liquidationSales).toBe(1);
      for (const key of h.accounts.handedOut) expect(key.every((b) => b === 0)).toBe(true);
    });

    test('a thin book: the visible bids are sold, the rest reported still held; a later run sells it', async () => {
      const { m, botId, bid } = await holdingBot();
      await bid(0.45, 8);
      const run = await liquidator().liquidate({ botId, requestedBy: { type: 'operator', id: 'usr_op' }, reason: 'thin' });
      expect(run).toMatchObject({ status: 'partial' });
      expect(run!.results[0]).toMatchObject({ status: 'partially_sold', soldSharesMicros: 8_000_000, remainingSharesMicros: 12_000_000, code: 'book_too_thin' });
      expect((await simWallet(h.sim, botAddress)).tokens[m.yes]).toBe('12000000');

      // Nothing left to sell into: reported, not sold, nothing posted.
      const none = await liquidator().liquidate({ botId, requestedBy: { type: 'operator', id: 'usr_op' }, reason: 'again' });
      expect(none!.results[0]).toMatchObject({ status: 'not_sold', code: 'empty_book', remainingSharesMicros: 12_000_000, orderId: null });

      await bid(0.43, 50);
      const rest = await liquidator().liquidate({ botId, requestedBy: { type: 'operator', id: 'usr_op' }, reason: 'rest' });
      expect(rest).toMatchObject({ status: 'completed' });
      expect(rest!.results[0]).toMatchObject({ status: 'sold', soldSharesMicros: 12_000_000, remainingSharesMicros: 0 });
      expect((await simWallet(h.sim, botAddress)).tokens[m.yes] ?? '0').toBe('0');
      const sells = await h.db.select().from(schema.liveOrders).where(and(eq(schema.liveOrders.botId, botId), eq(schema.liveOrders.purpose, 'liquidation')));
      expect(sells.map((o) => o.status)).toEqual(['matched', 'matched']);
      expect(await createLiquidationStore(h.db).listForBot(botId, 10)).toHaveLength(3);
    });

    test('the bid leaves between the plan and the post: the exchange refuses the FOK, reported not sold, nothing crashes', async () => {
      const { m, botId, bid, cancel } = await holdingBot();
      const resting = await bid(0.45, 50);
      const run = await liquidator({ faultHook: async (point) => { if (point === 'after_submitting') await cancel(resting); } }).liquidate({ botId, requestedBy: { type: 'user', id: 'usr_liq' }, reason: 'refused' });
      expect(run).toMatchObject({ status: 'partial', liquidationPnlMicros: 0 });
      expect(run!.results[0]).toMatchObject({ status: 'not_sold', code: 'fok_not_filled', remainingSharesMicros: 20_000_000 });
      const [order] = await h.db.select().from(schema.liveOrders).where(and(eq(schema.liveOrders.botId, botId), eq(schema.liveOrders.purpose, 'liquidation')));
      expect(order).toMatchObject({ status: 'rejected', rejectionCode: 'fok_not_filled' });
      expect((await simWallet(h.sim, botAddress)).tokens[m.yes]).toBe('20000000');
    });

    test('a crash after the post and before recording: reconciliation records the matched sale as a liquidation, once', async () => {
      const { m, botId, bid } = await holdingBot();
      await bid(0.45, 50);
      const crashing = liquidator({ faultHook: (point) => { if (point === 'before_record') throw new Error('killed before recording'); } });
      await expect(crashing.liquidate({ botId, requestedBy: { type: 'user', id: 'usr_liq' }, reason: 'crash' })).rejects.toThrow('killed before recording');
      const pending = await h.db.select().from(schema.liveOrders).where(and(eq(schema.liveOrders.botId, botId), eq(schema.liveOrders.purpose, 'liquidation')));
      expect(pending.map((o) => o.status)).toEqual(['submitting']);
      // The exchange matched it; only asking the exchange settles it — never a second post.
      expect((await simWallet(h.sim, botAddress)).tokens[m.yes] ?? '0').toBe('0');
      const counts = await reconcileLiveOrders({ store: createTickStore(h.db, h.clock), clock: h.clock, marketData: marketData() }, h.deps().live, h.clock.now());
      expect(counts.matched).toBe(1);
      const sales = await h.db.select().from(schema.tradeLogs).where(and(eq(schema.tradeLogs.botId, botId), eq(schema.tradeLogs.kind, 'liquidation')));
      expect(sales).toHaveLength(1);
      expect(sales[0]).toMatchObject({ status: 'executed', sharesMicros: 20_000_000, amountMicros: 9_000_000 });
      const orders = await h.db.select().from(schema.liveOrders).where(and(eq(schema.liveOrders.botId, botId), eq(schema.liveOrders.purpose, 'liquidation')));
      expect(orders.map((o) => [o.status, o.settledBy])).toEqual([['matched', 'reconciliation']]);
      // The bot's liquidation P&L counts it; its trading P&L does not.
      const queries = createBotQueries({ bots: createBotStore(h.db), queries: createBotQueryStore(h.db), ticks: createTickStore(h.db, h.clock), clock: h.clock });
      const pnl = await queries.pnlSummary('usr_liq', botId);
      expect(pnl.liquidationPnlMicros).toBe(sales[0]!.realizedPnlMicros!);
      expect(pnl.tradingRealizedPnlMicros).toBe(0);

      // The run's row was left `running` by the crash: the recovery sweep closes it with the sale reconciliation recorded.
      const [left] = await createLiquidationStore(h.db).listForBot(botId, 1);
      expect(left).toMatchObject({ status: 'running' });
      expect(await liquidator().recoverInterrupted(left!.startedAt)).toEqual([]); // not older than itself
      const [closed] = await liquidator().recoverInterrupted(new Date(h.clock.now().getTime() + 1));
      expect(closed).toMatchObject({ id: left!.id, status: 'interrupted', proceedsMicros: 9_000_000 - sales[0]!.feeMicros!, liquidationPnlMicros: sales[0]!.realizedPnlMicros! });
      expect(closed!.results).toEqual([
        expect.objectContaining({ tokenId: m.yes, status: 'sold', soldSharesMicros: 20_000_000, remainingSharesMicros: 0, averagePriceMicros: 450_000, tradeId: sales[0]!.id, orderId: orders[0]!.id, code: null }),
      ]);
    });

    test('a sale whose answer was lost: the run reports it unknown, and once reconciliation settles it the run is rewritten as sold', async () => {
      const { m, botId, bid } = await holdingBot();
      await bid(0.45, 50);
      const venue = h.deps().live.venue;
      // The exchange matches the order; its answer never arrives (a dropped connection after the post).
      const lost = liquidator({ venue: { ...venue, post: async (...args: Parameters<typeof venue.post>) => { await venue.post(...args); return { kind: 'unknown' as const, reason: 'connection dropped (test)', httpStatus: null }; } } });
      const run = await lost.liquidate({ botId, requestedBy: { type: 'user', id: 'usr_liq' }, reason: 'lost answer' });
      expect(run).toMatchObject({ status: 'partial', proceedsMicros: 0 });
      expect(run!.results).toEqual([expect.objectContaining({ tokenId: m.yes, status: 'not_sold', code: 'live_order_outcome_unknown' })]);
      // Not settled yet: nothing to rewrite.
      expect(await liquidator().settleAwaitedSales()).toEqual([]);

      expect((await reconcileLiveOrders({ store: createTickStore(h.db, h.clock), clock: h.clock, marketData: marketData() }, h.deps().live, h.clock.now())).matched).toBe(1);
      const [sale] = await h.db.select().from(schema.tradeLogs).where(and(eq(schema.tradeLogs.botId, botId), eq(schema.tradeLogs.kind, 'liquidation')));
      const [settled] = await liquidator().settleAwaitedSales();
      expect(settled).toMatchObject({ id: run!.id, status: 'completed', proceedsMicros: 9_000_000 - sale!.feeMicros!, liquidationPnlMicros: sale!.realizedPnlMicros! });
      expect(settled!.results).toEqual([
        expect.objectContaining({ tokenId: m.yes, status: 'sold', soldSharesMicros: 20_000_000, remainingSharesMicros: 0, averagePriceMicros: 450_000, tradeId: sale!.id, code: null }),
      ]);
      expect(await liquidator().settleAwaitedSales()).toEqual([]);
    });

    test('a run that died with its sale still at the exchange is closed as interrupted, the sale reported as outcome unknown', async () => {
      const { m, botId, bid } = await holdingBot();
      await bid(0.45, 50);
      const crashing = liquidator({ faultHook: (point) => { if (point === 'before_record') throw new Error('killed before recording'); } });
      await expect(crashing.liquidate({ botId, requestedBy: { type: 'user', id: 'usr_liq' }, reason: 'crash' })).rejects.toThrow('killed before recording');
      const [order] = await h.db.select().from(schema.liveOrders).where(and(eq(schema.liveOrders.botId, botId), eq(schema.liveOrders.purpose, 'liquidation')));
      const [closed] = await liquidator().recoverInterrupted(new Date(h.clock.now().getTime() + 1));
      expect(closed).toMatchObject({ botId, status: 'interrupted', proceedsMicros: 0 });
      expect(closed!.results).toEqual([
        expect.objectContaining({ tokenId: m.yes, status: 'not_sold', code: 'live_order_outcome_unknown', orderId: order!.id, remainingSharesMicros: 20_000_000 }),
      ]);
      // Settled by reconciliation afterwards, never posted again.
      expect((await reconcileLiveOrders({ store: createTickStore(h.db, h.clock), clock: h.clock, marketData: marketData() }, h.deps().live, h.clock.now())).matched).toBe(1);
    });
  });
}
